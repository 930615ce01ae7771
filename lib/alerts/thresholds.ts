/**
 * Levels at which the alert rules fire. Defaults follow `nats server check` (natscli v0.4.0,
 * shared/nats-monitoring-reference.md §6.3) where it has one; checks that natscli leaves off by
 * default (the consumer checks, server memory) are null here too. Streams and consumers can
 * override some of these with `io.nats.monitor.*` metadata, read by the rules themselves.
 */
import { z } from "zod";

export interface AlertThresholds {
  /** A node's JetStream file storage as a share of its limit. */
  storageWarnPercent: number;
  storageCritPercent: number;
  /** A node's JetStream memory storage as a share of its limit. */
  memoryWarnPercent: number;
  memoryCritPercent: number;
  /** An account's storage and memory use as a share of its JetStream limits. */
  accountWarnPercent: number;
  accountCritPercent: number;
  /** A stream's messages, bytes or consumers as a share of max_msgs, max_bytes, max_consumers. */
  streamLimitWarnPercent: number;
  streamLimitCritPercent: number;
  /** Raft operations a stream replica may be behind its leader (`lag >` this is critical). */
  replicaLagCritical: number;
  /** Time since the stream leader last heard from a replica (`activeMs >` this is critical). */
  replicaSeenCriticalMs: number;
  /** A connection holding this share of the node's max_pending is about to be cut off as a slow consumer. */
  slowConsumerPendingPercent: number;
  /** Consumer checks, `>=` like natscli; null: off unless the consumer's metadata turns them on. */
  unprocessedCritical: number | null;
  outstandingAckCritical: number | null;
  redeliveryCritical: number | null;
  waitingCritical: number | null;
  /** Longest time without a delivery while messages are pending; null: off. */
  lastDeliveryCriticalMs: number | null;
  /** Longest time without an acknowledgement while acks are outstanding; null: off. */
  lastAckCriticalMs: number | null;
  /** CPU use per core: varz `cpu` counts one core as 100 %, so it is divided by `cores` when known. */
  cpuWarnPercent: number;
  cpuCritPercent: number;
  /** Resident memory of the nats-server process; null: off (natscli has no default either). */
  memoryRssWarnBytes: number | null;
  /** A node's clock may be this far from the dashboard's (beyond its error bound) before it is alerted. */
  clockSkewWarnMs: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  storageWarnPercent: 75,
  storageCritPercent: 90,
  memoryWarnPercent: 75,
  memoryCritPercent: 90,
  accountWarnPercent: 75,
  accountCritPercent: 90,
  streamLimitWarnPercent: 80,
  streamLimitCritPercent: 90,
  replicaLagCritical: 200,
  replicaSeenCriticalMs: 5000,
  slowConsumerPendingPercent: 50,
  unprocessedCritical: null,
  outstandingAckCritical: null,
  redeliveryCritical: null,
  waitingCritical: null,
  lastDeliveryCriticalMs: null,
  lastAckCriticalMs: null,
  cpuWarnPercent: 80,
  cpuCritPercent: 95,
  memoryRssWarnBytes: null,
  clockSkewWarnMs: 500,
};

const DAY_MS = 86_400_000;

const percent = z.number().min(1).max(100);
const count = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const optionalCount = count.nullable();
// Polls are seconds apart and replica activity is kept in whole seconds: finer limits cannot be told apart.
const durationMs = (maxMs: number) => z.number().int().min(1000).max(maxMs);

/** Pairs whose warning level must not be above the critical one when both are given. */
const LEVEL_PAIRS = [
  ["storageWarnPercent", "storageCritPercent"],
  ["memoryWarnPercent", "memoryCritPercent"],
  ["accountWarnPercent", "accountCritPercent"],
  ["streamLimitWarnPercent", "streamLimitCritPercent"],
  ["cpuWarnPercent", "cpuCritPercent"],
] as const;

/**
 * A configuration's alert thresholds: every key optional (missing keys keep their default), null
 * turns an optional check off, unknown keys are errors so a typo does not silently keep a default.
 */
export const alertThresholdsSchema = z
  .strictObject({
    storageWarnPercent: percent.optional(),
    storageCritPercent: percent.optional(),
    memoryWarnPercent: percent.optional(),
    memoryCritPercent: percent.optional(),
    accountWarnPercent: percent.optional(),
    accountCritPercent: percent.optional(),
    streamLimitWarnPercent: percent.optional(),
    streamLimitCritPercent: percent.optional(),
    replicaLagCritical: count.optional(),
    replicaSeenCriticalMs: durationMs(DAY_MS).optional(),
    slowConsumerPendingPercent: percent.optional(),
    unprocessedCritical: optionalCount.optional(),
    outstandingAckCritical: optionalCount.optional(),
    redeliveryCritical: optionalCount.optional(),
    waitingCritical: optionalCount.optional(),
    lastDeliveryCriticalMs: durationMs(30 * DAY_MS).nullable().optional(),
    lastAckCriticalMs: durationMs(30 * DAY_MS).nullable().optional(),
    cpuWarnPercent: percent.optional(),
    cpuCritPercent: percent.optional(),
    memoryRssWarnBytes: optionalCount.optional(),
    clockSkewWarnMs: z.number().int().min(10).max(DAY_MS).optional(),
  })
  .superRefine((value, ctx) => {
    for (const [warn, crit] of LEVEL_PAIRS) {
      const warnLevel = value[warn];
      const critLevel = value[crit];
      if (warnLevel !== undefined && critLevel !== undefined && warnLevel > critLevel)
        ctx.addIssue({ code: "custom", path: [warn], message: `must not be above ${crit} (${critLevel})` });
    }
  });
