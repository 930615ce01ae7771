/**
 * The port through which a cluster's alert state outlives the process: the pending and firing
 * alerts with who acknowledged or silenced them, the resolved ones, the transition log and the
 * webhook deliveries. The history store implements it (lib/history/sqlite/alert-state.ts); the
 * alerts layer only knows this interface. Without a store the state lives in memory only.
 */
import type { AlertChanges, RestoredAlerts } from "./engine";
import type { DeliveryOutcome, WebhookDelivery } from "./notify";

/** One step of the lifecycle and the deliveries it decided: saved together, before any is sent. */
export interface AlertStateChange extends AlertChanges {
  deliveries: WebhookDelivery[];
}

export interface SavedAlertState extends RestoredAlerts {
  /** Deliveries decided but never confirmed: the previous run stopped before their receiver answered. */
  undelivered: WebhookDelivery[];
  /** For each firing alert, the webhooks that were told it fires (they, and only they, hear when it resolves). */
  announced: { alertId: string; hook: string }[];
}

export interface AlertStateStore {
  /** What the previous run left, oldest first; `limit` bounds the resolved alerts and the transitions. */
  load(limit: number): SavedAlertState;
  /** Keeps one change whole: all of it or, when it throws, none of it (the caller tries the same change again later). */
  save(change: AlertStateChange): void;
  /** Marks a delivery as done, so a restart does not send it again. */
  delivered(delivery: Pick<WebhookDelivery, "key" | "hook">, outcome: DeliveryOutcome, atMs: number): void;
}
