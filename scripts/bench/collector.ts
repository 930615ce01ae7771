/**
 * The production collector's cycle, in this process: poll every node through the nginx proxies,
 * validate, merge by leader truth, derive rates — `ClusterCollector.collectOnce()`.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { ClusterConfig } from "../../lib/sources/config";
import { CYCLE_STEPS, type CycleSteps } from "../../lib/collector/cycle";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";
import type { FloorProbe } from "./floor";
import { cpuMsSince, row, type Row } from "./stats";
import { measureVolatility, type Volatility } from "./volatility";

const RECENT_SAMPLES = 450;
const SETTLE_TIMEOUT_MS = 180_000;


/** Endpoint fetches of this cycle that failed, as "n2 jsz: timeout: …". */
export function failedEndpoints(snapshot: ClusterSnapshot): string[] {
  return snapshot.nodes.flatMap((node) =>
    Object.entries(node.endpoints).flatMap(([endpoint, outcome]) =>
      outcome.ok ? [] : [`${node.name} ${endpoint}: ${outcome.kind ?? "failed"}: ${outcome.message ?? ""}`],
    ),
  );
}

function leaderlessStreams(snapshot: ClusterSnapshot): number {
  return snapshot.streams.filter((stream) => stream.truth !== "leader").length;
}

/**
 * Right after creation some assets are still electing leaders; wait until the collector sees
 * every stream with a leader, so the measured cycles are of a settled cluster.
 */
export async function waitUntilSettled(config: ClusterConfig, expectedStreams: number, log: (line: string) => void): Promise<void> {
  const collector = new ClusterCollector(config, 1000, RECENT_SAMPLES);
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = "";
  try {
    while (Date.now() < deadline) {
      const snapshot = await collector.collectOnce();
      const leaderless = leaderlessStreams(snapshot);
      last = `${snapshot.totals.streams} streams seen, ${leaderless} without a reachable leader, ${failedEndpoints(snapshot).length} failed fetches`;
      if (snapshot.totals.streams >= expectedStreams && leaderless === 0 && failedEndpoints(snapshot).length === 0) {
        log(`settled: ${last}`);
        return;
      }
      await sleep(2000);
    }
    log(`not settled after ${SETTLE_TIMEOUT_MS / 1000} s (${last}); measuring anyway`);
  } finally {
    collector.stop();
  }
}

export interface CollectorResult {
  wallMs: number[];
  /** CPU of the whole process, every thread (the collector's worker included). */
  cpuMs: number[];
  /** The floor's CPU (fetch + parse of the same request set), measured in turns with the cycles: one before each. */
  floorBesideCpuMs: number[];
  /** Time the main thread (the one serving HTTP in production) was busy during the cycle. */
  mainThreadMs: number[];
  /** Time the fetch-validate-merge part kept its own thread busy (the worker, or the main thread when inline). */
  builderBusyMs: number[];
  /** Where that part ran. */
  runner: string;
  /** That thread's V8 heap in use after each cycle (the worker's own, beside the process's main heap). */
  builderHeapBytes: number[];
  /** Of its busy time, each step's (lib/collector/cycle.ts), per cycle. */
  stepsMs: CycleSteps[];
  /** The collector's own `cycleMs` (fetch to merged snapshot, as the server reports it). */
  cycleMs: number[];
  snapshotBytes: number[];
  stringifyMs: number[];
  failures: string[];
  streams: number;
  consumers: number;
  status: string;
  /** What changed between two consecutive cycles (no traffic runs during them), preferably both without failed fetches. */
  volatility: Volatility | null;
  /** Set when no such clean pair existed and the comparison includes the effects of failed fetches. */
  volatilityCaveat: string | null;
}

