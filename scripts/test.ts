/**
 * `npm test`: every tier, in order — typecheck, lint, unit tests, the production build, then the
 * integration tests once per nats-server line: Debian's (2.9.10, the oldest) and the current one
 * built with `go install`, and the browser tests on the last line. What differs between server
 * lines is what their answers hold, which the integration tier checks per line; the browser tier
 * renders the merged model, and running it twice took 13 of the suite's 27 minutes on 2 cores.
 * `--matrix` runs every line of MATRIX_NATS_SERVERS too, with the browser tier on each.
 * $NATS_SERVER_BINS (comma-separated) or $NATS_SERVER_BIN chooses the binaries instead.
 *
 * Before anything runs it gets what the tiers need, with the same code as the demo
 * (scripts/provision): found where installed, built into the project's cache, or installed from
 * Debian's packages when it runs as root (`JSW_NO_INSTALL=1`: only look). What it cannot get it
 * names per tier, with the commands to get it, and then it runs nothing.
 * Ends with one line "tests: N passed, M failed".
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describeMissing, MATRIX_NATS_SERVERS, CURRENT_NATS_SERVER, provisionNeeds, resultFor, type Need, type Provisioned } from "./provision";
import { isExecutable } from "./provision/machine";

const ROOT = path.resolve(__dirname, "..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const ESLINT = path.join(ROOT, "node_modules/eslint/bin/eslint.js");
const PLAYWRIGHT = path.join(ROOT, "node_modules/@playwright/test/cli.js");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** The nats-server lines the cluster tiers run against: explicit binaries, or lines to find or get. */
function serverLines(matrix: boolean): { explicit: string[] } | { lines: Need[] } {
  const explicit = process.env.NATS_SERVER_BINS ?? process.env.NATS_SERVER_BIN;
  if (explicit) return { explicit: explicit.split(",").map((s) => s.trim()).filter(Boolean) };
  const versions = matrix ? MATRIX_NATS_SERVERS : [CURRENT_NATS_SERVER];
  return { lines: [{ tool: "nats-server", line: "debian" }, ...versions.map((version): Need => ({ tool: "nats-server", line: { version } }))] };
}

const CLUSTER_TOOLS: Need[] = [{ tool: "nginx" }, { tool: "openssl" }];
const TIERS = {
  "integration tests": [...CLUSTER_TOOLS, { tool: "sqlite3" }, { tool: "systemd-analyze" }, { tool: "prometheus" }, { tool: "promtool" }, { tool: "postgres" }] as Need[],
  "browser tests": [...CLUSTER_TOOLS, { tool: "chromium" }] as Need[],
};

interface Prepared {
  bins: string[];
  chromium: string;
}

/** Gets what the cluster tiers need, or prints what is missing per tier and returns undefined. */
async function prepare(matrix: boolean): Promise<Prepared | undefined> {
  const servers = serverLines(matrix);
  const serverNeeds = "lines" in servers ? servers.lines : [];
  const results = await provisionNeeds([...serverNeeds, ...TIERS["integration tests"], ...TIERS["browser tests"]], { log: (line) => console.log(line) });
  const badExplicit = "explicit" in servers ? servers.explicit.filter((bin) => !isExecutable(bin)) : [];
  const missing = (needs: Need[]) => needs.map((need) => resultFor(results, need)).filter((r) => !r.path);
  const missingServers: Provisioned[] = missing(serverNeeds);
  const report = Object.entries(TIERS)
    .map(([tier, needs]) => [tier, [...missingServers, ...missing(needs)].map((r) => r.plan.label).concat(badExplicit)] as const)
    .filter(([, labels]) => labels.length > 0);
  if (report.length === 0) {
    const bins = "explicit" in servers ? servers.explicit : serverNeeds.map((need) => resultFor(results, need).path as string);
    return { bins, chromium: resultFor(results, { tool: "chromium" }).path as string };
  }
  const missingAll = results.filter((r) => !r.path);
  console.error(`
npm test cannot run every tier on this machine; nothing was run.
${report.map(([tier, labels]) => `  ${tier} need: ${labels.join(", ")}`).join("\n")}
${badExplicit.length ? `\nNATS_SERVER_BINS/NATS_SERVER_BIN names what is not an executable nats-server: ${badExplicit.join(", ")}\n` : ""}
${describeMissing(missingAll)}

Tiers that need nothing installed: npm run typecheck && npm run lint && npm run test:unit`);
  return undefined;
}

interface StepResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  seconds: number;
  /** What the tier printed about its failures, for the summary (CI shows only the end of the output). */
  failures: string[];
}

/**
 * The failing tests a tier named: node:test's spec reporter repeats them after "✖ failing tests:",
 * Playwright lists them after its counts ("  1) file:line › title"). Kept short: names and first
 * error lines, not whole stacks.
 */
export function failuresIn(output: string, max = 60): string[] {
  const lines = output.split("\n");
  const out: string[] = [];
  const start = lines.findIndex((l) => /^✖ failing tests:/.test(l));
  if (start >= 0) {
    const section = lines.slice(start + 1);
    section.forEach((line, i) => {
      if (!/^\s*✖ /.test(line)) return;
      if (i > 0 && /^test at /.test(section[i - 1])) out.push(section[i - 1]);
      out.push(line.trimEnd());
      // The error's message, without its stack.
      const following = section.slice(i + 1, i + 6).filter((l) => l.trim() !== "");
      const stack = following.findIndex((l) => /^\s+at /.test(l));
      out.push(...following.slice(0, stack < 0 ? 4 : Math.min(stack, 4)).map((l) => l.trimEnd()));
    });
  }
  for (const line of lines) if (/^\s+\d+\) .+›/.test(line)) out.push(line.trimEnd());
  return out.slice(0, max);
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
      resolve({ name, ok: code === 0, passed, failed: code === 0 ? failed : Math.max(failed, 1), seconds: Math.round((Date.now() - started) / 1000), failures: code === 0 ? [] : failuresIn(output) });
    });
  });
}

async function main() {
  const prepared = await prepare(process.argv.includes("--matrix"));
  if (!prepared) process.exit(1);
  const results: StepResult[] = [];
  results.push(await run("typecheck", [TSC, "--noEmit"]));
  results.push(await run("lint", [ESLINT, "."]));
  results.push(await run("unit tests", [TSX, "scripts/run-node-tests.ts", ".test.ts"]));
  const build = await run("build", [TSX, "scripts/build.ts"]);
  results.push(build);
  const matrix = process.argv.includes("--matrix");
  for (const [i, bin] of prepared.bins.entries()) {
    const env = { NATS_SERVER_BIN: bin, CHROMIUM_PATH: prepared.chromium };
    results.push(await run(`integration tests (${bin})`, [TSX, "scripts/run-node-tests.ts", ".integ.ts", "--concurrency", "1"], env));
    const browser = matrix || i === prepared.bins.length - 1;
    if (build.ok && browser) results.push(await run(`browser tests (${bin})`, [PLAYWRIGHT, "test"], env));
  }
  console.log("\n=== summary");
  for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds} s)${r.passed + r.failed ? `: ${r.passed} passed, ${r.failed} failed` : ""}`);
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  for (const r of results.filter((r) => !r.ok)) {
    console.log(`\n--- ${r.name}: what failed${r.failures.length ? "" : " (no test named: see its output above)"}`);
    for (const line of r.failures) console.log(line);
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

if (require.main === module) void main();
