import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { alertRecord } from "../../alerts/__fixtures__/alerts";
import type { AlertRecord, AlertTransition } from "../../alerts/engine";
import type { WebhookDelivery } from "../../alerts/notify";
import { SqliteHistoryStore } from ".";

const T0 = Date.parse("2026-11-21T03:00:00Z");
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const DAY = 24 * 3_600_000;
const OPTIONS = { rawRetentionMs: DAY, rollupRetentionMs: 90 * DAY, assetRollupMs: 600_000 };
const FIXTURE = path.join(__dirname, "__fixtures__", "schema-2.sqlite");

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), "jsw-alert-state-")), "history.sqlite");

/** A node-storage warning on n1, firing since 10 s. */
function record(id: string, overrides: Partial<AlertRecord> = {}): AlertRecord {
  return alertRecord(iso(0), iso(10), {
    id,
    rule: "node-storage",
    severity: "warning",
    subject: { kind: "node", node: "n1" },
    subjectLabel: "node n1",
    message: "storage 80 %",
    value: 80.5,
    threshold: 75,
    ...overrides,
  });
}

function transition(id: string, at: number, from: AlertTransition["from"], to: AlertTransition["to"], message = "storage 80 %"): AlertTransition {
  return { at: iso(at), id, rule: "node-storage", severity: "warning", subjectLabel: "node n1", from, to, message };
}

function delivery(alert: AlertRecord, status: "firing" | "resolved", at: number, hook = "hook-a"): WebhookDelivery {
  return { key: `${alert.id}:${status}:${iso(at)}`, hook, notification: { status, alert, at: iso(at) } };
}

const none = { saved: [], dropped: [], transitions: [], deliveries: [] };

test("alert state round trip: records with acknowledgement and silence, transitions, deliveries until they are marked", () => {
  const file = tempFile();
  const store = new SqliteHistoryStore(file, OPTIONS);
  const state = store.alertState("main");
  assert.deepEqual(state.load(100), { active: [], resolved: [], transitions: [], undelivered: [], announced: [] });

  const firing = record("node-storage:n1", {
    acknowledged: { by: "alice", at: iso(20), note: "cleaning up" },
    silenced: { by: "bob", at: iso(21), note: "", until: iso(3600) },
  });
  const pending = record("node-down:n3", {
    rule: "node-down",
    severity: "critical",
    subject: { kind: "node", node: "n3" },
    subjectLabel: "node n3",
    value: null,
    threshold: null,
    state: "pending",
    firingSince: null,
  });
  const fired = delivery(firing, "firing", 10);
  state.save({
    saved: [firing, pending],
    dropped: [],
    transitions: [transition(firing.id, 0, null, "pending"), transition(firing.id, 10, "pending", "firing"), transition(firing.id, 20, "firing", "acknowledged", "alice: cleaning up")],
    deliveries: [fired, delivery(firing, "firing", 10, "hook-b")],
  });
  state.delivered(fired, "sent", T0 + 11_000);
  store.close();

  // A new connection to the same file, as a restarted process has.
  const reopened = new SqliteHistoryStore(file, OPTIONS);
  const loaded = reopened.alertState("main").load(100);
  assert.deepEqual(loaded.active, [firing, pending]);
  assert.deepEqual(loaded.transitions.map((t) => [t.to, t.message]), [["pending", "storage 80 %"], ["firing", "storage 80 %"], ["acknowledged", "alice: cleaning up"]]);
  assert.deepEqual(loaded.undelivered, [delivery(firing, "firing", 10, "hook-b")], "only the delivery never marked is sent again");
  assert.deepEqual(loaded.announced, [{ alertId: firing.id, hook: "hook-a" }, { alertId: firing.id, hook: "hook-b" }]);
  assert.deepEqual(reopened.alertState("other").load(100).active, [], "per cluster");
  reopened.close();
});

