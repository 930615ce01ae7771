/**
 * The metrics endpoint's process-wide part: the dashboard's own series, fed by every collector's
 * cycles from the start, and the scrape, which reads the hub's latest snapshots and alert states.
 * A scrape never asks a node anything: it costs the same whatever Prometheus's interval.
 */
import "server-only";
import { Registry, type RegistryContentType } from "prom-client";
import type { HistoryRuntime } from "../history/runtime";
import type { Hub } from "../hub";
import type { MetricsConfig } from "./config";
import { assetFilter } from "./filter";
import { SelfMetrics, type HistoryWriteStats } from "./self";
import { registerSnapshotMetrics } from "./snapshot";

const METRICS_KEY = Symbol.for("jetstream-watch.metrics");
type Holder = { [METRICS_KEY]?: MetricsRuntime };

export interface MetricsRuntime {
  self: SelfMetrics;
  config: MetricsConfig;
}

/** Once per process (Next.js bundles routes and instrumentation apart, hence globalThis). */
export function startMetrics(config: MetricsConfig, hub: Hub, history: HistoryRuntime): MetricsRuntime {
  const holder = globalThis as Holder;
  if (holder[METRICS_KEY]) return holder[METRICS_KEY];
  const historyStats = () =>
    new Map<string, HistoryWriteStats>([...history.recorders].map(([cluster, r]) => [cluster, { writes: r.writes.count, writeMs: r.writes.ms, failing: r.lastError !== null }]));
  const self = new SelfMetrics(historyStats);
  for (const collector of hub.collectors.values()) collector.subscribe((update) => self.cycleDone(update.snapshot, collector.lastCycleInfo()));
  holder[METRICS_KEY] = { self, config };
  return holder[METRICS_KEY];
}

export function getMetrics(): MetricsRuntime | undefined {
  return (globalThis as Holder)[METRICS_KEY];
}

/** Whether the scraper prefers OpenMetrics (Prometheus asks for it first) over the text format 0.0.4. */
export function wantsOpenMetrics(accept: string | null): boolean {
  if (!accept) return false;
  const weight = (type: string) => {
    const part = accept
      .split(",")
      .map((p) => p.trim().split(";"))
      .find(([media]) => media.trim() === type);
    if (!part) return -1;
    const q = part.find((param) => param.trim().startsWith("q="));
    return q ? Number(q.trim().slice(2)) : 1;
  };
  return weight("application/openmetrics-text") > Math.max(weight("text/plain"), -1) && weight("application/openmetrics-text") >= 0;
}

export interface Scrape {
  contentType: string;
  body: string;
}

/** Every cluster's latest snapshot and alerts as series, plus the dashboard's own. */
export async function scrape(runtime: MetricsRuntime, hub: Hub, accept: string | null, now = Date.now()): Promise<Scrape> {
  const started = performance.now();
  const clusters = [...hub.collectors.values()].flatMap((collector) => {
    const snapshot = collector.snapshot();
    const engine = collector.alerts();
    return snapshot ? [{ snapshot, alerts: [...engine.firing(), ...engine.pending()] }] : [];
  });
  const fromSnapshots = new Registry();
  registerSnapshotMetrics(fromSnapshots, clusters, assetFilter(runtime.config), now);
  const merged: Registry<RegistryContentType> = Registry.merge([fromSnapshots, runtime.self.registry]);
  merged.setContentType(wantsOpenMetrics(accept) ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE);
  const body = await merged.metrics();
  runtime.self.scraped((performance.now() - started) / 1000);
  return { contentType: merged.contentType, body };
}
