/**
 * The PostgreSQL history store on a real server (Debian's PostgreSQL 15, started here in a
 * temporary directory): the same store suites the SQLite store passes in the unit tests, each test
 * on a database of its own, and what only a shared database has — migrations at start, a schema
 * newer than the code refused with both versions named, and two dashboards starting at once.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { alertStateSuite } from "../../lib/history/__fixtures__/alert-state-suite";
import { exactAndLatencySuite } from "../../lib/history/__fixtures__/exact-and-latency-suite";
import { historyStoreSuite } from "../../lib/history/__fixtures__/history-suite";
import type { StoreFactory } from "../../lib/history/__fixtures__/store-factory";
import { tokensAndAuditSuite } from "../../lib/history/__fixtures__/tokens-and-audit-suite";
import { PostgresHistoryStore } from "../../lib/history/postgres";
import { MIGRATIONS, SCHEMA_VERSION } from "../../lib/history/postgres/schema";
import { startPostgres, type PostgresServer } from "../harness/postgres";

const OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };

let server: PostgresServer;
const urls = new WeakMap<object, string>();

before(async () => {
  // The tests never outlive a crash of the server: no fsync keeps them quick on a shared machine.
  server = await startPostgres({ fsync: "off" });
});

after(async () => {
  await server?.stop();
});

const open = (url: string, options = OPTIONS) => PostgresHistoryStore.open({ url, poolSize: 4 }, options);

const postgresStores: StoreFactory = {
  name: "postgres",
  async create(options) {
    const url = await server.createDatabase();
    const store = await open(url, options);
    urls.set(store, url);
    return store;
  },
  async reopen(store, options) {
    const again = await open(urls.get(store)!, options);
    urls.set(again, urls.get(store)!);
    return again;
  },
  async count(store, table) {
    return Number((await (store as PostgresHistoryStore).pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  },
};

historyStoreSuite(postgresStores);
exactAndLatencySuite(postgresStores);
alertStateSuite(postgresStores);
tokensAndAuditSuite(postgresStores);

test("postgres: migrations run once at start, also when two dashboards start at the same time", async () => {
  const url = await server.createDatabase();
  const [a, b] = await Promise.all([open(url), open(url)]);
  const versions = (await a.pool.query("SELECT version FROM jsw_schema ORDER BY version")).rows.map((r) => r.version);
  assert.deepEqual(versions, MIGRATIONS.map((m) => m.version), "each step once");
  await a.tokens.createToken({ name: "t", scope: "viewer", hash: "f".repeat(64), createdAt: 1, createdBy: "ana" });
  assert.equal((await b.tokens.tokens()).length, 1, "one database for both");
  await Promise.all([a.close(), b.close()]);
  const again = await open(url);
  assert.equal((await again.tokens.tokens()).length, 1, "opened again: nothing migrated twice, nothing lost");
  await again.close();
});

test("postgres: a database whose schema is newer than this version understands is refused, naming both versions, and left alone", async () => {
  const url = await server.createDatabase();
  await (await open(url)).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("INSERT INTO jsw_schema (version) VALUES ($1)", [SCHEMA_VERSION + 98]);
    await assert.rejects(
      open(url),
      new RegExp(`schema version ${SCHEMA_VERSION + 98}, written by a newer JetStream Watch; this version understands schema version ${SCHEMA_VERSION} at most`),
    );
    const left = (await client.query("SELECT max(version) AS v FROM jsw_schema")).rows[0].v;
    assert.equal(left, SCHEMA_VERSION + 98, "nothing was changed");
  } finally {
    await client.end();
  }
});

test("postgres: an unreachable database is an error at open, with the driver's reason", async () => {
  await assert.rejects(open(`postgres://jsw@127.0.0.1:${server.port}/no_such_database`), /no_such_database/);
});
