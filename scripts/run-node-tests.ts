/**
 * Runs node's test runner over every file with the given suffix (Node 20 has no glob support in
 * `node --test`). Usage: tsx scripts/run-node-tests.ts .test.ts [--concurrency 1]
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const SKIP = new Set(["node_modules", ".next", ".git", "test-results", "playwright-report", "e2e"]);

function findFiles(dir: string, suffix: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, suffix, out);
    else if (entry.name.endsWith(suffix)) out.push(path.relative(process.cwd(), full));
  }
  return out.sort();
}

const [suffix, ...rest] = process.argv.slice(2);
if (!suffix) {
  console.error("usage: run-node-tests.ts <suffix> [--concurrency N] [--only substring]");
  process.exit(2);
}
const concurrency = rest.includes("--concurrency") ? rest[rest.indexOf("--concurrency") + 1] : undefined;
const only = rest.includes("--only") ? rest[rest.indexOf("--only") + 1] : undefined;
const files = findFiles(process.cwd(), suffix).filter((f) => !only || f.includes(only));
if (files.length === 0) {
  console.error(`no ${suffix} files found`);
  process.exit(1);
}
// Collectors run their cycles, and canaries their probes, in worker threads started from these bundles: build them from the current source.
if (suffix === ".integ.ts") {
  const built = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-collector-worker.ts"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const args = [
  "--conditions=react-server", // lets modules that `import "server-only"` load outside Next.js
  "--import",
  "tsx",
  // Every verdict reaches the runner before a forced exit (see the file).
  "--import",
  path.join(__dirname, "blocking-stdout.ts"),
  "--test",
  "--test-reporter=spec",
  // A file whose tests have all finished must not hang the run on a handle someone left open (seen
  // once on CI-like runs: a MessagePort kept an integration file alive after its last test), and no
  // single test may hold the run longer than this.
  "--test-force-exit",
  `--test-timeout=${suffix === ".integ.ts" ? 10 * 60_000 : 2 * 60_000}`,
  ...(concurrency ? [`--test-concurrency=${concurrency}`] : []),
  ...files,
];
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(result.status ?? 1);
