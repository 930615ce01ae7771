/**
 * What a stored row means, for both stores (sqlite/, postgres/): their tables have the same
 * columns, so a row becomes a record, and a record a row, here once. Times are ms since the epoch
 * in the rows and ISO 8601 in the records, as the engine and the pages use them.
 */
import type { AlertRecord, AlertTransition } from "../alerts/engine";
import type { WebhookDelivery } from "../alerts/notify";
import type { ClusterEvent } from "../model/types";
import type { Outage, StoredAlertTransition } from "./store";
import type { ManagedTokenRecord } from "./tokens";

export type Row = Record<string, number | string | null>;

const msOf = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const isoOf = (ms: unknown): string | null => (ms === null || ms === undefined ? null : new Date(ms as number).toISOString());

export const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** An alert_records row of an alert (without its cluster). */
export function alertRecordRow(r: AlertRecord) {
  return {
    alert_id: r.id,
    rule: r.rule,
    severity: r.severity,
    subject: JSON.stringify(r.subject),
    subject_label: r.subjectLabel,
    message: r.message,
    value: r.value,
    threshold: r.threshold,
    state: r.state,
    pending_since: Date.parse(r.pendingSince),
    firing_since: msOf(r.firingSince),
    resolved_at: msOf(r.resolvedAt),
    fired_ms: r.firedMs,
    ack_by: r.acknowledged?.by ?? null,
    ack_at: msOf(r.acknowledged?.at),
    ack_note: r.acknowledged?.note ?? null,
    silence_by: r.silenced?.by ?? null,
    silence_at: msOf(r.silenced?.at),
    silence_note: r.silenced?.note ?? null,
    silence_until: msOf(r.silenced?.until),
  };
}

export type AlertRecordRow = ReturnType<typeof alertRecordRow>;

export function alertRecordOf(row: Row): AlertRecord {
  return {
    id: row.alert_id as string,
    rule: row.rule as AlertRecord["rule"],
    severity: row.severity as AlertRecord["severity"],
    subject: JSON.parse(row.subject as string) as AlertRecord["subject"],
    subjectLabel: row.subject_label as string,
    message: row.message as string,
    value: row.value as number | null,
    threshold: row.threshold as number | null,
    state: row.state as AlertRecord["state"],
    pendingSince: isoOf(row.pending_since)!,
    firingSince: isoOf(row.firing_since),
    resolvedAt: isoOf(row.resolved_at),
    firedMs: row.fired_ms as number | null,
    acknowledged: row.ack_by === null ? null : { by: row.ack_by as string, at: isoOf(row.ack_at)!, note: (row.ack_note as string | null) ?? "" },
    silenced:
      row.silence_by === null
        ? null
        : { by: row.silence_by as string, at: isoOf(row.silence_at)!, note: (row.silence_note as string | null) ?? "", until: isoOf(row.silence_until)! },
  };
}

/** An alert_deliveries row (key, hook, status, at, alert) as the delivery it keeps. */
export const deliveryOf = (r: Row): WebhookDelivery => ({
  key: r.key as string,
  hook: r.hook as string,
  notification: { status: r.status as WebhookDelivery["notification"]["status"], at: isoOf(r.at)!, alert: JSON.parse(r.alert as string) as AlertRecord },
});

/** The columns of an alert_transitions row, in the order both stores insert them (after the cluster). */
export const alertTransitionValues = (t: AlertTransition) => [Date.parse(t.at), t.id, t.rule, t.severity, t.subjectLabel, t.from, t.to, t.message] as const;

/** An alert_transitions row as the engine's transition. */
export function alertTransitionOf(r: Row): AlertTransition {
  return {
    at: new Date(r.at as number).toISOString(),
    id: r.alert_id as string,
    rule: r.rule as StoredAlertTransition["rule"],
    severity: r.severity as StoredAlertTransition["severity"],
    subjectLabel: r.subject as string,
    from: (r.from_state as StoredAlertTransition["from"]) ?? null,
    to: r.to_state as StoredAlertTransition["to"],
    message: (r.message as string | null) ?? "",
  };
}

/** The columns of an events row, in the order both stores insert them (after the cluster). */
export const eventValues = (e: ClusterEvent) =>
  [Date.parse(e.at), e.kind, e.source, e.account, e.stream, e.consumer, e.server, e.fromLeader, e.toLeader, e.leaderlessSince, e.leaderlessMs, e.detail] as const;

export function eventOf(r: Row): ClusterEvent {
  return {
    id: `h${r.id}`,
    at: new Date(r.at as number).toISOString(),
    kind: r.kind as ClusterEvent["kind"],
    source: r.source as ClusterEvent["source"],
    account: r.account as string | null,
    stream: r.stream as string | null,
    consumer: r.consumer as string | null,
    server: r.server as string | null,
    fromLeader: r.from_leader as string | null,
    toLeader: r.to_leader as string | null,
    leaderlessSince: r.leaderless_since as string | null,
    leaderlessMs: r.leaderless_ms as number | null,
    detail: (r.detail as string | null) ?? "",
  };
}

/** A node's newest node_samples row with counters (in_msgs, out_msgs, in_bytes, out_bytes, started): where a restarted dashboard continues its deltas. */
export const resumedCounters = (r: Row) => ({
  inMsgs: r.in_msgs as number,
  outMsgs: r.out_msgs as number,
  inBytes: r.in_bytes as number,
  outBytes: r.out_bytes as number,
  startedAt: (r.started as string | null) ?? null,
});

export function outageOf(r: Row): Outage {
  return {
    scope: r.scope as Outage["scope"],
    node: (r.node as string | null) ?? null,
    start: r.start as number,
    end: (r.end as number | null) ?? null,
    endObserved: Number(r.end_observed) === 1,
    reason: (r.reason as string | null) ?? "",
  };
}

export const TOKEN_COLUMNS = "id, name, scope, created_at, created_by, last_used_at, revoked_at, revoked_by";

export const tokenRecordOf = (r: Row): ManagedTokenRecord => ({
  id: r.id as number,
  name: r.name as string,
  scope: r.scope as string,
  createdAt: r.created_at as number,
  createdBy: r.created_by as string,
  lastUsedAt: r.last_used_at as number | null,
  revokedAt: r.revoked_at as number | null,
  revokedBy: r.revoked_by as string | null,
});

export const AUDIT_COLUMNS = "id, at, kind, actor, ip, subject, detail";
