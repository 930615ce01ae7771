/**
 * The hub: exactly one collector per configured cluster per server process. Each collector polls
 * every node in parallel, merges the answers into a snapshot and hands it to all subscribers.
 * Viewers never cause upstream requests: 1 or 200 open pages cost the NATS nodes the same.
 */
import "server-only";
import type { ClusterConfig, DashboardConfig } from "./config";
import { createMonitorAgents, pollNode, type MonitorAgents, type NodePoll } from "./sources/http-monitor";
import { buildSnapshot } from "./model/normalize";
import type { CounterSample } from "./model/rates";
import type { ClusterSnapshot, ThroughputSample } from "./model/types";

export type HubEvent = { type: "snapshot"; snapshot: ClusterSnapshot };
export type Listener = (event: HubEvent) => void;

export interface CollectorStats {
  cycles: number;
  lastCycleMs: number | null;
  upstreamRequests: number;
  subscribers: number;
  running: boolean;
}

export class ClusterCollector {
  private latest: ClusterSnapshot | null = null;
  private recent: ThroughputSample[] = [];
  private counters: ReadonlyMap<string, CounterSample> = new Map();
  private readonly listeners = new Set<Listener>();
  private readonly agents: MonitorAgents;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private cycles = 0;
  private upstreamRequests = 0;
  private lastCycleMs: number | null = null;

  constructor(
    readonly cluster: ClusterConfig,
    private readonly pollIntervalMs: number,
    private readonly recentLimit: number,
    private readonly poll: (url: string) => Promise<NodePoll> = (url) => pollNode(url, cluster.monitor, this.agents),
  ) {
    this.agents = createMonitorAgents(cluster.monitor);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.runCycle();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  snapshot(): ClusterSnapshot | null {
    return this.latest;
  }

  recentThroughput(): ThroughputSample[] {
    return [...this.recent];
  }

  stats(): CollectorStats {
    return {
      cycles: this.cycles,
      lastCycleMs: this.lastCycleMs,
      upstreamRequests: this.upstreamRequests,
      subscribers: this.listeners.size,
      running: !this.stopped,
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One cycle: poll all nodes in parallel, merge, publish. Exposed for tests. */
  async collectOnce(): Promise<ClusterSnapshot> {
    const started = Date.now();
    const urls = this.cluster.monitor.urls;
    this.upstreamRequests += urls.length * 3;
    const polls = await Promise.all(urls.map((url) => this.poll(url)));
    const { snapshot, counters } = buildSnapshot({
      cluster: this.cluster.name,
      expectedNodes: this.cluster.expectedNodes,
      names: this.cluster.monitor.names,
      polls,
      previous: this.latest,
      counters: this.counters,
      collectedAt: Date.now(),
      cycleMs: Date.now() - started,
      pollIntervalMs: this.pollIntervalMs,
    });
    this.counters = counters;
    this.latest = snapshot;
    this.cycles += 1;
    this.lastCycleMs = snapshot.cycleMs;
    if (snapshot.throughput) {
      this.recent.push(snapshot.throughput);
      if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
    }
    for (const listener of this.listeners) {
      try {
        listener({ type: "snapshot", snapshot });
      } catch (err) {
        console.error(`[hub] a subscriber of ${this.cluster.name} failed:`, err);
      }
    }
    return snapshot;
  }

  /** The next cycle is scheduled only after this one ends, so cycles never overlap. */
  private async runCycle(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    try {
      await this.collectOnce();
    } catch (err) {
      // buildSnapshot is pure and sources never throw, so this is a bug; keep collecting.
      console.error(`[hub] cycle for ${this.cluster.name} failed:`, err);
    }
    if (this.stopped) return;
    const wait = Math.max(0, this.pollIntervalMs - (Date.now() - started));
    this.timer = setTimeout(() => void this.runCycle(), wait);
  }
}

export class Hub {
  readonly collectors = new Map<string, ClusterCollector>();

  constructor(readonly config: DashboardConfig) {
    for (const cluster of config.clusters) {
      this.collectors.set(cluster.name, new ClusterCollector(cluster, config.pollIntervalMs, config.recentSamples));
    }
  }

  start(): void {
    for (const c of this.collectors.values()) c.start();
  }

  stop(): void {
    for (const c of this.collectors.values()) c.stop();
  }

  clusterNames(): string[] {
    return [...this.collectors.keys()];
  }

  /** The named cluster's collector, or the first configured one when no name is given. */
  collector(name?: string | null): ClusterCollector | undefined {
    if (!name) return this.collectors.values().next().value;
    return this.collectors.get(name);
  }
}

const HUB_KEY = Symbol.for("jetstream-watch.hub");
type HubHolder = { [HUB_KEY]?: Hub };

/** The process-wide hub. Next.js loads route handlers and instrumentation as separate bundles, hence globalThis. */
export function getHub(): Hub | undefined {
  return (globalThis as HubHolder)[HUB_KEY];
}

export function startHub(config: DashboardConfig): Hub {
  const holder = globalThis as HubHolder;
  if (!holder[HUB_KEY]) {
    holder[HUB_KEY] = new Hub(config);
    holder[HUB_KEY].start();
  }
  return holder[HUB_KEY];
}
