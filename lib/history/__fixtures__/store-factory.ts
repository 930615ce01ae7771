/**
 * The store suites (the *-suite.ts files beside this one) run against every history store: the
 * SQLite one in the unit tests (the `.test.ts` files call them with `sqliteStores`), the PostgreSQL
 * one in test/integ/postgres-store.integ.ts, on a real server. A factory makes a new, empty store
 * per test, opens the same data again as a restarted dashboard does, and counts a table's rows.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SqliteHistoryStore } from "../sqlite";
import type { HistoryStore, StoreOptions } from "../store";

export interface StoreFactory {
  /** Which store, for the tests' names. */
  name: string;
  /** A new, empty store. */
  create(options: StoreOptions): Promise<HistoryStore>;
  /** The same data opened again (the caller closed `store` before). */
  reopen(store: HistoryStore, options: StoreOptions): Promise<HistoryStore>;
  /** Rows in a table, to see what pruning left. */
  count(store: HistoryStore, table: string): Promise<number>;
}

export const sqliteStores: StoreFactory = {
  name: "sqlite",
  async create(options) {
    return new SqliteHistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "jsw-store-")), "history.sqlite"), options);
  },
  async reopen(store, options) {
    return new SqliteHistoryStore((store as SqliteHistoryStore).file, options);
  },
  async count(store, table) {
    return ((store as SqliteHistoryStore).db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  },
};
