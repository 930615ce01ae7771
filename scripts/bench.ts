/**
 * `npm run bench`: a real 3-node cluster with 1000 R3 streams × 3 consumers behind the nginx
 * proxies, then what the dashboard costs on it — the raw fetch floor, the collector's cycle
 * against natscli's reports, a Prometheus scrape, bytes per browser update, server memory and CPU,
 * page render times. Prints numbers, ending with issue 16's targets met or not (and writes
 * bench/results.md); asserts nothing. `npm run bench -- --help` lists the options.
 *
 * The collector's modules `import "server-only"`, which loads only under node's `react-server`
 * condition; when started without it (plain `tsx scripts/bench.ts`) this file runs itself again
 * as `node --conditions=react-server --import tsx scripts/bench.ts`.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const CONDITION = "--conditions=react-server";
const ROOT = path.resolve(__dirname, "..");

function hasReactServerCondition(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return flags.some((flag, index) => flag === CONDITION || (/^(-C|--conditions)$/.test(flag) && flags[index + 1] === "react-server"));
}

// Longer than the harness takes to clean up after a signal (test/harness/processes.ts).
const SIGINT_FORWARD_DELAY_MS = 4000;

/**
 * Runs this script again with the condition. A terminal's Ctrl-C reaches the child directly (same
 * process group) and an immediate second SIGINT would cut its cleanup short, so SIGINT is passed
 * on only if the child is still running a while later (it was sent to this process alone).
 */
function rerunWithCondition(): void {
  const child = spawn(process.execPath, [CONDITION, "--import", "tsx", __filename, ...process.argv.slice(2)], { cwd: ROOT, stdio: "inherit" });
  process.on("SIGINT", () => setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGINT"), SIGINT_FORWARD_DELAY_MS).unref());
  for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(): Promise<void> {
  const { parseBenchOptions, USAGE } = await import("./bench/options");
  const options = parseBenchOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const { runBench } = await import("./bench/main");
  process.exitCode = await runBench(options);
}

if (hasReactServerCondition()) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
} else {
  rerunWithCondition();
}