export async function measureCollector(config: ClusterConfig, reps: number, pollIntervalMs: number, floor?: FloorProbe): Promise<CollectorResult> {
  const collector = new ClusterCollector(config, pollIntervalMs, RECENT_SAMPLES);
  const result: CollectorResult = { wallMs: [], cpuMs: [], floorBesideCpuMs: [], mainThreadMs: [], builderBusyMs: [], runner: "?", builderHeapBytes: [], stepsMs: [], cycleMs: [], snapshotBytes: [], stringifyMs: [], failures: [], streams: 0, consumers: 0, status: "", volatility: null, volatilityCaveat: null };
  // A failed fetch makes assets "leader unreachable" for a cycle, which is churn of another kind.
  let previous: ClusterSnapshot | null = null;
  let lastPair: [ClusterSnapshot, ClusterSnapshot] | null = null;
  let lastCleanPair: [ClusterSnapshot, ClusterSnapshot] | null = null;
  try {
    for (let rep = 0; rep <= reps; rep++) {
      const floorCpuMs = floor ? await floor.once() : null;
      // A poll interval for the upstream to be done with the floor's answers: at 10 000 simulated
      // streams the simulator is still busy with them for seconds, and the cycle's fetches would
      // time out on its account.
      if (floor) await sleep(pollIntervalMs);
      const cpuStart = process.cpuUsage();
      const eluStart = performance.eventLoopUtilization();
      const started = performance.now();
      const snapshot = await collector.collectOnce();
      const wallMs = performance.now() - started;
      const cpuMs = cpuMsSince(cpuStart);
      const mainThreadMs = performance.eventLoopUtilization(eluStart).active;
      const stringifyStarted = performance.now();
      const json = JSON.stringify(snapshot);
      const stringifyMs = performance.now() - stringifyStarted;
      if (rep === 0) continue; // warm-up; also gives the next cycles a previous snapshot for rates
      result.wallMs.push(wallMs);
      result.cpuMs.push(cpuMs);
      if (floorCpuMs !== null) result.floorBesideCpuMs.push(floorCpuMs);
      result.mainThreadMs.push(mainThreadMs);
      const info = collector.lastCycleInfo();
      if (info) {
        result.builderBusyMs.push(info.builderBusyMs);
        result.builderHeapBytes.push(info.heapBytes);
        result.stepsMs.push(info.stepsMs);
        result.runner = info.runner;
      }
      result.cycleMs.push(snapshot.cycleMs);
      result.snapshotBytes.push(Buffer.byteLength(json));
      result.stringifyMs.push(stringifyMs);
      result.failures.push(...failedEndpoints(snapshot));
      result.streams = snapshot.totals.streams;
      result.consumers = snapshot.consumers.length;
      result.status = snapshot.status;
      if (previous) {
        lastPair = [previous, snapshot];
        if (!failedEndpoints(previous).length && !failedEndpoints(snapshot).length) lastCleanPair = lastPair;
      }
      previous = snapshot;
      // Spaced like real polls would be, so rates are computed over a realistic interval.
      await sleep(Math.max(0, pollIntervalMs - wallMs));
    }
    const pair = lastCleanPair ?? lastPair;
    if (pair) result.volatility = measureVolatility(...pair);
    if (pair && !lastCleanPair) result.volatilityCaveat = "every pair of consecutive cycles had a failed fetch; the churn below includes its effects";
  } finally {
    collector.stop();
  }
  return result;
}

export function collectorRows(result: CollectorResult): Row[] {
  const note = result.failures.length ? `${result.failures.length} failed fetches` : undefined;
  return [
    row("collectOnce(): wall", "ms", result.wallMs, { note }),
    row("collectOnce(): CPU, all threads", "ms", result.cpuMs),
    ...(result.floorBesideCpuMs.length ? [row("floor in turns with the cycles: CPU", "ms", result.floorBesideCpuMs)] : []),
    row("collectOnce(): main thread busy", "ms", result.mainThreadMs),
    row(`fetch+validate+merge busy (${result.runner})`, "ms", result.builderBusyMs),
    ...CYCLE_STEPS.map((step) => row(`  of which ${step}`, "ms", result.stepsMs.map((steps) => steps[step]))),
    row(`heap in use after the cycle (${result.runner})`, "bytes", result.builderHeapBytes),
    row("snapshot.cycleMs", "ms", result.cycleMs),
    row("snapshot JSON size", "bytes", result.snapshotBytes),
    row("JSON.stringify(snapshot)", "ms", result.stringifyMs),
  ];
}
