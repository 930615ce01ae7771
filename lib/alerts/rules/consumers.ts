/**
 * Consumers (`nats server check consumer`): all critical, all off unless configured here or in
 * the consumer's metadata.
 */
import { formatDurationMs, formatExact } from "../../format";
import type { ConsumerView } from "../../model/types";
import {
  CONSUMER_LAST_ACK_CRITICAL,
  CONSUMER_LAST_DELIVERY_CRITICAL,
  CONSUMER_OUTSTANDING_ACK_CRITICAL,
  CONSUMER_REDELIVERY_CRITICAL,
  CONSUMER_UNPROCESSED_CRITICAL,
  CONSUMER_WAITING_CRITICAL,
  resolveLevel,
  setBy,
  type MonitorSetting,
} from "../metadata";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "../thresholds";
import { byDefault, consumerSubject, finding, type Rule, type RuleContext, type RuleEntry, type RuleId } from "./finding";

/** Consumers whose figures come from their leader: the only ones a threshold can be checked on. */
const ledConsumers = (ctx: RuleContext) => ctx.snapshot.consumers.filter((c) => c.truth === "leader");

function consumerCountRule(
  rule: RuleId,
  setting: MonitorSetting,
  threshold: (t: AlertThresholds) => number | null,
  count: (c: ConsumerView) => number | null,
  describe: (value: string) => string,
): Rule {
  return (ctx) =>
    ledConsumers(ctx).flatMap((c) => {
      const limit = resolveLevel(c.metadata, setting, threshold(ctx.thresholds));
      const value = count(c);
      if (limit === null || value === null || value < limit.value) return [];
      return [
        finding(
          ctx,
          rule,
          "critical",
          consumerSubject(c),
          `${c.name} has ${describe(formatExact(value))} (critical at ${formatExact(limit.value)}${setBy(limit)})`,
          value,
          limit.value,
        ),
      ];
    });
}

const consumerUnprocessed = consumerCountRule(
  "consumer-unprocessed",
  CONSUMER_UNPROCESSED_CRITICAL,
  (t) => t.unprocessedCritical,
  (c) => c.numPending,
  (n) => `${n} messages not yet delivered`,
);

const consumerAckPending = consumerCountRule(
  "consumer-ack-pending",
  CONSUMER_OUTSTANDING_ACK_CRITICAL,
  (t) => t.outstandingAckCritical,
  (c) => c.numAckPending,
  (n) => `${n} deliveries waiting for an acknowledgement`,
);

const consumerRedelivered = consumerCountRule(
  "consumer-redelivered",
  CONSUMER_REDELIVERY_CRITICAL,
  (t) => t.redeliveryCritical,
  (c) => c.numRedelivered,
  (n) => `${n} messages redelivered`,
);

const consumerWaiting = consumerCountRule(
  "consumer-waiting",
  CONSUMER_WAITING_CRITICAL,
  (t) => t.waitingCritical,
  (c) => c.numWaiting,
  (n) => `${n} pull requests waiting`,
);

function consumerSilenceRule(
  rule: RuleId,
  setting: MonitorSetting,
  threshold: (t: AlertThresholds) => number | null,
  /** The work that is waiting (null or 0: nothing to wait for, so silence is fine). */
  waiting: (c: ConsumerView) => number | null,
  lastAt: (c: ConsumerView) => string | null,
  /** `silence`: how long ago the last one was, or null when there never was one. */
  describe: (c: ConsumerView, waiting: string, silence: string | null) => string,
): Rule {
  return (ctx) =>
    ledConsumers(ctx).flatMap((c) => {
      const limit = resolveLevel(c.metadata, setting, threshold(ctx.thresholds));
      const work = waiting(c);
      if (limit === null || !work) return [];
      const last = lastAt(c);
      const ageMs = last === null ? null : ctx.now - Date.parse(last);
      if (ageMs !== null && ageMs <= limit.value) return [];
      const silence = ageMs === null ? null : formatDurationMs(ageMs);
      return [
        finding(
          ctx,
          rule,
          "critical",
          consumerSubject(c),
          `${describe(c, formatExact(work), silence)} (critical above ${formatDurationMs(limit.value)}${setBy(limit)})`,
          ageMs,
          limit.value,
        ),
      ];
    });
}

const consumerNoDelivery = consumerSilenceRule(
  "consumer-no-delivery",
  CONSUMER_LAST_DELIVERY_CRITICAL,
  (t) => t.lastDeliveryCriticalMs,
  // A paused consumer delivers nothing on purpose.
  (c) => (c.paused ? null : c.numPending),
  (c) => c.lastDeliveryAt,
  (c, pending, silence) => `${c.name} has ${pending} messages pending and ${silence ? `delivered nothing for ${silence}` : "has never delivered one"}`,
);

const consumerNoAck = consumerSilenceRule(
  "consumer-no-ack",
  CONSUMER_LAST_ACK_CRITICAL,
  (t) => t.lastAckCriticalMs,
  (c) => c.numAckPending,
  (c) => c.lastAckAt,
  (c, pending, silence) =>
    `${c.name} has ${pending} deliveries waiting for an acknowledgement and ${silence ? `none came for ${silence}` : "has never been acknowledged"}`,
);

const D = DEFAULT_ALERT_THRESHOLDS;
const level = (value: number | null, setting: MonitorSetting, unit: "count" | "ms" = "count") => `${byDefault(value, unit)}; ${setting.key}`;

export const CONSUMER_RULES = {
  "consumer-unprocessed": {
    description: `A consumer has too many undelivered messages (${level(D.unprocessedCritical, CONSUMER_UNPROCESSED_CRITICAL)}).`,
    evaluate: consumerUnprocessed,
  },
  "consumer-ack-pending": {
    description: `A consumer has too many unacknowledged deliveries (${level(D.outstandingAckCritical, CONSUMER_OUTSTANDING_ACK_CRITICAL)}).`,
    evaluate: consumerAckPending,
  },
  "consumer-redelivered": {
    description: `A consumer has redelivered too many messages (${level(D.redeliveryCritical, CONSUMER_REDELIVERY_CRITICAL)}).`,
    evaluate: consumerRedelivered,
  },
  "consumer-waiting": {
    description: `A pull consumer has too many waiting pull requests (${level(D.waitingCritical, CONSUMER_WAITING_CRITICAL)}).`,
    evaluate: consumerWaiting,
  },
  "consumer-no-delivery": {
    description: `A consumer with pending messages delivered nothing for too long (${level(D.lastDeliveryCriticalMs, CONSUMER_LAST_DELIVERY_CRITICAL, "ms")}).`,
    evaluate: consumerNoDelivery,
  },
  "consumer-no-ack": {
    description: `A consumer with outstanding acks was not acknowledged for too long (${level(D.lastAckCriticalMs, CONSUMER_LAST_ACK_CRITICAL, "ms")}).`,
    evaluate: consumerNoAck,
  },
} satisfies Record<string, RuleEntry>;
