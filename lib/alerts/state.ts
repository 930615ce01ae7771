/**
 * The port through which a cluster's alert state outlives the process: the pending and firing
 * alerts with who acknowledged or silenced them, the resolved ones, the transition log and the
 * webhook deliveries. The history stores implement it (lib/history/sqlite/alert-state.ts,
 * lib/history/postgres/alert-state.ts); the alerts layer only knows this interface. Without a
 * store the state lives in memory only.
 *
 * The store answers with promises, the lifecycle runs synchronously each cycle: the state is read
 * once, before the collector starts (loadAlertState), and from then on the lifecycle in memory is
 * the truth the cycles read, and every change is written through to the store behind it.
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
  load(limit: number): Promise<SavedAlertState>;
  /** Keeps one change whole: all of it or, when it throws, none of it (the caller tries the same change again later). */
  save(change: AlertStateChange): Promise<void>;
  /** Marks a delivery as done, so a restart does not send it again. */
  delivered(delivery: Pick<WebhookDelivery, "key" | "hook">, outcome: DeliveryOutcome, atMs: number): Promise<void>;
}

/** A store with what it held when the process started; `error` when that could not be read. */
export type LoadedAlertState = { store: AlertStateStore; saved: SavedAlertState } | { store: AlertStateStore; error: unknown };

/** Reads what the store kept, before the lifecycle starts (it restores synchronously). */
export async function loadAlertState(store: AlertStateStore, limit: number): Promise<LoadedAlertState> {
  try {
    return { store, saved: await store.load(limit) };
  } catch (error) {
    return { store, error };
  }
}
