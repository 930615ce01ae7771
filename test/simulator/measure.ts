/**
 * What the simulator itself costs per poll: starts it as a child process, polls every node with
 * the dashboard's request set (lib/sources/http-monitor MONITOR_ENDPOINTS) at the poll interval,
 * reads the bodies without parsing them, and reports the child's CPU and memory per poll.
 *
 *   node --conditions=react-server --import tsx test/simulator/measure.ts --nodes 5 --streams 10000 --consumers-per-stream 3
 *
 * Every simulator option is passed through; besides: --polls N (default 10), --poll-ms N (default 2000).
 */
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { endpointUrl, MONITOR_ENDPOINTS } from "../../lib/sources/http-monitor";
import { cpuPercentBetween, sampleProcessTree } from "../../scripts/bench/proc";
import { formatBytes, row, summaryTable } from "../../scripts/bench/stats";
import { startSimulatorProcess } from "./run";

function fetchBytes(url: URL, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve(bytes));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

async function main(): Promise<void> {
  const { values, tokens } = parseArgs({
    args: process.argv.slice(2),
    options: { polls: { type: "string", default: "10" }, "poll-ms": { type: "string", default: "2000" } },
    strict: false,
    tokens: true,
  });
  const polls = Number(values.polls);
  const pollMs = Number(values["poll-ms"]);
  // Everything else goes to the simulator as given.
  const own = new Set(["polls", "poll-ms"]);
  const passThrough = tokens.flatMap((token) =>
    token.kind === "option" && !own.has(token.name) ? [token.rawName, ...(token.value === undefined ? [] : [token.value])] : token.kind === "positional" ? [token.value] : [],
  );
  const simulator = await startSimulatorProcess(passThrough, (line) => console.log(line));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const cpuMs: number[] = [];
    const wallMs: number[] = [];
    const bytes: number[] = [];
    const rss: number[] = [];
    for (let poll = 0; poll <= polls; poll++) {
      const before = sampleProcessTree(simulator.pid);
      const started = performance.now();
      const sizes = await Promise.all(
        simulator.urls.flatMap((base) => Object.values(MONITOR_ENDPOINTS).map((spec) => fetchBytes(endpointUrl(base, spec.path), agent))),
      );
      const wall = performance.now() - started;
      // The last bytes of an answer leave the simulator's socket buffer a little after it wrote them.
      await sleep(50);
      const after = sampleProcessTree(simulator.pid);
      const label = poll === 0 ? "first poll (prints every entity)" : `poll ${poll}`;
      const cpu = (cpuPercentBetween(before, after) * (after.atMs - before.atMs)) / 100;
      console.log(`${label}: ${formatBytes(sizes.reduce((a, b) => a + b, 0))}, wall ${Math.round(wall)} ms, simulator CPU ${Math.round(cpu)} ms, RSS ${formatBytes(after.rssBytes)}`);
      if (poll > 0) {
        cpuMs.push(cpu);
        wallMs.push(wall);
        bytes.push(sizes.reduce((a, b) => a + b, 0));
        rss.push(after.rssBytes);
      }
      await sleep(Math.max(0, pollMs - wall - 50));
    }
    const stats = (await simulator.control({ stats: true })).stats as { requests: number; bytes: number; renderCpuMs: number };
    console.log(
      summaryTable([
        row("simulator CPU per poll (its process, kernel included)", "ms", cpuMs),
        row("poll wall time (all nodes and endpoints in parallel)", "ms", wallMs),
        row("bytes per poll", "bytes", bytes),
        row("simulator RSS", "bytes", rss),
      ]),
    );
    console.log(`answers ${stats.requests}, ${formatBytes(stats.bytes)}, of which building them (state and prints) took ${stats.renderCpuMs} ms CPU in total`);
  } finally {
    agent.destroy();
    await simulator.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
