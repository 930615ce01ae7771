/** What the parts of the SQLite store share: the open file, its prepared statements, its row ids and options. */
import type Database from "better-sqlite3";
import { NODE_ROLLUP_MS } from "../store";
import type { RowIds } from "./ids";
import type { Statements } from "./statements";

export interface SqliteStoreOptions {
  rawRetentionMs: number;
  rollupRetentionMs: number;
  assetRollupMs: number;
}

export interface StoreContext {
  db: Database.Database;
  sql: Statements;
  ids: RowIds;
  options: SqliteStoreOptions;
}

export type Row = Record<string, number | string | null>;

export const MINUTE = NODE_ROLLUP_MS;
export const alignDown = (t: number, step: number) => Math.floor(t / step) * step;
export const alignUp = (t: number, step: number) => Math.ceil(t / step) * step;
