/**
 * The alerts of a cluster across a kill -9 and a restart: the real SQLite store on one file (a new
 * connection per "process") and a real local HTTP receiver. A kill stops the old run where it is:
 * its queues stop and its file is closed, nothing else runs.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { SqliteHistoryStore } from "../history/sqlite";
import { finding as nodeDown } from "./__fixtures__/alerts";
import { WebhookReceiver } from "./__fixtures__/webhook-receiver";
import { Alerting, type AlertAction } from "./alerting";
import type { WebhookConfig } from "./config";
import { idempotencyKey } from "./notify";
import type { Finding } from "./rules";
import { loadAlertState, type AlertStateStore } from "./state";

const T0 = Date.parse("2026-11-21T03:00:00Z");
const s = (seconds: number) => T0 + seconds * 1000;
const OPTIONS = { rawRetentionMs: 86_400_000, rollupRetentionMs: 90 * 86_400_000, assetRollupMs: 600_000 };
const FAST = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 2000, queueLimit: 10 };

let receiver: WebhookReceiver;

before(async () => {
  receiver = await WebhookReceiver.start();
});

after(() => receiver.stop());

const hook = (name: string): WebhookConfig => ({ url: receiver.url(`/${name}`), format: "json" });
/** What `name` received: status, severity and Idempotency-Key of each request. */
const at = (name: string) =>
  receiver.at(`/${name}`).map((r) => {
    const body = r.body as { status: string; alert: { severity: string } };
    return { status: body.status, severity: body.alert.severity, key: r.idempotencyKey };
  });
const finding = (severity: Finding["severity"] = "critical") => nodeDown("node-down:n3", severity);

interface Run {
  alerting: Alerting;
  store: SqliteHistoryStore;
  warnings: string[];
}

/** One "process" of the dashboard on `file`, started at `startedAt`. */
async function run(file: string, hooks: WebhookConfig[], startedAt: number, wrap: (s: AlertStateStore) => AlertStateStore = (x) => x): Promise<Run> {
  const store = new SqliteHistoryStore(file, OPTIONS);
  const warnings: string[] = [];
  const alerting = new Alerting({
    cluster: "main",
    holdMs: 10_000,
    historyLimit: 100,
    webhooks: hooks,
    publicUrl: null,
    store: await loadAlertState(wrap(store.alertState("main")), 100),
    warn: (m) => warnings.push(m),
    notifier: FAST,
    now: () => startedAt,
  });
  alerting.start();
  return { alerting, store, warnings };
}

function kill(r: Run): void {
  r.alerting.stop();
  r.store.close();
}

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), "jsw-alerting-")), "history.sqlite");

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** What the store holds as unanswered once the run has written what it decided so far. */
async function undelivered(r: Run) {
  await r.alerting.flush();
  return (await r.store.alertState("main").load(100)).undelivered;
}

/** Fires node-down:n3 (hold 10 s) and waits until every webhook's delivery of it is marked. */
async function fire(r: Run): Promise<void> {
  r.alerting.evaluate([finding()], s(0));
  assert.deepEqual(r.alerting.evaluate([finding()], s(10)).map((t) => t.to), ["firing"]);
  await until("the firing to be marked as sent", async () => (await undelivered(r)).length === 0);
}

test("kill -9 after an acknowledgement: the restarted dashboard shows it, announces no second firing, and one resolution when it clears", async () => {
  receiver.clear();
  const file = tempFile();
  const first = await run(file, [hook("ops")], s(0));
  await fire(first);
  assert.ok(first.alerting.acknowledge("node-down:n3", "alice", "on it", s(20)));
  kill(first);

  const second = await run(file, [hook("ops")], s(100));
  assert.deepEqual(second.alerting.nodeNames(), { "https://n3.example:8222": "n3" }, "its collector names n3 before n3 answers, so the alert keeps its id");
  const [alert] = second.alerting.alerts.firing();
  assert.deepEqual([alert.id, alert.firingSince, alert.acknowledged], ["node-down:n3", new Date(s(10)).toISOString(), { by: "alice", at: new Date(s(20)).toISOString(), note: "on it" }]);
  assert.deepEqual(second.alerting.evaluate([finding()], s(101)), [], "still down: nothing to announce");
  assert.deepEqual(second.alerting.evaluate([], s(130)).map((t) => t.to), ["resolved"]);
  await until("the resolution", () => at("ops").length === 2);
  // The queue is in order: a second firing would have come before the resolution.
  assert.deepEqual(at("ops").map((r) => r.status), ["firing", "resolved"]);
  assert.equal(second.alerting.alerts.history()[0].firedMs, 120_000, "fired from 10 s to 130 s, the restart included");
  await until("the resolution to be marked", async () => (await undelivered(second)).length === 0);
  kill(second);

  const third = await run(file, [hook("ops")], s(200));
  assert.deepEqual(
    [third.alerting.alerts.firing(), third.alerting.alerts.history().map((r) => r.resolvedAt)],
    [[], [new Date(s(130)).toISOString()]],
    "the resolved list survives as well",
  );
  await sleep(100);
  assert.equal(at("ops").length, 2, "nothing is sent again");
  kill(third);
});

