/**
 * What the benchmark's dashboard polls: a real nats-server cluster behind the nginx proxies,
 * filled with streams and consumers (the default), or the simulator (`--simulate`), whose
 * monitoring ports are read directly. Either way the dashboard's processes are measured, never
 * those serving the monitoring ports (their CPU is reported apart).
 */
import { readFileSync } from "node:fs";
import type { ClusterConfig } from "../../lib/sources/config";
import { authHeaders } from "../../lib/sources/http-monitor";
import { startCluster, type Harness } from "../../test/harness/cluster";
import { harnessCluster, type ClusterEntry } from "../../test/harness/cluster-entry";
import { parsedCluster } from "../../test/harness/collector-config";
import { startSimulatorProcess, type SimulatorProcess } from "../../test/simulator/run";
import type { SimulatorStats } from "../../test/simulator/simulator";
import { waitUntilSettled } from "./collector";
import type { FloorTarget } from "./floor";
import type { BenchOptions } from "./options";
import type { NatsAccess } from "./peers";
import { createBenchAssets, startBenchTraffic, TRAFFIC_STREAMS, type BenchTraffic, type PopulateResult } from "./populate";

export const CLUSTER = "bench";

// The production default (32 MiB) refuses a node's /jsz well before 10 000 streams; the bench
// measures what the dashboard does with the answers, so it lets them in (and the report prints
// their size per node).
const SIMULATED_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;
// The production deadline per fetch, the harness cluster's default too.
const MONITOR_TIMEOUT_MS = 1500;

export interface Upstream {
  kind: "cluster" | "simulator";
  /** The setup line of the report. */
  description: string;
  version: string;
  /** What the collector measured in this process polls. */
  collector: ClusterConfig;
  /** The dashboard's cluster entry. */
  dashboardCluster: ClusterEntry;
  floorTargets: FloorTarget[];
  /** The cluster's NATS ports and users, for natscli and the system-account collector; null for the simulator, which has none. */
  nats: NatsAccess | null;
  /** The processes serving the monitoring ports. */
  pids(): number[];
  /** Who they are, for the report: "nats-servers", "the simulator". */
  pidsLabel: string;
  populate: PopulateResult | null;
  startTraffic(ratePerSec: number): Promise<BenchTraffic>;
  /** For --keep: where to reach it. */
  accessLines(): string[];
  stop(): Promise<void>;
}

export async function startClusterUpstream(options: BenchOptions, log: (line: string) => void): Promise<Upstream> {
  log(`starting ${options.nodes} nats-servers with the nginx proxies`);
  const harness: Harness = await startCluster({ nodes: options.nodes, proxy: true, log });
  try {
    log(`creating ${options.streams} R${Math.min(3, options.nodes)} streams × ${options.consumersPerStream} consumers, ${options.concurrency} in flight`);
    const populate = await createBenchAssets(
      harness,
      { streams: options.streams, consumersPerStream: options.consumersPerStream, replicas: Math.min(3, options.nodes), concurrency: options.concurrency },
      log,
    );
    log(`created in ${populate.seconds.toFixed(0)} s; ${populate.sampleMessages} sample messages published`);
    const dashboardCluster = harnessCluster(harness, CLUSTER);
    const viaProxies = parsedCluster(dashboardCluster);
    await waitUntilSettled(viaProxies, options.streams, log);
    return {
      kind: "cluster",
      description: `nats-server ${harness.version}, ${options.nodes} nodes, nginx (TLS + basic auth + gzip) in front of each monitoring port`,
      version: harness.version,
      collector: viaProxies,
      dashboardCluster,
      floorTargets: [
        { label: "direct :8222", urls: harness.nodes.map((n) => n.monitorUrl), headers: {} },
        {
          label: "via nginx (TLS, gzip)",
          urls: harness.nodes.map((n) => n.proxyUrl ?? n.monitorUrl),
          headers: authHeaders({ user: harness.proxyUser, password: harness.proxyPassword }),
          ca: readFileSync(harness.caFile, "utf8"),
        },
      ],
      nats: { urls: harness.nodes.map((node) => node.clientUrl), sys: harness.sys, app: { ...harness.app, account: "APP" } },
      pids: () => harness.nodes.map((node) => node.pid).filter((pid): pid is number => pid !== undefined),
      pidsLabel: "nats-servers",
      populate,
      startTraffic: (rate) => startBenchTraffic(harness, options.streams, rate),
      accessLines: () => [
        ...harness.nodes.map((node) => `  ${node.name}  client ${node.clientUrl}  monitor ${node.monitorUrl}  proxy ${node.proxyUrl ?? "-"}`),
        `  proxy login ${harness.proxyUser} / ${harness.proxyPassword}, CA ${harness.caFile}`,
        `  NATS user (account APP) ${harness.app.user} / ${harness.app.password}`,
      ],
      stop: () => harness.stop(),
    };
  } catch (error) {
    await harness.stop().catch(() => undefined);
    throw error;
  }
}

