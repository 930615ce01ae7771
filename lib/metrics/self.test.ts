import assert from "node:assert/strict";
import { test } from "node:test";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import type { ClusterSnapshot } from "../model/types";
import { SelfMetrics } from "./self";

const steps = { read: 5, configs: 1, merge: 3, rules: 2, serialize: 2 };
const snapshot = { ...snapshotFrom(scenarioPolls("2.9.10", "steady"), null, Date.parse("2026-12-01T10:00:00Z")), seq: 1, status: "ok" } as unknown as ClusterSnapshot;

async function heapSeries(self: SelfMetrics): Promise<string[]> {
  return (await self.registry.metrics()).split("\n").filter((line) => line.startsWith("jsw_collector_heap_bytes{"));
}

test("the collector's heap is the last cycle's, labelled by the thread that ran it", async () => {
  const self = new SelfMetrics(() => new Map());
  assert.deepEqual(await heapSeries(self), [], "nothing before a cycle");
  self.cycleDone(snapshot, { runner: "worker", builderBusyMs: 12, stepsMs: steps, heapBytes: 75_000_000 });
  self.cycleDone(snapshot, { runner: "worker", builderBusyMs: 12, stepsMs: steps, heapBytes: 80_000_000 });
  assert.deepEqual(await heapSeries(self), [`jsw_collector_heap_bytes{cluster="${snapshot.cluster}",thread="worker"} 80000000`]);
  // Collecting inline (no worker bundle): the main thread's heap, and no worker series left behind.
  self.cycleDone(snapshot, { runner: "inline", builderBusyMs: 12, stepsMs: steps, heapBytes: 90_000_000 });
  assert.deepEqual(await heapSeries(self), [`jsw_collector_heap_bytes{cluster="${snapshot.cluster}",thread="main"} 90000000`]);
  self.cycleDone(snapshot, null);
  assert.deepEqual(await heapSeries(self), [`jsw_collector_heap_bytes{cluster="${snapshot.cluster}",thread="main"} 90000000`], "a cycle without information leaves it");
});
