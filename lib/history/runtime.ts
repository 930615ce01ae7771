/**
 * The process-wide history store and one recorder per cluster. The store is opened before the hub
 * starts, because the hub's collectors continue from the alert state kept in it (see boot.ts).
 */
import "server-only";
import type { Hub } from "../hub";
import type { HistoryConfig } from "./config";
import { PostgresHistoryStore } from "./postgres";
import { HistoryRecorder } from "./recorder";
import { SqliteHistoryStore } from "./sqlite";
import type { HistoryStore } from "./store";

export interface HistoryRuntime {
  store: HistoryStore | null;
  recorders: Map<string, HistoryRecorder>;
  /** Why there is no store: switched off in the config, or the file or database could not be opened. */
  unavailable: string | null;
}

const HISTORY_KEY = Symbol.for("jetstream-watch.history");
type Holder = { [HISTORY_KEY]?: HistoryRuntime };

export function getHistory(): HistoryRuntime | undefined {
  return (globalThis as Holder)[HISTORY_KEY];
}

/**
 * Opens the history store, once per process: the PostgreSQL database when one is configured, else
 * the SQLite file. Without one (switched off, or unopenable) `store` is null and says why.
 */
export async function openHistory(config: { history: HistoryConfig }): Promise<HistoryRuntime> {
  const holder = globalThis as Holder;
  if (holder[HISTORY_KEY]) return holder[HISTORY_KEY];
  const runtime: HistoryRuntime = { store: null, recorders: new Map(), unavailable: null };
  holder[HISTORY_KEY] = runtime;
  const { history } = config;
  const { postgres, path } = history;
  if (!postgres && !path) {
    runtime.unavailable = "history is switched off (HISTORY_PATH=off or history.enabled=false)";
    return runtime;
  }
  try {
    runtime.store = postgres ? await PostgresHistoryStore.open(postgres, history) : new SqliteHistoryStore(path!, history);
  } catch (err) {
    const what = postgres ? "the PostgreSQL database" : `the history file ${path}`;
    runtime.unavailable = `${what} could not be opened: ${err instanceof Error ? err.message : String(err)}`;
    console.error(`jetstream-watch: ${runtime.unavailable}; running without history`);
  }
  return runtime;
}

/**
 * A recorder for every cluster of the hub (once; none without a store). They are started where
 * this replica leads the cluster (lib/replicas/): only the leader writes its cycles.
 */
export function makeRecorders(runtime: HistoryRuntime, hub: Hub, config: { history: HistoryConfig; pollIntervalMs: number }): void {
  if (!runtime.store || runtime.recorders.size > 0) return;
  for (const collector of hub.collectors.values()) {
    const recorder = new HistoryRecorder(runtime.store, collector, { assetStepMs: config.history.assetStepMs, pollIntervalMs: config.pollIntervalMs });
    runtime.recorders.set(collector.cluster.name, recorder);
  }
}
