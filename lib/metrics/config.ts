/**
 * The Prometheus export's section of the configuration: which assets get series. Every stream
 * adds about a dozen series and one per replica, every consumer about ten, so large clusters
 * choose what Prometheus keeps; the dashboard itself still shows everything.
 */
import { z } from "zod";
import { wholeNumber } from "../fields";

export interface MetricsConfig {
  /** Glob patterns (`*`, `?`) over stream names; empty: every stream. */
  includeStreams: string[];
  excludeStreams: string[];
  /** Glob patterns over account names; empty: every account. */
  includeAccounts: string[];
  excludeAccounts: string[];
  /** Consumers per stream that get series (in name order); the rest are counted in jsw_metrics_omitted_consumers. */
  maxConsumersPerStream: number;
  /** Ephemeral (non-durable) consumers come and go with their clients: off by default. */
  ephemeralConsumers: boolean;
}

export const DEFAULT_METRICS: MetricsConfig = {
  includeStreams: [],
  excludeStreams: [],
  includeAccounts: [],
  excludeAccounts: [],
  maxConsumersPerStream: 100,
  ephemeralConsumers: false,
};

const glob = z.string().min(1).max(256);

export const metricsSchema = z.strictObject({
  includeStreams: z.array(glob).default(DEFAULT_METRICS.includeStreams),
  excludeStreams: z.array(glob).default(DEFAULT_METRICS.excludeStreams),
  includeAccounts: z.array(glob).default(DEFAULT_METRICS.includeAccounts),
  excludeAccounts: z.array(glob).default(DEFAULT_METRICS.excludeAccounts),
  maxConsumersPerStream: wholeNumber(0, 100_000).default(DEFAULT_METRICS.maxConsumersPerStream),
  ephemeralConsumers: z.boolean().default(DEFAULT_METRICS.ephemeralConsumers),
});
