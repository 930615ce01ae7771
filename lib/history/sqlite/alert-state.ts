/**
 * A cluster's alert state in the SQLite file (the tables of schema 3, schema.ts): each change of
 * the lifecycle — records, transitions and the webhook deliveries it decided — in one transaction,
 * so a dashboard killed at any moment restarts from a state that existed.
 */
import type { DeliveryOutcome, WebhookDelivery } from "../../alerts/notify";
import type { AlertStateChange, AlertStateStore, SavedAlertState } from "../../alerts/state";
import { alertRecordOf, alertRecordRow, alertTransitionOf, deliveryOf, type Row } from "../rows";
import type { StoreContext } from "./context";
import { insertAlertTransition } from "./writes";

export class SqliteAlertState implements AlertStateStore {
  constructor(
    private readonly s: StoreContext,
    private readonly cluster: string,
  ) {}

  async load(limit: number): Promise<SavedAlertState> {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(this.cluster);
    return db.transaction(() => ({
      active: (sql.alertRecordsActive.all(clusterId) as Row[]).map(alertRecordOf),
      resolved: (sql.alertRecordsResolved.all(clusterId, limit) as Row[]).map(alertRecordOf),
      transitions: (sql.alertTransitionsLatest.all(clusterId, limit) as Row[]).map(alertTransitionOf),
      undelivered: (sql.alertDeliveriesOpen.all(clusterId) as Row[]).map(deliveryOf),
      announced: (sql.alertAnnounced.all(clusterId) as Row[]).map((r) => ({ alertId: r.alert_id as string, hook: r.hook as string })),
    }))();
  }

  async save(change: AlertStateChange): Promise<void> {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(this.cluster);
    db.transaction(() => {
      for (const id of change.dropped) sql.alertRecordDrop.run(clusterId, id);
      for (const record of change.saved) {
        const row = { cluster_id: clusterId, ...alertRecordRow(record) };
        if (sql.alertRecordUpdate.run(row).changes === 0) sql.alertRecordInsert.run(row);
      }
      for (const t of change.transitions) insertAlertTransition(this.s, clusterId, t);
      for (const d of change.deliveries) {
        const n = d.notification;
        sql.alertDeliveryDecided.run(clusterId, d.key, d.hook, n.alert.id, n.status, Date.parse(n.at), JSON.stringify(n.alert));
      }
    })();
  }

  async delivered(delivery: Pick<WebhookDelivery, "key" | "hook">, outcome: DeliveryOutcome, atMs: number): Promise<void> {
    this.s.sql.alertDeliveryDone.run(outcome, atMs, this.s.ids.cluster(this.cluster), delivery.key, delivery.hook);
  }
}
