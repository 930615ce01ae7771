/**
 * A cluster's alert state in the SQLite file (the tables of schema 3, schema.ts): each change of
 * the lifecycle — records, transitions and the webhook deliveries it decided — in one transaction,
 * so a dashboard killed at any moment restarts from a state that existed.
 */
import type { AlertRecord } from "../../alerts/engine";
import type { DeliveryOutcome, WebhookDelivery } from "../../alerts/notify";
import type { AlertStateChange, AlertStateStore, SavedAlertState } from "../../alerts/state";
import type { Row, StoreContext } from "./context";
import { alertTransitionOf } from "./reports";
import { insertAlertTransition } from "./writes";

const msOf = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const isoOf = (ms: unknown): string | null => (ms === null || ms === undefined ? null : new Date(ms as number).toISOString());

function recordRow(clusterId: number, r: AlertRecord) {
  return {
    cluster_id: clusterId,
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

function recordOf(row: Row): AlertRecord {
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

export class SqliteAlertState implements AlertStateStore {
  constructor(
    private readonly s: StoreContext,
    private readonly cluster: string,
  ) {}

  load(limit: number): SavedAlertState {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(this.cluster);
    return db.transaction(() => ({
      active: (sql.alertRecordsActive.all(clusterId) as Row[]).map(recordOf),
      resolved: (sql.alertRecordsResolved.all(clusterId, limit) as Row[]).map(recordOf),
      transitions: (sql.alertTransitionsLatest.all(clusterId, limit) as Row[]).map(alertTransitionOf),
      undelivered: (sql.alertDeliveriesOpen.all(clusterId) as Row[]).map(
        (r): WebhookDelivery => ({
          key: r.key as string,
          hook: r.hook as string,
          notification: { status: r.status as WebhookDelivery["notification"]["status"], at: isoOf(r.at)!, alert: JSON.parse(r.alert as string) as AlertRecord },
        }),
      ),
      announced: (sql.alertAnnounced.all(clusterId) as Row[]).map((r) => ({ alertId: r.alert_id as string, hook: r.hook as string })),
    }))();
  }

  save(change: AlertStateChange): void {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(this.cluster);
    db.transaction(() => {
      for (const id of change.dropped) sql.alertRecordDrop.run(clusterId, id);
      for (const record of change.saved) {
        const row = recordRow(clusterId, record);
        if (sql.alertRecordUpdate.run(row).changes === 0) sql.alertRecordInsert.run(row);
      }
      for (const t of change.transitions) insertAlertTransition(this.s, clusterId, t);
      for (const d of change.deliveries) {
        const n = d.notification;
        sql.alertDeliveryDecided.run(clusterId, d.key, d.hook, n.alert.id, n.status, Date.parse(n.at), JSON.stringify(n.alert));
      }
    })();
  }

  delivered(delivery: Pick<WebhookDelivery, "key" | "hook">, outcome: DeliveryOutcome, atMs: number): void {
    this.s.sql.alertDeliveryDone.run(outcome, atMs, this.s.ids.cluster(this.cluster), delivery.key, delivery.hook);
  }
}
