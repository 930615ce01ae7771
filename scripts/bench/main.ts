/**
 * The benchmark run, in order: a real cluster with N R3 streams × K consumers behind the nginx
 * proxies; the floor (raw fetch + parse); the collector's cycle; then the built dashboard as a
 * child process: its memory and CPU while polling, what its SSE stream sends per update, and how
 * fast its pages render in Chromium. Each measurement section fails alone and the run carries on.
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { authHeaders } from "../../lib/sources/http-monitor";
import { buildCollectorWorker } from "../build-collector-worker";
import { resolveNatsServerBin, startCluster, type Harness } from "../../test/harness/cluster";
import { startDashboard, type DashboardProcess } from "../dashboard-process";
import { harnessCluster } from "../../test/harness/cluster-entry";
import { collectorConfig } from "../../test/harness/collector-config";
import { measureCollector, waitUntilSettled } from "./collector";
import { measureFloor } from "./floor";
import type { BenchOptions } from "./options";
import { benchPages, measurePages } from "./pages";
import { createBenchAssets, startBenchTraffic, type BenchTraffic } from "./populate";
import { cpuPercentBetween, sampleProcesses, sampleProcessTree } from "./proc";
import { printReport } from "./report";
import type { BenchResults, ServerUsage, SseWindow } from "./results";
import { probeResponsiveness } from "./responsiveness";
import { startRssTimeline } from "./rss-timeline";
import { recordEvents } from "./sse";
import { formatBytes, formatPercent } from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const CLUSTER = "bench";
const REST_SAMPLE_SECONDS = 10;
const WARMUP_POLLS = 5;
const MIN_WARMUP_MS = 10_000;
const RSS_SAMPLE_MS = 10_000;

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

const natsPids = (harness: Harness) => harness.nodes.map((node) => node.pid).filter((pid): pid is number => pid !== undefined);

async function natsCpuAtRest(harness: Harness): Promise<number> {
  const before = sampleProcesses(natsPids(harness));
  await sleep(REST_SAMPLE_SECONDS * 1000);
  return cpuPercentBetween(before, sampleProcesses(natsPids(harness)));
}

async function measureServerUsage(dashboard: DashboardProcess, harness: Harness, options: BenchOptions): Promise<ServerUsage> {
  const pid = dashboard.child.pid;
  if (pid === undefined) throw new Error("the dashboard process has no pid");
  await sleep(Math.max(MIN_WARMUP_MS, WARMUP_POLLS * options.pollIntervalMs));
  const afterWarmup = sampleProcessTree(pid);
  const natsBefore = sampleProcesses(natsPids(harness));
  log(`dashboard RSS after warm-up ${formatBytes(afterWarmup.rssBytes)}; polling for ${options.idleSeconds} s with no viewer`);
  // The probe's own requests cost the server a little CPU; it is counted in the idle figure.
  const healthLatencyMs = await probeResponsiveness(dashboard.url, options.idleSeconds);
  const afterIdle = sampleProcessTree(pid);
  const idleCpuPercent = cpuPercentBetween(afterWarmup, afterIdle);
  log(`dashboard RSS after ${options.idleSeconds} s ${formatBytes(afterIdle.rssBytes)}, CPU ${formatPercent(idleCpuPercent)} of one core`);
  return {
    rssAfterWarmupBytes: afterWarmup.rssBytes,
    rssAfterIdleBytes: afterIdle.rssBytes,
    rssAtEndBytes: null,
    idleSeconds: options.idleSeconds,
    idleCpuPercent,
    natsCpuWhilePolledPercent: cpuPercentBetween(natsBefore, sampleProcesses(natsPids(harness))),
    healthLatencyMs,
    pids: afterIdle.pids,
  };
}

/** Two viewers at once, as a browser would open them: a streams/consumers page and the overview. */
async function recordWindow(dashboard: DashboardProcess, options: BenchOptions, label: SseWindow["label"], traffic: BenchTraffic | null): Promise<SseWindow> {
  const pid = dashboard.child.pid as number;
  const before = sampleProcessTree(pid);
  const trafficBefore = traffic?.stats();
  const query = `cluster=${CLUSTER}`;
  const recordings = await Promise.all([
    recordEvents(dashboard.url, `/api/v1/events?${query}&include=streams,consumers`, dashboard.apiToken, options.sseSeconds, `streams+consumers, ${label}`),
    recordEvents(dashboard.url, `/api/v1/events?${query}`, dashboard.apiToken, options.sseSeconds, `overview, ${label}`),
  ]);
  const trafficAfter = traffic?.stats();
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

async function measureSse(results: BenchResults, dashboard: DashboardProcess, harness: Harness, options: BenchOptions): Promise<void> {
  log(`recording SSE for ${options.sseSeconds} s, no traffic`);
  results.sse.push(await recordWindow(dashboard, options, "quiet", null));
  const traffic = await startBenchTraffic(harness, options.streams, options.trafficRate);
  try {
    await sleep(options.pollIntervalMs); // let one poll see the traffic before recording
    log(`recording SSE for ${options.sseSeconds} s with ${options.trafficRate} msgs/s over ${traffic.stats().streams} streams`);
    results.sse.push(await recordWindow(dashboard, options, "with traffic", traffic));
  } finally {
    await traffic.stop();
  }
}

function newResults(options: BenchOptions, natsServerBin: string): BenchResults {
  return {
    options,
    natsServerVersion: "?",
    natsServerBin,
    buildId: buildId(),
    cores: cpus().length,
    loadAverageAtStart: loadavg()[0],
    loadAverageAtEnd: null,
    startedAt: new Date(),
    totalSeconds: null,
    populate: null,
    natsCpuAtRestPercent: null,
    floor: [],
    collector: null,
    server: null,
    sse: [],
    pages: null,
    rssTimeline: [],
    problems: [],
  };
}

/** Keeps the process (and with it the cluster and the dashboard) alive until Ctrl-C. */
async function holdUntilInterrupted(harness: Harness, dashboard: DashboardProcess | null): Promise<never> {
  console.log(`\n--keep: the cluster${dashboard ? " and the dashboard are" : " is"} still running. Ctrl-C stops everything.`);
  for (const node of harness.nodes) console.log(`  ${node.name}  client ${node.clientUrl}  monitor ${node.monitorUrl}  proxy ${node.proxyUrl ?? "-"}`);
  console.log(`  proxy login ${harness.proxyUser} / ${harness.proxyPassword}, CA ${harness.caFile}`);
  console.log(`  NATS user (account APP) ${harness.app.user} / ${harness.app.password}`);
  if (dashboard) {
    console.log(`  dashboard ${dashboard.url}  login ${dashboard.username} / ${dashboard.password}  API token ${dashboard.apiToken}`);
  }
  // The harness's signal handler kills the nodes and nginx and exits; the dashboard dies with us.
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

export async function runBench(options: BenchOptions): Promise<number> {
  const started = performance.now();
  const results = newResults(options, resolveNatsServerBin());
  let harness: Harness | null = null;
  let dashboard: DashboardProcess | null = null;
  try {
    // The collector measured in this process runs its cycles from the worker bundle: make it from the current source.
    await buildCollectorWorker();
    log(`starting ${options.nodes} × ${results.natsServerBin} with the nginx proxies`);
    harness = await startCluster({ nodes: options.nodes, proxy: true, log: (line) => log(line) });
    results.natsServerVersion = harness.version;
    const cluster = harness;

    log(`creating ${options.streams} R${Math.min(3, options.nodes)} streams × ${options.consumersPerStream} consumers, ${options.concurrency} in flight`);
    results.populate = await createBenchAssets(
      cluster,
      { streams: options.streams, consumersPerStream: options.consumersPerStream, replicas: Math.min(3, options.nodes), concurrency: options.concurrency },
      log,
    );
    log(`created in ${results.populate.seconds.toFixed(0)} s; ${results.populate.sampleMessages} sample messages published`);
    const viaProxies = collectorConfig(cluster, CLUSTER);
    await waitUntilSettled(viaProxies, options.streams, log);
    results.natsCpuAtRestPercent = await section(results, `nats-server CPU at rest (${REST_SAMPLE_SECONDS} s)`, () => natsCpuAtRest(cluster));

    await section(results, "floor: fetch + JSON.parse", async () => {
      results.floor.push(await measureFloor({ label: "direct :8222", urls: cluster.nodes.map((n) => n.monitorUrl), headers: {} }, options.reps));
      results.floor.push(
        await measureFloor(
          {
            label: "via nginx (TLS, gzip)",
            urls: cluster.nodes.map((n) => n.proxyUrl ?? n.monitorUrl),
            headers: authHeaders({ user: cluster.proxyUser, password: cluster.proxyPassword }),
            ca: readFileSync(cluster.caFile, "utf8"),
          },
          options.reps,
        ),
      );
    });
    results.collector = await section(results, "collector cycle (via nginx)", () => measureCollector(viaProxies, options.reps, options.pollIntervalMs));

    await section(results, "dashboard: start", async () => {
      dashboard = await startDashboard({ clusters: [harnessCluster(cluster, CLUSTER)], pollIntervalMs: options.pollIntervalMs });
      log(`dashboard at ${dashboard.url} (pid ${dashboard.child.pid}, log ${dashboard.logFile})`);
    });
    const running = dashboard as DashboardProcess | null;
    const rss = running?.child.pid === undefined ? null : startRssTimeline(running.child.pid, RSS_SAMPLE_MS);
    if (running) {
      results.server = await section(results, "dashboard: memory and CPU while polling", () => measureServerUsage(running, cluster, options));
      await section(results, "dashboard: browser update sizes (SSE)", () => measureSse(results, running, cluster, options));
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
    if (options.keep) await holdUntilInterrupted(cluster, running);
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
      await harness?.stop().catch(() => undefined);
    }
  }
}
