/**
 * A real nats-server whose wall clock runs ahead: the clock-skew test needs one node that believes
 * it is later than it is, as a VM without time synchronisation does.
 *
 * What was tried on this machine (Linux 6.18, Debian 12), and why this builds a server instead:
 * - libfaketime (`faketime -f +3s`): moves `date` by 3 s, but not nats-server — Go reads the
 *   clock through the kernel's vDSO itself, never through the libc calls libfaketime replaces;
 * - a time namespace (`unshare --time --monotonic 3 --boottime 3`): offsets only CLOCK_MONOTONIC
 *   and CLOCK_BOOTTIME (Linux has no per-namespace CLOCK_REALTIME), so varz `now` is unchanged.
 * So the offset goes where libfaketime would have put it, one layer down: nats-server is built
 * with `go install -overlay`, which adds `JSW_CLOCK_OFFSET_S` seconds to what Go's time.Now reads.
 * The server is otherwise the release as published; everything it stamps with the wall clock
 * (varz `now`, the system account's replies, advisories, message times) is ahead, its timers and
 * elections keep the monotonic clock, as on a real host whose clock is off. Without the variable
 * it is the plain release.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { CURRENT_NATS_SERVER, projectCacheDir } from "../../scripts/provision";

const run = promisify(execFile);
const GO_FALLBACK = "/usr/local/go/bin/go";
/** The line of Go's time.Now that reads the clock; the offset is added right after it. */
const NOW_READ = "sec, nsec, mono := runtimeNow()";
export const CLOCK_OFFSET_ENV = "JSW_CLOCK_OFFSET_S";

const OFFSET_FILE = `package time

import "syscall"

// Seconds this process's wall clock reads ahead (negative: behind), from ${CLOCK_OFFSET_ENV}.
var clockOffsetSec = func() int64 {
	text, _ := syscall.Getenv("${CLOCK_OFFSET_ENV}")
	var n int64
	negative := false
	for i, c := range text {
		if i == 0 && c == '-' {
			negative = true
			continue
		}
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	if negative {
		return -n
	}
	return n
}()
`;

/** nats-server `version` built to honour JSW_CLOCK_OFFSET_S, from the project's cache or built there (about a minute). */
export async function clockOffsetNatsServer(version = CURRENT_NATS_SERVER, log: (line: string) => void = console.log): Promise<string> {
  // Not under <cache>/nats/, where the provisioning would take it for a release to run.
  const dir = path.join(projectCacheDir(), "nats-clock-offset", version);
  const target = path.join(dir, "nats-server");
  if (existsSync(target)) return target;
  const go = existsSync(GO_FALLBACK) ? GO_FALLBACK : "go";
  const goroot = (await run(go, ["env", "GOROOT"])).stdout.trim();
  const original = await readFile(path.join(goroot, "src/time/time.go"), "utf8");
  const at = original.indexOf(`func Now() Time {\n\t${NOW_READ}\n`);
  if (at < 0) throw new Error(`Go's time.Now in ${goroot} no longer reads the clock with "${NOW_READ}": the overlay needs updating`);
  const patched = original.replace(`\t${NOW_READ}\n`, `\t${NOW_READ}\n\tsec += clockOffsetSec\n`);
  await mkdir(path.dirname(dir), { recursive: true });
  const scratch = await mkdtemp(path.join(path.dirname(dir), `.build-${version}-`));
  try {
    await writeFile(path.join(scratch, "time.go"), patched);
    await writeFile(path.join(scratch, "clock_offset.go"), OFFSET_FILE);
    const overlay = { Replace: { [path.join(goroot, "src/time/time.go")]: path.join(scratch, "time.go"), [path.join(goroot, "src/time/clock_offset.go")]: path.join(scratch, "clock_offset.go") } };
    await writeFile(path.join(scratch, "overlay.json"), JSON.stringify(overlay));
    log(`building nats-server ${version} with a settable clock offset (go install -overlay, about a minute)…`);
    await run(go, ["install", "-overlay", path.join(scratch, "overlay.json"), `github.com/nats-io/nats-server/v2@v${version}`], {
      env: { ...process.env, GOBIN: scratch },
      maxBuffer: 16 << 20,
    });
    await mkdir(dir, { recursive: true });
    await rename(path.join(scratch, "nats-server"), target);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return target;
}
