/**
 * The latency canary's section of a cluster's configuration (`clusters[].canary`): an
 * application-account user with JetStream, what the canary sends and where it keeps it, and the
 * latency targets it is judged against. Opt-in: a cluster without this section has no canary and
 * no consumer ack latency, and the pages say how to turn them on.
 */
import { z } from "zod";
import { numberIn, wholeNumber } from "../../fields";
import { checkNatsAuth, natsConnectionFields, type NatsConnectionConfig } from "../connection-config";

/** The users' targets (shared/seeds): JetStream writes TP99 under 5 ms, end to end at most 2 ms. */
export interface LatencyTargets {
  /** The 99th percentile of JetStream write latency (publish → ack) must not exceed this. */
  writeP99Ms: number;
  /** The 99th percentile of end-to-end latency (publish on one node → delivery on another) must not exceed this. */
  endToEndP99Ms: number;
}

export const DEFAULT_LATENCY_TARGETS: LatencyTargets = { writeP99Ms: 5, endToEndP99Ms: 2 };

export interface CanaryConfig extends NatsConnectionConfig {
  /** Display names of the servers behind `urls`, same order; otherwise each server's own name. */
  names?: string[];
  /** The canary's own stream: created, kept and written by the canary only. */
  stream: string;
  /** Probes per second: each is one JetStream write that every node's subscriber also receives. */
  ratePerSec: number;
  payloadBytes: number;
  /** Replicas of the canary stream; null: like the cluster, min(3, number of URLs). */
  replicas: number | null;
  /** Bounds of the canary stream (it discards its oldest messages beyond them). */
  maxMsgs: number;
  maxAgeMs: number;
  /** Follow `$JS.EVENT.METRIC.CONSUMER.ACK.>` for the ack latency of consumers with `sample_freq` set. */
  ackLatency: boolean;
  targets: LatencyTargets;
}

export const CANARY_DEFAULTS = {
  stream: "JSW_CANARY",
  ratePerSec: 5,
  payloadBytes: 1024,
  timeoutMs: 2000,
  maxMsgs: 1000,
  maxAgeSeconds: 600,
} as const;

/** Stream names may not hold whitespace, `.`, `*`, `>`, path separators or control characters. */
const streamName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'");

export const canarySchema = z
  .strictObject({
    ...natsConnectionFields,
    names: z.array(z.string().min(1)).optional(),
    stream: streamName.default(CANARY_DEFAULTS.stream),
    ratePerSec: numberIn(0.1, 1000).default(CANARY_DEFAULTS.ratePerSec),
    payloadBytes: wholeNumber(16, 1024 * 1024).default(CANARY_DEFAULTS.payloadBytes),
    timeoutMs: wholeNumber(100, 60_000).default(CANARY_DEFAULTS.timeoutMs),
    replicas: wholeNumber(1, 5).optional(),
    maxMsgs: wholeNumber(10, 1_000_000).default(CANARY_DEFAULTS.maxMsgs),
    maxAgeSeconds: wholeNumber(10, 86_400).default(CANARY_DEFAULTS.maxAgeSeconds),
    ackLatency: z.boolean().default(true),
    targets: z
      .strictObject({ writeP99Ms: numberIn(0.01, 60_000).optional(), endToEndP99Ms: numberIn(0.01, 60_000).optional() })
      .optional(),
  })
  .superRefine((c, ctx) => {
    checkNatsAuth(c, ctx);
    if (c.names !== undefined && c.names.length !== c.urls.length)
      ctx.addIssue({ code: "custom", path: ["names"], message: `has ${c.names.length} names for ${c.urls.length} urls` });
  })
  .transform(({ maxAgeSeconds, targets, replicas, ...c }): CanaryConfig => ({
    ...c,
    replicas: replicas ?? null,
    maxAgeMs: maxAgeSeconds * 1000,
    targets: { ...DEFAULT_LATENCY_TARGETS, ...targets },
  }));

/** Replicas of the canary stream: as configured, else like the cluster's replicated streams (R3 on three or more nodes). */
export function canaryReplicas(config: Pick<CanaryConfig, "replicas" | "urls">): number {
  return config.replicas ?? Math.min(3, config.urls.length);
}