/** Messages the simulator published since `before`: its own count (nothing is acknowledged, nothing skipped). */
function simulatedTraffic(simulator: SimulatorProcess, before: SimulatorStats, streams: number): BenchTraffic {
  return {
    async stats() {
      const now = (await simulator.control({ stats: true })).stats as SimulatorStats;
      return { published: now.published - before.published, failed: now.failedPublishes - before.failedPublishes, skipped: 0, streams };
    },
    async stop() {
      await simulator.control({ publishRate: 0 });
    },
  };
}

export async function startSimulatedUpstream(options: BenchOptions, log: (line: string) => void): Promise<Upstream> {
  const replicas = Math.min(3, options.nodes);
  const args = [
    "--nodes", String(options.nodes),
    "--streams", String(options.streams),
    "--consumers-per-stream", String(options.consumersPerStream),
    "--replicas", String(replicas),
    "--server-version", options.serverVersion,
    // Quiet until the "with traffic" window, like the real cluster after it was filled.
    "--publish-rate", "0",
    ...options.simulatorArgs,
  ];
  log(`starting the simulator: ${args.join(" ")}`);
  const simulator = await startSimulatorProcess(args, log);
  const dashboardCluster: ClusterEntry = {
    name: CLUSTER,
    expectedNodes: options.nodes,
    monitor: { urls: simulator.urls, timeoutMs: MONITOR_TIMEOUT_MS, maxResponseBytes: SIMULATED_MAX_RESPONSE_BYTES },
  };
  const collector = parsedCluster(dashboardCluster);
  try {
    await waitUntilSettled(collector, options.streams, log);
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  return {
    kind: "simulator",
    description:
      `simulator (test/simulator, nats-server ${simulator.version} shapes), ${options.nodes} nodes, ${options.streams} R${replicas} streams × ` +
      `${options.consumersPerStream} consumers, monitoring ports read directly (no nginx)` +
      (options.simulatorArgs.length ? `, simulator options ${options.simulatorArgs.join(" ")}` : ""),
    version: simulator.version,
    collector,
    dashboardCluster,
    floorTargets: [{ label: "direct (simulator)", urls: simulator.urls, headers: {} }],
    nats: null,
    pids: () => [simulator.pid],
    pidsLabel: "the simulator",
    populate: null,
    async startTraffic(rate) {
      const before = (await simulator.control({ stats: true })).stats as SimulatorStats;
      await simulator.control({ publishRate: rate, hotStreams: Math.min(TRAFFIC_STREAMS, options.streams) });
      return simulatedTraffic(simulator, before, Math.min(TRAFFIC_STREAMS, options.streams));
    },
    accessLines: () => [...simulator.nodes.map((node, i) => `  ${node}  monitor ${simulator.urls[i]}`), `  simulator pid ${simulator.pid}`],
    stop: () => simulator.stop(),
  };
}