test("killed while a receiver had not answered: that delivery alone is sent again, with the same Idempotency-Key", async () => {
  receiver.clear();
  receiver.holding.add("/slow");
  const file = tempFile();
  const first = await run(file, [hook("slow"), hook("quick")], s(0));
  first.alerting.evaluate([finding()], s(0));
  first.alerting.evaluate([finding()], s(10));
  await until("both receivers to get the firing", () => at("slow").length === 1 && at("quick").length === 1);
  await until("the quick one to be marked", async () => (await undelivered(first)).length === 1);
  kill(first);
  receiver.holding.delete("/slow");

  const second = await run(file, [hook("slow"), hook("quick")], s(100));
  second.alerting.evaluate([finding()], s(101));
  await until("the unanswered delivery to be sent again", () => at("slow").length === 2);
  await until("it to be marked", async () => (await undelivered(second)).length === 0);
  const key = idempotencyKey("main", `node-down:n3:firing:${new Date(s(10)).toISOString()}`);
  assert.deepEqual(at("slow").map((r) => [r.status, r.key]), [["firing", key], ["firing", key]], "a receiver that dedupes on the key sees it once");
  assert.deepEqual(at("quick").map((r) => [r.status, r.key]), [["firing", key]], "the answered one is not sent again");
  kill(second);
});

test("a resolution goes only to the webhooks that heard the alert fire; a delivery to a webhook removed since is dropped", async () => {
  receiver.clear();
  receiver.holding.add("/removed");
  const file = tempFile();
  const first = await run(file, [hook("old"), hook("removed")], s(0));
  first.alerting.evaluate([finding()], s(0));
  first.alerting.evaluate([finding()], s(10));
  await until("the firing at both", () => at("old").length === 1 && at("removed").length === 1);
  await until("the answered one to be marked", async () => (await undelivered(first)).length === 1);
  kill(first);
  receiver.holding.delete("/removed");

  const second = await run(file, [hook("old"), hook("new")], s(100));
  assert.deepEqual(await undelivered(second), [], "the removed webhook's delivery is marked dropped, not kept for ever");
  second.alerting.evaluate([], s(101));
  await until("the resolution", () => at("old").length === 2);
  second.alerting.evaluate([finding("warning")], s(110));
  second.alerting.evaluate([finding("warning")], s(120));
  second.alerting.evaluate([finding("critical")], s(121));
  await until("the new firing and its escalation at both", () => at("old").length === 4 && at("new").length === 2);
  assert.deepEqual(at("old").map((r) => `${r.status} ${r.severity}`), ["firing critical", "resolved critical", "firing warning", "firing critical"]);
  assert.deepEqual(at("new").map((r) => `${r.status} ${r.severity}`), ["firing warning", "firing critical"], "no resolution of what it never heard fire");
  assert.equal(at("removed").length, 1);
  kill(second);
});

test("an escalation after a restart is announced, and the acknowledgement it clears stays cleared after the next restart", async () => {
  receiver.clear();
  const file = tempFile();
  const first = await run(file, [hook("esc")], s(0));
  first.alerting.evaluate([finding("warning")], s(0));
  first.alerting.evaluate([finding("warning")], s(10));
  first.alerting.acknowledge("node-down:n3", "alice", "", s(20));
  await until("the firing to be marked", async () => (await undelivered(first)).length === 0);
  kill(first);

  const second = await run(file, [hook("esc")], s(100));
  assert.deepEqual(second.alerting.evaluate([finding("critical")], s(101)).map((t) => t.to), ["escalated"]);
  await until("the escalation", () => at("esc").length === 2);
  assert.deepEqual(at("esc").map((r) => `${r.status} ${r.severity}`), ["firing warning", "firing critical"]);
  await until("it to be marked", async () => (await undelivered(second)).length === 0);
  kill(second);

  const third = await run(file, [hook("esc")], s(200));
  assert.deepEqual(third.alerting.alerts.firing().map((a) => [a.severity, a.acknowledged]), [["critical", null]]);
  assert.deepEqual(third.alerting.evaluate([finding("critical")], s(201)), []);
  kill(third);
});

