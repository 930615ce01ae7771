/** What the parts of the PostgreSQL store share: the pool, its row ids and options, and the few ways they talk to the database. */
import pg from "pg";
import type { Row } from "../rows";
import type { StoreOptions } from "../store";
import type { PgRowIds } from "./ids";

export type Db = pg.Pool | pg.PoolClient;

export interface PgContext {
  pool: pg.Pool;
  ids: PgRowIds;
  options: StoreOptions;
}

const NUMBERS = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);

/**
 * 64-bit integers and sums (numeric) arrive as numbers, as SQLite gives them: times in ms, counters
 * and byte counts all stay below 2^53. Per pool, so nothing else in the process is changed.
 */
export const NUMBER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    NUMBERS.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

export async function rows(db: Db, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, params)).rows as Row[];
}

export async function one(db: Db, sql: string, params: unknown[] = []): Promise<Row | undefined> {
  return (await db.query(sql, params)).rows[0] as Row | undefined;
}

/** Rows the statement changed. */
export async function changed(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query(sql, params)).rowCount ?? 0;
}

/** Runs `work` in one transaction on one connection: all of it, or (when it throws) none of it. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, mode = ""): Promise<T> {
  const client = await pool.connect();
  // A connection lost while checked out is also emitted as an 'error', which the pool listens for
  // only on idle connections: unheard, it would end the process. The query running rejects with it.
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on("error", onError);
  try {
    await client.query(`BEGIN ${mode}`);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    if (!lost) await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.off("error", onError);
    // A lost connection is dropped, not handed to the next caller.
    client.release(lost);
  }
}

/**
 * Many rows in one statement: each column goes as one array and `unnest` turns them back into rows.
 * `conflict`: the key columns; a row already there is replaced (as SQLite's INSERT OR REPLACE).
 */
export async function insertMany(db: Db, table: string, columns: readonly (readonly [string, string])[], values: readonly (readonly unknown[])[], conflict?: string[]) {
  if (values.length === 0) return;
  const names = columns.map(([name]) => name);
  const arrays = columns.map((_, i) => values.map((row) => row[i] ?? null));
  const replace = conflict
    ? ` ON CONFLICT (${conflict.join(", ")}) DO UPDATE SET ${names
        .filter((n) => !conflict.includes(n))
        .map((n) => `${n} = EXCLUDED.${n}`)
        .join(", ")}`
    : "";
  await db.query(`INSERT INTO ${table} (${names.join(", ")}) SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})${replace}`, arrays);
}

/** `ON CONFLICT (key) DO UPDATE` every other column of `columns` from the row that conflicted. */
export const replaceOnConflict = (key: string[], columns: string[]) =>
  `ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${columns
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(", ")}`;

export async function metaNumber(db: Db, key: string): Promise<number | null> {
  const row = await one(db, "SELECT value FROM meta WHERE key = $1", [key]);
  return row ? Number(row.value) : null;
}

export async function setMeta(db: Db, key: string, value: number): Promise<void> {
  await db.query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [key, value]);
}
