/**
 * The dashboard's own series, kept for the life of the process: how long each collector cycle
 * takes, what each node's fetches came to, how many live viewers each cluster has, how long the
 * history store takes to write a poll, and Node.js's process figures.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CycleInfo } from "../hub";
import type { ClusterSnapshot } from "../model/types";

export interface HistoryWriteStats {
  writes: number;
  writeMs: number;
  failing: boolean;
}

export class SelfMetrics {
  readonly registry = new Registry();
  private readonly cycle: Histogram;
  private readonly fetches: Counter;
  private readonly viewers = new Map<string, number>();
  private readonly lastScrape: Gauge;
  private readonly collectorHeap: Gauge;

  constructor(historyStats: () => Map<string, HistoryWriteStats>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // Gauges that prom-client names like counters; `promtool check metrics` rejects the names.
    for (const misnamed of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) this.registry.removeSingleMetric(misnamed);
    this.cycle = new Histogram({
      name: "jsw_collector_cycle_seconds",
      help: "How long one collector cycle took: fetching every node, merging by leader truth and the alert rules.",
      labelNames: ["cluster"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.fetches = new Counter({
      name: "jsw_node_fetches_total",
      help: "Requests to each node's monitoring endpoints (or the system account) by outcome: ok, or why not.",
      labelNames: ["cluster", "node", "endpoint", "outcome"],
      registers,
    });
    const viewers = this.viewers;
    new Gauge({
      name: "jsw_sse_viewers",
      help: "Pages and wall displays following a cluster's live stream now.",
      labelNames: ["cluster"],
      registers,
      collect() {
        this.reset();
        for (const [cluster, count] of viewers) this.set({ cluster }, count);
      },
    });
    new Counter({
      name: "jsw_history_writes_total",
      help: "Polls written to the history store.",
      labelNames: ["cluster"],
      registers,
      collect() {
        this.reset();
        for (const [cluster, s] of historyStats()) this.inc({ cluster }, s.writes);
      },
    });
    new Counter({
      name: "jsw_history_write_seconds_total",
      help: "Time spent writing polls to the history store (divide by jsw_history_writes_total for the average).",
      labelNames: ["cluster"],
      registers,
      collect() {
        this.reset();
        for (const [cluster, s] of historyStats()) this.inc({ cluster }, s.writeMs / 1000);
      },
    });
    new Gauge({
      name: "jsw_history_failing",
      help: "1 while the history store's last write failed.",
      labelNames: ["cluster"],
      registers,
      collect() {
        this.reset();
        for (const [cluster, s] of historyStats()) this.set({ cluster }, s.failing ? 1 : 0);
      },
    });
    this.collectorHeap = new Gauge({
      name: "jsw_collector_heap_bytes",
      help:
        "V8 heap in use on the thread that runs a cluster's collector cycles, after its last cycle: a worker's own heap " +
        "(nodejs_heap_size_used_bytes is the main thread's), or the main thread's when it collects inline.",
      labelNames: ["cluster", "thread"],
      registers,
    });
    this.lastScrape = new Gauge({ name: "jsw_metrics_scrape_seconds", help: "How long the previous scrape of this endpoint took to build.", registers });
  }

  /** Counts one published cycle: its duration, every node's endpoint outcomes and, from the collector, its thread's heap. */
  cycleDone(snapshot: ClusterSnapshot, info: CycleInfo | null): void {
    const cluster = snapshot.cluster;
    this.cycle.observe({ cluster }, snapshot.cycleMs / 1000);
    if (info) {
      this.collectorHeap.remove({ cluster, thread: info.runner === "worker" ? "main" : "worker" });
      this.collectorHeap.set({ cluster, thread: info.runner === "worker" ? "worker" : "main" }, info.heapBytes);
    }
    for (const node of snapshot.nodes) {
      for (const [endpoint, result] of Object.entries(node.endpoints)) {
        this.fetches.inc({ cluster, node: node.name, endpoint, outcome: result.ok ? "ok" : (result.kind ?? "failed") });
      }
    }
  }

  /** A live viewer of `cluster` opened its stream; call the returned function when it closes. */
  viewerOpened(cluster: string): () => void {
    this.viewers.set(cluster, (this.viewers.get(cluster) ?? 0) + 1);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.viewers.set(cluster, (this.viewers.get(cluster) ?? 1) - 1);
    };
  }

  scraped(seconds: number): void {
    this.lastScrape.set(seconds);
  }
}
