import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { alertStateSuite, iso, none, OPTIONS, record, T0 } from "../__fixtures__/alert-state-suite";
import { sqliteStores } from "../__fixtures__/store-factory";
import { SqliteHistoryStore } from ".";
import { SCHEMA_VERSION } from "./schema";

const FIXTURE = path.join(__dirname, "__fixtures__", "schema-2.sqlite");

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), "jsw-alert-state-")), "history.sqlite");

alertStateSuite(sqliteStores);

test("migration: a schema-2 file written by the previous store gains the alert state tables and keeps everything it had", async () => {
  const file = tempFile();
  copyFileSync(FIXTURE, file);
  const store = new SqliteHistoryStore(file, OPTIONS);
  assert.equal(store.db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  // What schema 2 held is still there and still read the same way.
  assert.deepEqual((await store.sessions("main", T0, T0 + 60_000)).length, 1);
  assert.deepEqual((await store.outages("main", T0, T0 + 60_000)).map((o) => [o.node, o.start, o.end]), [["n3", T0 + 1000, null]]);
  assert.deepEqual((await store.series("main", { kind: "node", node: "n3" }, T0, T0 + 2000, 1000)).points.map((p) => p.values.up), [1, 0, null]);
  // The alert log of the old run is the restarted dashboard's log; nothing was active in the new tables yet.
  const loaded = await store.alertState("main").load(100);
  assert.deepEqual(loaded.transitions.map((t) => [t.at, t.to, t.message]), [
    [iso(1), "pending", "n3 does not answer"],
    [iso(11), "firing", "n3 does not answer"],
    [iso(20), "acknowledged", "alice: on it"],
  ]);
  assert.deepEqual([loaded.active, loaded.resolved, loaded.undelivered], [[], [], []]);
  await store.alertState("main").save({ ...none, saved: [record("x")] });
  await store.close();

  // Opened again: already at 3, nothing runs twice and nothing is lost.
  const again = new SqliteHistoryStore(file, OPTIONS);
  assert.deepEqual((await again.alertState("main").load(100)).active.map((r) => r.id), ["x"]);
  await again.close();
});

test("a file of a newer schema is refused and left alone", async () => {
  const file = tempFile();
  new SqliteHistoryStore(file, OPTIONS).close();
  const newer = new SqliteHistoryStore(file, OPTIONS);
  newer.db.pragma("user_version = 99");
  await newer.close();
  assert.throws(() => new SqliteHistoryStore(file, OPTIONS), /written by a newer JetStream Watch \(schema 99\)/);
});
