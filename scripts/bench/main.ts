/**
 * The benchmark run, in order: a real cluster with N R3 streams × K consumers behind the nginx
 * proxies, or the simulator (--simulate); the floor (raw fetch + parse of a poll's request set,
 * and the full fetch with configs it is compared with); the collector's cycle;
 * the peers (natscli's reports and the collector over HTTP and over the system account, taking
 * turns; not with --no-peers or --simulate); then the built dashboard as a child process: its
 * memory and CPU while polling, a Prometheus scrape and a snapshot read, what its SSE stream sends
 * per update, and how fast its pages render in Chromium. Each measurement section fails alone and
 * the run carries on. With the peers measured, bench/results.md is written at the end.
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SYSTEM_DEFAULTS, type ClusterConfig } from "../../lib/sources/config";
import { buildWorkers } from "../build-collector-worker";
import { resolveNatsServerBin } from "../../test/harness/cluster";
import { startDashboard, type DashboardProcess } from "../dashboard-process";
import { measureApiCost } from "./api-cost";
import { measureCollector } from "./collector";
import { floorProbe, measureFloor } from "./floor";
import type { BenchOptions } from "./options";
import { benchPages, measurePages } from "./pages";
import type { BenchTraffic } from "./populate";
import { measurePeerTools, type NatsAccess } from "./peers";
import { cpuMsBetween, cpuPercentBetween, sampleProcesses, sampleProcessTree } from "./proc";
import { closingNote, printReport } from "./report";
import { writeResultsMarkdown } from "./results-md";
import type { BenchResults, ServerUsage, SseWindow } from "./results";
import { probeResponsiveness } from "./responsiveness";
import { startRssTimeline, type RssTimeline } from "./rss-timeline";
import { recordEvents } from "./sse";
import { formatBytes, formatPercent } from "./stats";
import { CLUSTER, startClusterUpstream, startSimulatedUpstream, type Upstream } from "./upstream";

const ROOT = path.resolve(__dirname, "..", "..");
const REST_SAMPLE_SECONDS = 10;
const WARMUP_POLLS = 5;
const MIN_WARMUP_MS = 10_000;
const RSS_SAMPLE_MS = 10_000;
const FULL_FETCH_REPS = 3;

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function buildId(): string {
  try {
    return readFileSync(path.join(ROOT, ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return "none";
  }
}

/** Runs one measurement section; a failure is recorded and the run goes on. */
async function section<T>(results: BenchResults, name: string, run: () => Promise<T>): Promise<T | null> {
  log(`— ${name} (load average ${loadavg()[0].toFixed(1)})`);
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name} failed: ${message}`);
    results.problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function upstreamCpuAtRest(upstream: Upstream): Promise<number> {
  const before = sampleProcesses(upstream.pids());
  await sleep(REST_SAMPLE_SECONDS * 1000);
  return cpuPercentBetween(before, sampleProcesses(upstream.pids()));
}

async function measureServerUsage(dashboard: DashboardProcess, upstream: Upstream, options: BenchOptions, rss: RssTimeline | null): Promise<ServerUsage> {
  const pid = dashboard.child.pid;
  if (pid === undefined) throw new Error("the dashboard process has no pid");
  await sleep(Math.max(MIN_WARMUP_MS, WARMUP_POLLS * options.pollIntervalMs));
  const afterWarmup = sampleProcessTree(pid);
  const upstreamBefore = sampleProcesses(upstream.pids());
  log(`dashboard RSS after warm-up ${formatBytes(afterWarmup.rssBytes)}; polling for ${options.idleSeconds} s with no viewer`);
  // The probe's own requests cost the server a little CPU; it is counted in the idle figure.
  const healthLatencyMs = await probeResponsiveness(dashboard.url, options.idleSeconds);
  const afterIdle = sampleProcessTree(pid);
  const idleEndSeconds = rss?.seconds() ?? null;
  const idleCpuPercent = cpuPercentBetween(afterWarmup, afterIdle);
  log(`dashboard RSS after ${options.idleSeconds} s ${formatBytes(afterIdle.rssBytes)}, CPU ${formatPercent(idleCpuPercent)} of one core`);
  return {
    rssAfterWarmupBytes: afterWarmup.rssBytes,
    rssAfterIdleBytes: afterIdle.rssBytes,
    rssAtEndBytes: null,
    idleSeconds: options.idleSeconds,
    idleEndSeconds,
    idleCpuPercent,
    upstreamCpuWhilePolledPercent: cpuPercentBetween(upstreamBefore, sampleProcesses(upstream.pids())),
    healthLatencyMs,
    pids: afterIdle.pids,
  };
}

/** Two viewers at once, as a browser would open them: a streams/consumers page and the overview. */
async function recordWindow(dashboard: DashboardProcess, options: BenchOptions, label: SseWindow["label"], traffic: BenchTraffic | null): Promise<SseWindow> {
  const pid = dashboard.child.pid as number;
  const before = sampleProcessTree(pid);
  const trafficBefore = await traffic?.stats();
  const query = `cluster=${CLUSTER}`;
  const recordings = await Promise.all([
    recordEvents(dashboard.url, `/api/v1/events?${query}&include=streams,consumers`, dashboard.apiToken, options.sseSeconds, `streams+consumers, ${label}`),
    recordEvents(dashboard.url, `/api/v1/events?${query}`, dashboard.apiToken, options.sseSeconds, `overview, ${label}`),
  ]);
  const trafficAfter = await traffic?.stats();
  const published =
    trafficBefore && trafficAfter
      ? {
          published: trafficAfter.published - trafficBefore.published,
          failed: trafficAfter.failed - trafficBefore.failed,
          skipped: trafficAfter.skipped - trafficBefore.skipped,
          streams: trafficAfter.streams,
          seconds: options.sseSeconds,
        }
      : null;
  return { label, recordings, traffic: published, dashboardCpuPercent: cpuPercentBetween(before, sampleProcessTree(pid)) };
}

async function measureSse(results: BenchResults, dashboard: DashboardProcess, upstream: Upstream, options: BenchOptions): Promise<void> {
  log(`recording SSE for ${options.sseSeconds} s, no traffic`);
  results.sse.push(await recordWindow(dashboard, options, "quiet", null));
  const traffic = await upstream.startTraffic(options.trafficRate);
  try {
    await sleep(options.pollIntervalMs); // let one poll see the traffic before recording
    log(`recording SSE for ${options.sseSeconds} s with ${options.trafficRate} msgs/s over ${(await traffic.stats()).streams} streams`);
    results.sse.push(await recordWindow(dashboard, options, "with traffic", traffic));
  } finally {
    await traffic.stop();
  }
}

function newResults(options: BenchOptions): BenchResults {
  return {
    options,
    argv: process.argv.slice(2),
    upstream: options.simulate ? "simulator" : "nats-server cluster",
    upstreamKind: options.simulate ? "simulator" : "cluster",
    upstreamPidsLabel: options.simulate ? "the simulator" : "nats-servers",
    natsServerVersion: "?",
    natsServerBin: options.simulate ? "(simulated)" : resolveNatsServerBin(),
    buildId: buildId(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "?",
    memoryBytes: totalmem(),
    nodeVersion: process.version,
    loadAverageAtStart: loadavg()[0],
    loadAverageAtEnd: null,
    startedAt: new Date(),
    totalSeconds: null,
    populate: null,
    natsCpuAtRestPercent: null,
    upstreamCpuPerFloorPollMs: [],
    floor: [],
    fullFetch: [],
    collector: null,
    server: null,
    sse: [],
    pages: null,
    peers: null,
    apiCost: null,
    rssTimeline: [],
    problems: [],
  };
}

/** Keeps the process (and with it the cluster or simulator and the dashboard) alive until Ctrl-C. */
async function holdUntilInterrupted(upstream: Upstream, dashboard: DashboardProcess | null): Promise<never> {
  console.log(`\n--keep: the ${upstream.kind}${dashboard ? " and the dashboard are" : " is"} still running. Ctrl-C stops everything.`);
  for (const line of upstream.accessLines()) console.log(line);
  if (dashboard) {
    console.log(`  dashboard ${dashboard.url}  login ${dashboard.username} / ${dashboard.password}  API token ${dashboard.apiToken}`);
  }
  // The harness's signal handler kills the nodes and nginx and exits; the simulator and the dashboard die with us.
  setInterval(() => undefined, 1 << 30);
  return new Promise<never>(() => undefined);
}

/** Stops the server and removes its data directory, unless something failed and its log may say why. */
async function stopDashboard(dashboard: DashboardProcess | null, keepLog: boolean): Promise<void> {
  if (!dashboard) return;
  await dashboard.stop().catch(() => undefined);
  if (keepLog) log(`dashboard log kept: ${dashboard.logFile}`);
  else await rm(dashboard.dataDir, { recursive: true, force: true });
}

/**
 * The floor's fetches, with what they cost the processes serving them per repetition; then the
 * full fetch with configs, a few times: only its bytes are compared with a poll's.
 */
async function measureFloors(results: BenchResults, upstream: Upstream, reps: number): Promise<void> {
  for (const target of upstream.floorTargets) {
    const before = sampleProcesses(upstream.pids());
    const floor = await measureFloor(target, { configs: false }, reps);
    // One warm-up repetition more than the measured ones reached the upstream.
    results.upstreamCpuPerFloorPollMs.push(cpuMsBetween(before, sampleProcesses(upstream.pids())) / (reps + 1));
    results.floor.push(floor);
  }
  for (const target of upstream.floorTargets) results.fullFetch.push(await measureFloor(target, { configs: true }, Math.min(reps, FULL_FETCH_REPS)));
}

/** The collector polling only over the system account, as natscli's server reports ask. */
function systemCollector(nats: NatsAccess, nodes: number): ClusterConfig {
  return { name: CLUSTER, expectedNodes: nodes, system: { urls: nats.urls, user: nats.sys.user, password: nats.sys.password, ...SYSTEM_DEFAULTS } };
}

export async function runBench(options: BenchOptions): Promise<number> {
  const started = performance.now();
  const results = newResults(options);
  let upstream: Upstream | null = null;
  let dashboard: DashboardProcess | null = null;
  try {
    // The collector measured in this process runs its cycles from the worker bundle: make it from the current source.
    await buildWorkers();
    upstream = options.simulate ? await startSimulatedUpstream(options, log) : await startClusterUpstream(options, log);
    const source = upstream;
    results.upstream = source.description;
    results.natsServerVersion = source.version;
    results.populate = source.populate;
    if (source.kind === "cluster") {
      results.natsCpuAtRestPercent = await section(results, `nats-server CPU at rest (${REST_SAMPLE_SECONDS} s)`, () => upstreamCpuAtRest(source));
    }

    await section(results, "floor: fetch + JSON.parse", () => measureFloors(results, source, options.reps));
    results.collector = await section(results, `collector cycle (${source.floorTargets.at(-1)?.label}), in turns with the floor`, async () => {
      const target = source.floorTargets.at(-1);
      const probe = target ? floorProbe(target, { configs: false }) : undefined;
      try {
        return await measureCollector(source.collector, options.reps * 2, options.pollIntervalMs, probe);
      } finally {
        probe?.close();
      }
    });
    const nats = source.nats;
    if (options.peers && nats) {
      results.peers = await section(results, "peers: natscli and the dashboard's collector, taking turns", () =>
        measurePeerTools(
          { nats, viaProxies: source.collector, viaSystem: systemCollector(nats, options.nodes), pollIntervalMs: options.pollIntervalMs, serverPids: () => source.pids() },
          options.reps,
          log,
        ),
      );
    }

    await section(results, "dashboard: start", async () => {
      dashboard = await startDashboard({ clusters: [source.dashboardCluster], pollIntervalMs: options.pollIntervalMs });
      log(`dashboard at ${dashboard.url} (pid ${dashboard.child.pid}, log ${dashboard.logFile})`);
    });
    const running = dashboard as DashboardProcess | null;
    const rss = running?.child.pid === undefined ? null : startRssTimeline(running.child.pid, RSS_SAMPLE_MS);
    if (running) {
      results.server = await section(results, "dashboard: memory and CPU while polling", () => measureServerUsage(running, source, options, rss));
      results.apiCost = await section(results, "dashboard: a Prometheus scrape and the whole snapshot", () => measureApiCost(running, CLUSTER, options.reps));
      await section(results, "dashboard: browser update sizes (SSE)", () => measureSse(results, running, source, options));
      if (options.browser) {
        results.pages = await section(results, "dashboard: page render times (Chromium)", () =>
          measurePages({ baseUrl: running.url, username: running.username, password: running.password }, benchPages(CLUSTER), options.pageReps, options.pagePauseMs, log),
        );
      }
      if (results.server && running.child.pid !== undefined) results.server.rssAtEndBytes = sampleProcessTree(running.child.pid).rssBytes;
    }
    results.rssTimeline = rss?.stop() ?? [];
    results.loadAverageAtEnd = loadavg()[0];
    results.totalSeconds = (performance.now() - started) / 1000;
    printReport(results);
    if (results.peers) log(`peer table written to ${await writeResultsMarkdown(results, closingNote(results))}`);
    if (options.keep) await holdUntilInterrupted(source, running);
    return results.problems.length ? 1 : 0;
  } catch (error) {
    results.problems.push(`setup: ${error instanceof Error ? error.message : String(error)}`);
    console.error(error);
    results.totalSeconds = (performance.now() - started) / 1000;
    printReport(results);
    return 1;
  } finally {
    if (!options.keep || results.problems.some((problem) => problem.startsWith("setup:"))) {
      await stopDashboard(dashboard, results.problems.length > 0);
      await upstream?.stop().catch(() => undefined);
    }
  }
}
