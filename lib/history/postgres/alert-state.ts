/**
 * A cluster's alert state in PostgreSQL (the alert_records, alert_transitions and alert_deliveries
 * tables): each change of the lifecycle in one transaction, as in the SQLite store
 * (sqlite/alert-state.ts), so a dashboard killed at any moment restarts from a state that existed.
 */
import type { DeliveryOutcome, WebhookDelivery } from "../../alerts/notify";
import type { AlertStateChange, AlertStateStore, SavedAlertState } from "../../alerts/state";
import { alertRecordOf, alertRecordRow, alertTransitionOf, alertTransitionValues, deliveryOf } from "../rows";
import { changed, rows, transaction, type PgContext } from "./context";
import { insertAlertTransition } from "./writes";

const RECORD_COLUMNS = Object.keys(alertRecordRow({ subject: {}, pendingSince: "1970-01-01T00:00:00Z" } as Parameters<typeof alertRecordRow>[0])).filter((c) => c !== "alert_id");
const UPDATE_RECORD = `UPDATE alert_records SET ${RECORD_COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(", ")} WHERE cluster_id = $1 AND alert_id = $2 AND state <> 'resolved'`;
const INSERT_RECORD = `INSERT INTO alert_records (cluster_id, alert_id, ${RECORD_COLUMNS.join(", ")}) VALUES (${["$1", "$2", ...RECORD_COLUMNS.map((_, i) => `$${i + 3}`)].join(", ")})`;

export class PgAlertState implements AlertStateStore {
  constructor(
    private readonly s: PgContext,
    private readonly cluster: string,
  ) {}

  async load(limit: number): Promise<SavedAlertState> {
    const clusterId = await this.s.ids.cluster(this.cluster);
    // One snapshot of the tables: a replica's write between two of these reads is seen by all or none.
    return transaction(
      this.s.pool,
      async (db) => ({
        active: (await rows(db, "SELECT * FROM alert_records WHERE cluster_id = $1 AND state <> 'resolved' ORDER BY pending_since, id", [clusterId])).map(alertRecordOf),
        resolved: (
          await rows(
            db,
            "SELECT * FROM (SELECT * FROM alert_records WHERE cluster_id = $1 AND state = 'resolved' ORDER BY resolved_at DESC, id DESC LIMIT $2) r ORDER BY resolved_at, id",
            [clusterId, limit],
          )
        ).map(alertRecordOf),
        transitions: (
          await rows(db, "SELECT * FROM (SELECT * FROM alert_transitions WHERE cluster_id = $1 ORDER BY at DESC, id DESC LIMIT $2) t ORDER BY at, id", [clusterId, limit])
        ).map(alertTransitionOf),
        undelivered: (await rows(db, "SELECT key, hook, status, at, alert FROM alert_deliveries WHERE cluster_id = $1 AND outcome IS NULL ORDER BY id", [clusterId])).map(deliveryOf),
        // Since the alert's firingSince: its escalations included, an earlier firing of the same alert not.
        announced: (
          await rows(
            db,
            `SELECT DISTINCT d.alert_id COLLATE "C" AS alert_id, d.hook COLLATE "C" AS hook FROM alert_deliveries d
             JOIN alert_records r ON r.cluster_id = d.cluster_id AND r.alert_id = d.alert_id AND r.state = 'firing'
             WHERE d.cluster_id = $1 AND d.status = 'firing' AND d.at >= r.firing_since ORDER BY 1, 2`,
            [clusterId],
          )
        ).map((r) => ({ alertId: r.alert_id as string, hook: r.hook as string })),
      }),
      "ISOLATION LEVEL REPEATABLE READ READ ONLY",
    );
  }

  async save(change: AlertStateChange): Promise<void> {
    const clusterId = await this.s.ids.cluster(this.cluster);
    await transaction(this.s.pool, async (db) => {
      for (const id of change.dropped) await db.query("DELETE FROM alert_records WHERE cluster_id = $1 AND alert_id = $2 AND state = 'pending'", [clusterId, id]);
      for (const record of change.saved) {
        const row = alertRecordRow(record);
        const values = [clusterId, row.alert_id, ...RECORD_COLUMNS.map((c) => row[c as keyof typeof row])];
        if ((await changed(db, UPDATE_RECORD, values)) === 0) await db.query(INSERT_RECORD, values);
      }
      for (const t of change.transitions) await insertAlertTransition(db, clusterId, alertTransitionValues(t));
      for (const d of change.deliveries) {
        const n = d.notification;
        await db.query(
          "INSERT INTO alert_deliveries (cluster_id, key, hook, alert_id, status, at, alert) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (cluster_id, key, hook) DO NOTHING",
          [clusterId, d.key, d.hook, n.alert.id, n.status, Date.parse(n.at), JSON.stringify(n.alert)],
        );
      }
    });
  }

  async delivered(delivery: Pick<WebhookDelivery, "key" | "hook">, outcome: DeliveryOutcome, atMs: number): Promise<void> {
    await this.s.pool.query("UPDATE alert_deliveries SET outcome = $1, done_at = $2 WHERE cluster_id = $3 AND key = $4 AND hook = $5 AND outcome IS NULL", [
      outcome,
      atMs,
      await this.s.ids.cluster(this.cluster),
      delivery.key,
      delivery.hook,
    ]);
  }
}
