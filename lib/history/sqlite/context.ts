/** What the parts of the SQLite store share: the open file, its prepared statements, its row ids and options. */
import type Database from "better-sqlite3";
import type { StoreOptions } from "../store";
import type { RowIds } from "./ids";
import type { Statements } from "./statements";

export type SqliteStoreOptions = StoreOptions;

export interface StoreContext {
  db: Database.Database;
  sql: Statements;
  ids: RowIds;
  options: SqliteStoreOptions;
}
