/** A cluster's alert state kept in a store, for every store (store-factory.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { alertRecord } from "../../alerts/__fixtures__/alerts";
import type { AlertRecord, AlertTransition } from "../../alerts/engine";
import type { WebhookDelivery } from "../../alerts/notify";
import type { StoreFactory } from "./store-factory";

export const T0 = Date.parse("2026-11-21T03:00:00Z");
export const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const DAY = 24 * 3_600_000;
export const OPTIONS = { rawRetentionMs: DAY, rollupRetentionMs: 90 * DAY, assetRollupMs: 600_000 };

/** A node-storage warning on n1, firing since 10 s. */
export function record(id: string, overrides: Partial<AlertRecord> = {}): AlertRecord {
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

export const none = { saved: [], dropped: [], transitions: [], deliveries: [] };

export function alertStateSuite(stores: StoreFactory): void {
  test("alert state round trip: records with acknowledgement and silence, transitions, deliveries until they are marked", async () => {
    const store = await stores.create(OPTIONS);
    const state = store.alertState("main");
    assert.deepEqual(await state.load(100), { active: [], resolved: [], transitions: [], undelivered: [], announced: [] });

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
    await state.save({
      saved: [firing, pending],
      dropped: [],
      transitions: [transition(firing.id, 0, null, "pending"), transition(firing.id, 10, "pending", "firing"), transition(firing.id, 20, "firing", "acknowledged", "alice: cleaning up")],
      deliveries: [fired, delivery(firing, "firing", 10, "hook-b")],
    });
    await state.delivered(fired, "sent", T0 + 11_000);
    await store.close();

    // A new connection to the same file, as a restarted process has.
    const reopened = await stores.reopen(store, OPTIONS);
    const loaded = await reopened.alertState("main").load(100);
    assert.deepEqual(loaded.active, [firing, pending]);
    assert.deepEqual(loaded.transitions.map((t) => [t.to, t.message]), [["pending", "storage 80 %"], ["firing", "storage 80 %"], ["acknowledged", "alice: cleaning up"]]);
    assert.deepEqual(loaded.undelivered, [delivery(firing, "firing", 10, "hook-b")], "only the delivery never marked is sent again");
    assert.deepEqual(loaded.announced, [{ alertId: firing.id, hook: "hook-a" }, { alertId: firing.id, hook: "hook-b" }]);
    assert.deepEqual((await reopened.alertState("other").load(100)).active, [], "per cluster");
    await reopened.close();
  });

  test("alert state: a resolved alert keeps its row, the next episode of the same alert gets its own; a dropped pending one is gone", async () => {
    const store = await stores.create(OPTIONS);
    const state = store.alertState("main");
    const first = record("a");
    await state.save({ ...none, saved: [record("a", { state: "pending", firingSince: null }), record("b", { state: "pending", firingSince: null })] });
    await state.save({ ...none, saved: [first], dropped: ["b"] });
    await state.save({ ...none, saved: [{ ...first, state: "resolved", resolvedAt: iso(40), firedMs: 30_000 }] });
    const second = record("a", { pendingSince: iso(100), firingSince: iso(110), severity: "critical" });
    await state.save({ ...none, saved: [second], deliveries: [delivery(second, "firing", 110)] });
    const loaded = await state.load(100);
    assert.deepEqual(loaded.active, [second]);
    assert.deepEqual(loaded.resolved.map((r) => [r.id, r.state, r.firingSince, r.resolvedAt, r.firedMs]), [["a", "resolved", iso(10), iso(40), 30_000]]);
    // The first episode's deliveries do not count for the second: it is announced by its own.
    await state.save({ ...none, deliveries: [delivery(first, "firing", 10, "old-hook")] });
    assert.deepEqual((await state.load(100)).announced, [{ alertId: "a", hook: "hook-a" }]);
    await store.close();
  });

  test("alert state: load keeps the newest `limit` resolved alerts and transitions, oldest first", async () => {
    const store = await stores.create(OPTIONS);
    const state = store.alertState("main");
    for (let i = 1; i <= 5; i++) {
      await state.save({ ...none, saved: [record(`r${i}`, { state: "resolved", resolvedAt: iso(i * 100), firedMs: 1000 })], transitions: [transition(`r${i}`, i * 100, "firing", "resolved")] });
    }
    const loaded = await state.load(2);
    assert.deepEqual(loaded.resolved.map((r) => r.id), ["r4", "r5"]);
    assert.deepEqual(loaded.transitions.map((t) => t.id), ["r4", "r5"]);
    await store.close();
  });

  test("pruning: resolved alerts and answered deliveries go after the retention; active alerts and unanswered deliveries stay", async () => {
    const store = await stores.create({ ...OPTIONS, rollupRetentionMs: DAY });
    const state = store.alertState("main");
    const old = record("old", { state: "resolved", resolvedAt: iso(40), firedMs: 30_000 });
    const active = record("active");
    const answered = delivery(old, "firing", 10, "hook-a");
    const unanswered = delivery(active, "firing", 10, "hook-a");
    await state.save({ saved: [old, active], dropped: [], transitions: [], deliveries: [answered, unanswered] });
    await state.delivered(answered, "sent", T0 + 11_000);
    await store.maintain(T0 + 2 * DAY);
    const loaded = await state.load(100);
    assert.deepEqual([loaded.resolved, loaded.active.map((r) => r.id), loaded.undelivered.map((d) => d.key)], [[], ["active"], [unanswered.key]]);
    await store.close();
  });
}
