import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { ClusterCollector } from "../hub";
import type { ClusterSnapshot } from "../model/types";
import { polled } from "./__fixtures__/exact-and-latency-suite";
import { HistoryRecorder } from "./recorder";
import { SqliteHistoryStore } from "./sqlite";
import type { CycleRecord } from "./store";

const T0 = Date.parse("2026-11-21T05:00:00Z");

const tempStore = () =>
  new SqliteHistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "jsw-recorder-")), "history.sqlite"), {
    rawRetentionMs: 86_400_000,
    rollupRetentionMs: 86_400_000,
    assetRollupMs: 600_000,
  });

/** A collector that only publishes what the test hands it, to whoever subscribed (and has not unsubscribed). */
function fakeCollector() {
  const listeners: ((update: { snapshot: ClusterSnapshot }) => void)[] = [];
  const collector = {
    cluster: { name: "main" },
    subscribe: (listener: (update: { snapshot: ClusterSnapshot }) => void) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    subscribeEvents: () => () => {},
    subscribeLatencyMinutes: () => () => {},
  } as unknown as ClusterCollector;
  const publish = (snapshot: ClusterSnapshot) => {
    for (const listener of [...listeners]) listener({ snapshot });
  };
  return { collector, publish, listeners };
}

test("cycles that could not be written (the store down) lose no message: the next one written counts them, over the time since the last written, and begins a new observation", async () => {
  const store = tempStore();
  let down = false;
  const written: CycleRecord[] = [];
  const writeCycle = store.writeCycle.bind(store);
  store.writeCycle = async (cluster, record) => {
    if (down) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    await writeCycle(cluster, record);
    written.push(record);
  };
  const { collector, publish } = fakeCollector();
  const recorder = new HistoryRecorder(store, collector, { assetStepMs: 60_000, pollIntervalMs: 2000, maintainEveryMs: 3_600_000 });
  recorder.start(T0);
  for (let t = 0; t <= 20; t++) {
    down = t >= 5 && t < 12;
    publish(polled(T0 + t * 2000, { ORDERS: 1000 + 7 * t }));
    await recorder.flush();
    if (down) assert.match(recorder.lastError ?? "", /ECONNREFUSED/);
  }
  recorder.stop();
  assert.equal(recorder.lastError, null, "writing again");
  assert.equal(written.length, 21 - 7, "the cycles written");
  const counted = written.reduce((sum, r) => sum + (r.cluster.storedDelta ?? 0), 0);
  assert.equal(counted, 7 * 20, "every message stored after the first poll, counted once");
  const back = written.find((r) => r.at === T0 + 12 * 2000)!;
  assert.equal(back.cluster.storedDelta, 7 * 8, "the first cycle after the outage carries the messages of the cycles not written");
  assert.equal(back.cluster.storedMsgsPerSec, (7 * 8) / 16, "over the 16 s since the last cycle written");
  assert.deepEqual(
    (await store.sessions("main", 0, T0 + 3_600_000)).map((s) => [s.started - T0, s.last - T0]),
    [
      [0, 4 * 2000],
      [12 * 2000, 20 * 2000],
    ],
    "the time nothing was written is not claimed as observed: a new observation begins with the first cycle written after it",
  );
  await store.close();
});

test("started again while it records (a lock won again by the replica that leads), a recorder goes on with its session and writes each cycle once", async () => {
  const store = tempStore();
  const { collector, publish, listeners } = fakeCollector();
  const recorder = new HistoryRecorder(store, collector, { assetStepMs: 60_000, pollIntervalMs: 2000, maintainEveryMs: 3_600_000 });
  recorder.start(T0);
  for (let t = 0; t <= 10; t++) {
    if (t === 5) recorder.start(T0 + t * 2000);
    publish(polled(T0 + t * 2000, { ORDERS: 1000 + 7 * t }));
    await recorder.flush();
  }
  recorder.stop();
  assert.equal(listeners.length, 0, "one subscription, ended by stop");
  assert.deepEqual(
    (await store.sessions("main", 0, T0 + 3_600_000)).map((s) => [s.started - T0, s.last - T0]),
    [[0, 10 * 2000]],
    "one session",
  );
  assert.equal(recorder.writes.count, 11, "each cycle written once");
  await store.close();
});
