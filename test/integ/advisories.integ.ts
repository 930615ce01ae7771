/**
 * Live events from a real cluster: after kill -9 of a stream leader, the leader-elected advisory
 * makes the collector poll at once, so the new leader is known long before the next regular poll.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { witnessLeaderElection } from "../harness/advisories";
import { startCluster, type Harness, type Traffic } from "../harness/cluster";
import { systemSource } from "../harness/cluster-entry";
import { parsedCluster } from "../harness/collector-config";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";

const POLL_INTERVAL_MS = 10_000;

let harness: Harness;
let traffic: Traffic;
let collector: ClusterCollector;

before(async () => {
  harness = await startCluster({ nodes: 3, proxy: false });
  await harness.createSeedAssets();
  traffic = harness.startTraffic({ ordersPerSec: 10, logsPerSec: 5 });
  collector = new ClusterCollector(parsedCluster({ name: "events", expectedNodes: 3, system: systemSource(harness) }), POLL_INTERVAL_MS, 50);
  collector.start();
});

after(async () => {
  collector?.stop();
  await traffic?.stop();
  await harness?.stop();
});

test("kill -9 of a stream leader: the election is recorded and the new leader is polled at once", async () => {
  const deadline = Date.now() + 20_000;
  let snapshot: ClusterSnapshot | null = null;
  while (Date.now() < deadline) {
    snapshot = collector.snapshot();
    if (snapshot?.streams.find((s) => s.name === "ORDERS")?.truth === "leader") break;
    await sleep(100);
  }
  const victim = snapshot!.streams.find((s) => s.name === "ORDERS")!.leader!;

  const witness = await witnessLeaderElection(harness, "ORDERS", victim);

  let shownAt = 0;
  const unsubscribe = collector.subscribe((update) => {
    const orders = update.snapshot.streams.find((s) => s.name === "ORDERS");
    if (!shownAt && orders?.truth === "leader" && orders.leader !== victim) shownAt = Date.now();
  });
  await harness.killNode(victim);
  const until = Date.now() + 30_000;
  while ((!witness.heardAt() || !shownAt) && Date.now() < until) await sleep(50);
  unsubscribe();
  await witness.close();
  const advisoryAt = witness.heardAt();
  const elected = witness.elected();

  assert.ok(advisoryAt, "the servers announced a new leader");
  assert.ok(shownAt, "the dashboard showed a new leader");
  const delay = shownAt - advisoryAt;
  console.log(`new ORDERS leader ${elected}: shown ${delay} ms after the advisory (poll interval ${POLL_INTERVAL_MS} ms)`);
  assert.ok(delay < 2000, `shown ${delay} ms after the advisory`);
  assert.equal(collector.snapshot()!.streams.find((s) => s.name === "ORDERS")!.leader, elected);

  const event = collector.recentEvents().find((e) => e.kind === "stream-leader-elected" && e.stream === "ORDERS");
  assert.ok(event, JSON.stringify(collector.recentEvents().map((e) => e.kind)));
  assert.equal(event.source, "advisory");
  assert.equal(event.account, "APP");
  assert.equal(event.fromLeader, victim);
  assert.equal(event.toLeader, elected);
  await harness.restartNode(victim);
});