test("acknowledgements and silences are told to subscribers, with who, what, the note, until and when", () => {
  const alerting = new Alerting({ cluster: "main", holdMs: 0, historyLimit: 10, webhooks: [], publicUrl: null, store: null, warn: () => {} });
  const actions: AlertAction[] = [];
  const unsubscribe = alerting.subscribeActions((a) => actions.push(a));
  alerting.evaluate([finding()], s(0));
  assert.equal(alerting.acknowledge("nope", "alice", "", s(1)), null);
  alerting.acknowledge("node-down:n3", "alice", "on it", s(1));
  alerting.silence("node-down:n3", "bob", "maintenance", s(3601), s(2));
  unsubscribe();
  alerting.acknowledge("node-down:n3", "carol", "", s(3));
  const common = { cluster: "main", alertId: "node-down:n3", rule: "node-down", severity: "critical", subjectLabel: "node n3" };
  assert.deepEqual(actions, [
    { kind: "acknowledge", ...common, by: "alice", note: "on it", at: new Date(s(1)).toISOString() },
    { kind: "silence", ...common, by: "bob", note: "maintenance", at: new Date(s(2)).toISOString(), until: new Date(s(3601)).toISOString() },
  ]);
});

test("without a store the state lives in memory; a store that cannot be read is not written either", async () => {
  const memory = new Alerting({ cluster: "main", holdMs: 0, historyLimit: 10, webhooks: [], publicUrl: null, store: null, warn: () => {} });
  assert.equal(memory.persistent, false);
  const warnings: string[] = [];
  let saves = 0;
  const unreadable: AlertStateStore = {
    load: async () => {
      throw new Error("file is not a database");
    },
    save: async () => void saves++,
    delivered: async () => {},
  };
  const loaded = await loadAlertState(unreadable, 10);
  const alerting = new Alerting({ cluster: "main", holdMs: 0, historyLimit: 10, webhooks: [], publicUrl: null, store: loaded, warn: (m) => warnings.push(m) });
  alerting.evaluate([finding()], s(0));
  assert.deepEqual([alerting.persistent, saves, alerting.alerts.firing().length], [false, 0, 1]);
  assert.match(warnings[0], /could not read the saved alert state \(file is not a database\); alerts are kept in memory only/);
});

test("a save that fails: the webhook goes out anyway, and the change is saved with the next one", async () => {
  receiver.clear();
  const file = tempFile();
  let failNext = false;
  const flaky = (inner: AlertStateStore): AlertStateStore => ({
    load: (limit) => inner.load(limit),
    save: async (change) => {
      if (failNext) {
        failNext = false;
        throw new Error("disk I/O error");
      }
      await inner.save(change);
    },
    delivered: (d, outcome, atMs) => inner.delivered(d, outcome, atMs),
  });
  const r = await run(file, [hook("flaky")], s(0), flaky);
  r.alerting.evaluate([finding()], s(0));
  failNext = true;
  r.alerting.evaluate([finding()], s(10));
  await until("the firing", () => at("flaky").length === 1);
  assert.match(r.warnings[0], /could not save the alert state \(disk I\/O error\); 1 change\(s\) wait for the next try/);
  assert.deepEqual((await r.store.alertState("main").load(100)).active.map((a) => a.state), ["pending"], "not saved yet");
  r.alerting.acknowledge("node-down:n3", "alice", "", s(20));
  await r.alerting.flush();
  const saved = await r.store.alertState("main").load(100);
  assert.deepEqual(saved.active.map((a) => [a.state, a.acknowledged?.by]), [["firing", "alice"]]);
  assert.deepEqual(saved.transitions.map((t) => t.to), ["pending", "firing", "acknowledged"]);
  kill(r);
});

test("a store that is down: an acknowledgement waits, unsaved, and is saved by the next evaluation after the store is back, with no change of its own", async () => {
  receiver.clear();
  const file = tempFile();
  let down = false;
  const outage = (inner: AlertStateStore): AlertStateStore => ({
    load: (limit) => inner.load(limit),
    save: async (change) => {
      if (down) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      await inner.save(change);
    },
    delivered: (d, outcome, atMs) => inner.delivered(d, outcome, atMs),
  });
  const r = await run(file, [hook("outage")], s(0), outage);
  r.alerting.evaluate([finding()], s(0));
  r.alerting.evaluate([finding()], s(10));
  await until("the firing", () => at("outage").length === 1);
  down = true;
  r.alerting.acknowledge("node-down:n3", "alice", "store down", s(20));
  await r.alerting.flush();
  assert.equal(r.alerting.unsavedChanges(), 1, "the acknowledgement waits");
  r.alerting.evaluate([finding()], s(22));
  await r.alerting.flush();
  assert.equal(r.alerting.unsavedChanges(), 1, "still down: still waiting, not lost");
  down = false;
  r.alerting.evaluate([finding()], s(24));
  await r.alerting.flush();
  assert.equal(r.alerting.unsavedChanges(), 0);
  const saved = await r.store.alertState("main").load(100);
  assert.deepEqual(saved.active.map((a) => [a.state, a.acknowledged?.by]), [["firing", "alice"]]);
  kill(r);
});