test("alert state: a resolved alert keeps its row, the next episode of the same alert gets its own; a dropped pending one is gone", () => {
  const store = new SqliteHistoryStore(tempFile(), OPTIONS);
  const state = store.alertState("main");
  const first = record("a");
  state.save({ ...none, saved: [record("a", { state: "pending", firingSince: null }), record("b", { state: "pending", firingSince: null })] });
  state.save({ ...none, saved: [first], dropped: ["b"] });
  state.save({ ...none, saved: [{ ...first, state: "resolved", resolvedAt: iso(40), firedMs: 30_000 }] });
  const second = record("a", { pendingSince: iso(100), firingSince: iso(110), severity: "critical" });
  state.save({ ...none, saved: [second], deliveries: [delivery(second, "firing", 110)] });
  const loaded = state.load(100);
  assert.deepEqual(loaded.active, [second]);
  assert.deepEqual(loaded.resolved.map((r) => [r.id, r.state, r.firingSince, r.resolvedAt, r.firedMs]), [["a", "resolved", iso(10), iso(40), 30_000]]);
  // The first episode's deliveries do not count for the second: it is announced by its own.
  state.save({ ...none, deliveries: [delivery(first, "firing", 10, "old-hook")] });
  assert.deepEqual(state.load(100).announced, [{ alertId: "a", hook: "hook-a" }]);
  store.close();
});

test("alert state: load keeps the newest `limit` resolved alerts and transitions, oldest first", () => {
  const store = new SqliteHistoryStore(tempFile(), OPTIONS);
  const state = store.alertState("main");
  for (let i = 1; i <= 5; i++) {
    state.save({ ...none, saved: [record(`r${i}`, { state: "resolved", resolvedAt: iso(i * 100), firedMs: 1000 })], transitions: [transition(`r${i}`, i * 100, "firing", "resolved")] });
  }
  const loaded = state.load(2);
  assert.deepEqual(loaded.resolved.map((r) => r.id), ["r4", "r5"]);
  assert.deepEqual(loaded.transitions.map((t) => t.id), ["r4", "r5"]);
  store.close();
});

test("migration: a schema-2 file written by the previous store gains the alert state tables and keeps everything it had", () => {
  const file = tempFile();
  copyFileSync(FIXTURE, file);
  const store = new SqliteHistoryStore(file, OPTIONS);
  assert.equal(store.db.pragma("user_version", { simple: true }), 3);
  // What schema 2 held is still there and still read the same way.
  assert.deepEqual(store.sessions("main", T0, T0 + 60_000).length, 1);
  assert.deepEqual(store.outages("main", T0, T0 + 60_000).map((o) => [o.node, o.start, o.end]), [["n3", T0 + 1000, null]]);
  assert.deepEqual(store.series("main", { kind: "node", node: "n3" }, T0, T0 + 2000, 1000).points.map((p) => p.values.up), [1, 0, null]);
  // The alert log of the old run is the restarted dashboard's log; nothing was active in the new tables yet.
  const loaded = store.alertState("main").load(100);
  assert.deepEqual(loaded.transitions.map((t) => [t.at, t.to, t.message]), [
    [iso(1), "pending", "n3 does not answer"],
    [iso(11), "firing", "n3 does not answer"],
    [iso(20), "acknowledged", "alice: on it"],
  ]);
  assert.deepEqual([loaded.active, loaded.resolved, loaded.undelivered], [[], [], []]);
  store.alertState("main").save({ ...none, saved: [record("x")] });
  store.close();

  // Opened again: already at 3, nothing runs twice and nothing is lost.
  const again = new SqliteHistoryStore(file, OPTIONS);
  assert.deepEqual(again.alertState("main").load(100).active.map((r) => r.id), ["x"]);
  again.close();
});

test("a file of a newer schema is refused and left alone", () => {
  const file = tempFile();
  new SqliteHistoryStore(file, OPTIONS).close();
  const newer = new SqliteHistoryStore(file, OPTIONS);
  newer.db.pragma("user_version = 99");
  newer.close();
  assert.throws(() => new SqliteHistoryStore(file, OPTIONS), /written by a newer JetStream Watch \(schema 99\)/);
});

test("pruning: resolved alerts and answered deliveries go after the retention; active alerts and unanswered deliveries stay", async () => {
  const store = new SqliteHistoryStore(tempFile(), { ...OPTIONS, rollupRetentionMs: DAY });
  const state = store.alertState("main");
  const old = record("old", { state: "resolved", resolvedAt: iso(40), firedMs: 30_000 });
  const active = record("active");
  const answered = delivery(old, "firing", 10, "hook-a");
  const unanswered = delivery(active, "firing", 10, "hook-a");
  state.save({ saved: [old, active], dropped: [], transitions: [], deliveries: [answered, unanswered] });
  state.delivered(answered, "sent", T0 + 11_000);
  await store.maintain(T0 + 2 * DAY);
  const loaded = state.load(100);
  assert.deepEqual([loaded.resolved, loaded.active.map((r) => r.id), loaded.undelivered.map((d) => d.key)], [[], ["active"], [unanswered.key]]);
  store.close();
});
