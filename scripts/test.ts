/**
 * `npm test`: every tier, in order — typecheck, lint, unit tests, production build, then the
 * integration and browser tests once per nats-server binary. Binaries: $NATS_SERVER_BINS
 * (comma-separated), else $NATS_SERVER_BIN, else every known one that is installed (Debian's
 * 2.9.10 and the `go install`ed lines under ~/.cache/jetstream-watch/nats/). Ends with one line
 * "tests: N passed, M failed".
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const ESLINT = path.join(ROOT, "node_modules/eslint/bin/eslint.js");
const PLAYWRIGHT = path.join(ROOT, "node_modules/@playwright/test/cli.js");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

function knownServerBins(): string[] {
  if (process.env.NATS_SERVER_BINS) return process.env.NATS_SERVER_BINS.split(",").map((s) => s.trim()).filter(Boolean);
  if (process.env.NATS_SERVER_BIN) return [process.env.NATS_SERVER_BIN];
  const bins: string[] = [];
  if (existsSync("/usr/sbin/nats-server")) bins.push("/usr/sbin/nats-server");
  const cache = path.join(homedir(), ".cache/jetstream-watch/nats");
  // Oldest and newest only by default; `npm run test:matrix` covers every cached line.
  const cached = existsSync(cache) ? readdirSync(cache).filter((v) => existsSync(path.join(cache, v, "nats-server"))) : [];
  const newest = cached.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1);
  if (newest) bins.push(path.join(cache, newest, "nats-server"));
  return bins;
}

interface StepResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  seconds: number;
}

/** Runs a command, streaming its output, and counts the tests it reports (node:test and Playwright formats). */
function run(name: string, args: string[], env: Record<string, string> = {}): Promise<StepResult> {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer, out: NodeJS.WriteStream) => {
      output += chunk.toString();
      out.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => collect(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => collect(c, process.stderr));
    child.on("close", (code) => {
      const count = (re: RegExp) => [...output.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
      const passed = count(/^ℹ pass (\d+)$/gm) + count(/^\s+(\d+) passed \(/gm);
      const failed = count(/^ℹ fail (\d+)$/gm) + count(/^\s+(\d+) failed$/gm);
      resolve({ name, ok: code === 0, passed, failed: code === 0 ? failed : Math.max(failed, 1), seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

async function main() {
  const bins = knownServerBins();
  if (bins.length === 0) {
    console.error("no nats-server found: apt-get install nats-server, or set NATS_SERVER_BIN (see README)");
    process.exit(1);
  }
  const results: StepResult[] = [];
  results.push(await run("typecheck", [TSC, "--noEmit"]));
  results.push(await run("lint", [ESLINT, "."]));
  results.push(await run("unit tests", [TSX, "scripts/run-node-tests.ts", ".test.ts"]));
  const build = await run("build", [NEXT, "build"]);
  results.push(build);
  for (const bin of bins) {
    const env = { NATS_SERVER_BIN: bin };
    results.push(await run(`integration tests (${bin})`, [TSX, "scripts/run-node-tests.ts", ".integ.ts", "--concurrency", "1"], env));
    if (build.ok) results.push(await run(`browser tests (${bin})`, [PLAYWRIGHT, "test"], env));
  }
  console.log("\n=== summary");
  for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds} s)${r.passed + r.failed ? `: ${r.passed} passed, ${r.failed} failed` : ""}`);
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

void main();
