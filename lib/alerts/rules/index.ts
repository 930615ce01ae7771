/**
 * Alert rules: pure functions from one snapshot (and the one before it) to findings. No I/O and
 * no clock but `now`. Defaults and per-asset `io.nats.monitor.*` metadata follow
 * `nats server check` (shared/nats-monitoring-reference.md §6.3). One file per subject, as
 * nats-io/jsm.go keeps monitor/stream.go, monitor/consumer.go, …
 *
 * One cause, one alert: a node that does not answer gets node-down, and neither the replicas it
 * hosts nor the assets it leads are alerted again for it.
 */
import { CONSUMER_RULES } from "./consumers";
import type { Finding, RuleContext, RuleEntry, RuleId, Severity } from "./finding";
import { LATENCY_RULES } from "./latency";
import { LEADER_RULES } from "./leaders";
import { META_RULES } from "./meta";
import { NODE_RULES } from "./nodes";
import { REPLICA_RULES } from "./replicas";
import { SERVER_RULES } from "./servers";
import { SLOW_CONSUMER_RULES } from "./slow-consumers";
import { STORAGE_RULES } from "./storage";

export type { AlertSubject, Finding, RuleContext, RuleId, Severity } from "./finding";

/** Every rule, in the order the Alerts page and the README list them. */
const RULE_TABLE: Record<RuleId, RuleEntry> = {
  ...NODE_RULES,
  ...META_RULES,
  ...LEADER_RULES,
  ...REPLICA_RULES,
  ...STORAGE_RULES,
  ...SLOW_CONSUMER_RULES,
  ...CONSUMER_RULES,
  ...SERVER_RULES,
  ...LATENCY_RULES,
};

export const RULES: { id: RuleId; description: string }[] = (Object.keys(RULE_TABLE) as RuleId[]).map((id) => ({
  id,
  description: RULE_TABLE[id].description,
}));

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };

/** Every rule over one snapshot; critical findings first, then by key. */
export function evaluateRules(ctx: RuleContext): Finding[] {
  return Object.values(RULE_TABLE)
    .flatMap((rule) => rule.evaluate(ctx))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
