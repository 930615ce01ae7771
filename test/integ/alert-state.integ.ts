/**
 * Alert state across a kill -9 of the dashboard, with real parts: a 3-node cluster behind the
 * nginx proxies, the built dashboard as its own process with its SQLite history file, and a real
 * webhook receiver. A node stops answering, its alert fires and is acknowledged through the API,
 * the dashboard is killed and started again: the acknowledgement is still there, the receiver
 * heard exactly one "firing"; the node comes back and exactly one "resolved" arrives.
 * Needs `npm run build` first.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { WebhookReceiver } from "../../lib/alerts/__fixtures__/webhook-receiver";
import type { AlertRecord } from "../../lib/alerts/engine";
import { unansweredDeliveries } from "../../lib/history/sqlite/__fixtures__/deliveries";
import { startDashboard, type DashboardProcess } from "../../scripts/dashboard-process";
import { harnessCluster } from "../harness/cluster-entry";
import { startCluster, type Harness } from "../harness/cluster";
import { tailOfFile } from "../harness/processes";

const HOLD_MS = 2000;

let harness: Harness;
let receiver: WebhookReceiver;
let dashboard: DashboardProcess;

before(async () => {
  harness = await startCluster({ nodes: 3 });
  receiver = await WebhookReceiver.start();
  dashboard = await startDashboard({
    clusters: [harnessCluster(harness, "main")],
    pollIntervalMs: 1000,
    alerts: { holdMs: HOLD_MS, webhooks: [{ url: receiver.url("/hook"), format: "json" }] },
  });
});

after(async () => {
  await dashboard?.stop().catch(() => {});
  await receiver?.stop();
  await harness?.stop();
});

interface AlertLists {
  firing: AlertRecord[];
  resolved: AlertRecord[];
}

async function alerts(): Promise<AlertLists> {
  const res = await fetch(`${dashboard.url}/api/v1/alerts?state=all`, { headers: { authorization: `Bearer ${dashboard.apiToken}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as AlertLists;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; the dashboard's log ends with:\n${tailOfFile(dashboard.logFile)}`);
    await sleep(250);
  }
}

/** The webhooks the receiver heard about one alert: their status, in order. */
const heard = (id: string) =>
  receiver
    .at("/hook")
    .map((r) => r.body as { status: string; alert: { id: string } })
    .filter((b) => b.alert.id === id)
    .map((b) => b.status);

test("an acknowledged alert survives a kill -9 of the dashboard; the receiver hears one firing and one resolution", async () => {
  const metaLeader = await harness.waitForMetaLeader();
  const victim = harness.nodes.find((n) => n.name !== metaLeader)!.name;
  const id = `node-down:${victim}`;
  harness.stopNode(victim);
  let before: AlertRecord;
  try {
    await until("node-down to fire", 30_000, async () => (await alerts()).firing.find((a) => a.id === id));
    const ack = await fetch(`${dashboard.url}/api/v1/alerts/ack`, {
      method: "POST",
      headers: { authorization: `Bearer ${dashboard.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ id, note: "on it" }),
    });
    assert.equal(ack.status, 200);
    before = (await ack.json()).alert as AlertRecord;
    assert.equal(before.acknowledged?.note, "on it");
    await until("the firing webhook", 10_000, async () => heard(id).length > 0);
    // Killed once the receiver's answer is recorded: a kill before that would send it again (at least once).
    await until("the delivery to be marked answered", 10_000, async () => unansweredDeliveries(path.join(dashboard.dataDir, "history.sqlite")) === 0);

    await dashboard.kill();
    dashboard = await dashboard.restart();

    const after = (await alerts()).firing.find((a) => a.id === id);
    assert.ok(after, "still firing after the restart, before any poll could have re-fired it");
    assert.deepEqual(
      [after.acknowledged, after.firingSince, after.pendingSince],
      [before.acknowledged, before.firingSince, before.pendingSince],
      "the same acknowledgement (who, when, note) and the same firing episode",
    );
    // Several polls that still find the node down: nothing new to announce.
    await sleep(3 * 1000 + HOLD_MS);
    assert.ok((await alerts()).firing.some((a) => a.id === id && a.acknowledged?.note === "on it"));
    assert.deepEqual(heard(id), ["firing"]);
  } finally {
    harness.contNode(victim);
  }
  const resolved = await until("the alert to resolve", 30_000, async () => (await alerts()).resolved.find((a) => a.id === id));
  assert.equal(resolved.firingSince, before.firingSince, "one episode from before the kill to after it");
  await until("the resolution webhook", 10_000, async () => heard(id).length === 2);
  await sleep(1000);
  assert.deepEqual(heard(id), ["firing", "resolved"]);
});
