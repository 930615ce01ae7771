/**
 * The collector against a real nats-server cluster behind real nginx proxies (TLS + basic auth):
 * leader truth, node failure classification and cycle cost. Runs against $NATS_SERVER_BIN.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startCluster, type Harness, type Traffic } from "../harness/cluster";
import type { MonitorEntry } from "../harness/cluster-entry";
import { collectorConfig } from "../harness/collector-config";
import { ClusterCollector } from "../../lib/hub";
import type { Jsz } from "../../lib/sources/monitor-schemas";

const TIMEOUT_MS = 1500;

let harness: Harness;
let traffic: Traffic;

const clusterConfig = (name: string, overrides: Partial<MonitorEntry> = {}) =>
  collectorConfig(harness, name, { timeoutMs: TIMEOUT_MS, ...overrides });

/** What each asset's leader says about itself, read straight from the nodes' own monitoring ports. */
async function leadersAsReportedByThemselves(): Promise<{ streams: Map<string, string>; consumers: Map<string, { leader: string; numPending: number; numAckPending: number }> }> {
  const streams = new Map<string, string>();
  const consumers = new Map<string, { leader: string; numPending: number; numAckPending: number }>();
  for (const node of harness.nodes.filter((n) => n.state === "running")) {
    const res = await fetch(`${node.monitorUrl}/jsz?accounts=true&streams=true&consumers=true`, { signal: AbortSignal.timeout(3000) });
    const jsz = (await res.json()) as Jsz;
    for (const account of jsz.account_details ?? [])
      for (const s of account.stream_detail ?? []) {
        if (s.cluster?.leader === node.name) streams.set(`${account.name}/${s.name}`, node.name);
        for (const c of s.consumer_detail ?? [])
          if (c.cluster?.leader === node.name)
            consumers.set(`${account.name}/${s.name}/${c.name}`, { leader: node.name, numPending: c.num_pending ?? 0, numAckPending: c.num_ack_pending ?? 0 });
      }
  }
  return { streams, consumers };
}

before(async () => {
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  traffic = harness.startTraffic({ ordersPerSec: 20, logsPerSec: 10, slowAckPerSec: 1 });
});

after(async () => {
  await traffic?.stop();
  await harness?.stop();
});

describe(`collector on a real cluster`, () => {
  test("meta leader and stream/consumer leaders equal what the leaders themselves report", async () => {
    const metaLeader = await harness.waitForMetaLeader();
    const collector = new ClusterCollector(clusterConfig("main"), 1000, 100);
    const deadline = Date.now() + 20_000;
    while (traffic.stats().published < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await traffic.stop(); // freeze the counters so the comparison is exact
    await new Promise((r) => setTimeout(r, 1500));
    const snapshot = await collector.collectOnce();
    const truth = await leadersAsReportedByThemselves();
    const cycle = collector.lastCycleInfo();
    collector.stop();

    assert.equal(cycle?.runner, "worker", "fetch, validation and merge ran in the collector's worker thread");
    assert.equal(snapshot.status, "ok", snapshot.statusReasons.join("; "));
    assert.equal(snapshot.meta.leader, metaLeader);
    assert.deepEqual(snapshot.meta.peers?.map((p) => p.name), harness.nodes.map((n) => n.name).sort());
    assert.deepEqual(
      snapshot.nodes.map((n) => [n.name, n.status]),
      harness.nodes.map((n) => [n.name, "up"]),
    );
    assert.equal(snapshot.nodes.find((n) => n.isMetaLeader)?.name, metaLeader);

    const streamLeaders = new Map(snapshot.streams.map((s) => [`${s.account}/${s.name}`, s.leader]));
    assert.deepEqual(Object.fromEntries(streamLeaders), Object.fromEntries(truth.streams));
    const orders = snapshot.streams.find((s) => s.name === "ORDERS")!;
    assert.equal(orders.truth, "leader");
    assert.equal(orders.numReplicas, 3);
    assert.deepEqual(orders.hostedOn, harness.nodes.map((n) => n.name).sort());
    assert.equal(orders.replicas?.length, 2, "followers as the leader sees them");

    for (const c of snapshot.consumers) {
      const t = truth.consumers.get(`${c.account}/${c.stream}/${c.name}`);
      assert.ok(t, `no leader reported ${c.stream}/${c.name}`);
      assert.equal(c.leader, t.leader);
      assert.equal(c.numPending, t.numPending, `${c.name} numPending is the leader's`);
      assert.equal(c.numAckPending, t.numAckPending, `${c.name} numAckPending is the leader's`);
    }
    const logs = snapshot.streams.find((s) => s.name === "LOGS")!;
    assert.ok((logs.messages ?? 0) > 0, "LOGS (limits retention) keeps what was published");
    assert.equal(snapshot.totals.messages, snapshot.streams.reduce((sum, s) => sum + (s.messages ?? 0), 0));
    traffic = harness.startTraffic({ ordersPerSec: 20, logsPerSec: 10, slowAckPerSec: 1 });
  });

  test("rates appear from the second cycle", async () => {
    const collector = new ClusterCollector(clusterConfig("main"), 1000, 100);
    const first = await collector.collectOnce();
    await new Promise((r) => setTimeout(r, 1100));
    const second = await collector.collectOnce();
    collector.stop();
    assert.ok(first.nodes.every((n) => n.rates === null));
    assert.ok(second.nodes.every((n) => n.rates !== null && n.rates.inMsgsPerSec > 0), "traffic flows through every node");
    assert.ok(second.throughput && second.throughput.inMsgsPerSec > 0);
  });

  test("a wrong proxy password shows auth-failed on every node, not down", async () => {
    const collector = new ClusterCollector(clusterConfig("bad", { password: "wrong" }), 1000, 100);
    const snapshot = await collector.collectOnce();
    collector.stop();
    assert.deepEqual(new Set(snapshot.nodes.map((n) => n.status)), new Set(["auth-failed"]));
    assert.match(snapshot.nodes[0].statusReason, /HTTP 401/);
    assert.equal(snapshot.status, "critical");
  });

  test("an untrusted proxy certificate is a clear TLS error", async () => {
    const collector = new ClusterCollector(clusterConfig("no-ca", { caFile: undefined }), 1000, 100);
    const snapshot = await collector.collectOnce();
    collector.stop();
    assert.equal(snapshot.nodes[0].endpoints.varz.kind, "tls-error");
    assert.match(snapshot.nodes[0].statusReason, /TLS/);
  });

  test("a SIGSTOPped node costs the cycle at most its timeout and shows down; the others stay up", async () => {
    const metaLeader = await harness.waitForMetaLeader();
    const victim = harness.nodes.find((n) => n.name !== metaLeader)!.name;
    const collector = new ClusterCollector(clusterConfig("main"), 1000, 100);
    await collector.collectOnce();
    harness.stopNode(victim);
    try {
      const snapshot = await collector.collectOnce();
      assert.ok(snapshot.cycleMs < TIMEOUT_MS + 1000, `cycle took ${snapshot.cycleMs} ms`);
      const node = snapshot.nodes.find((n) => n.name === victim)!;
      assert.equal(node.status, "down");
      assert.equal(node.endpoints.varz.kind, "timeout");
      assert.equal(node.stale, true, "last known values are kept and marked stale");
      assert.ok(node.version, "last known version is still shown");
      for (const other of snapshot.nodes.filter((n) => n.name !== victim)) assert.notEqual(other.status, "down");
      assert.equal(snapshot.status, "warning");
    } finally {
      harness.contNode(victim);
      collector.stop();
    }
  });

  test("kill -9: the next cycle shows the node down; a killed stream leader is 'leader unreachable', then re-elected", async () => {
    const collector = new ClusterCollector(clusterConfig("main"), 1000, 100);
    const before = await collector.collectOnce();
    const orders = before.streams.find((s) => s.name === "ORDERS")!;
    const victim = orders.leader!;
    await harness.killNode(victim);

    const after = await collector.collectOnce();
    const node = after.nodes.find((n) => n.name === victim)!;
    assert.equal(node.status, "down");
    assert.match(node.statusReason, /502|refused/);
    const ordersAfter = after.streams.find((s) => s.name === "ORDERS")!;
    if (ordersAfter.leader === victim) {
      assert.equal(ordersAfter.truth, "leader-unreachable");
      assert.equal(ordersAfter.messages, null, "no follower numbers in place of the leader's");
      assert.equal(ordersAfter.replicas, null);
      assert.match(ordersAfter.truthNote ?? "", new RegExp(`leader ${victim} did not answer`));
    }
    // Streams hosted only on the killed node (R1) are kept, not dropped.
    for (const s of before.streams.filter((s) => s.hostedOn.length === 1 && s.hostedOn[0] === victim)) {
      const kept = after.streams.find((x) => x.name === s.name);
      assert.equal(kept?.truth, "leader-unreachable");
    }

    let elected = ordersAfter;
    const deadline = Date.now() + 30_000;
    while ((elected.truth !== "leader" || elected.leader === victim) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      elected = (await collector.collectOnce()).streams.find((s) => s.name === "ORDERS")!;
    }
    assert.equal(elected.truth, "leader");
    assert.notEqual(elected.leader, victim);
    const truth = await leadersAsReportedByThemselves();
    assert.equal(elected.leader, truth.streams.get("APP/ORDERS"));
    const lost = elected.replicas?.find((r) => r.name === victim);
    assert.ok(lost && !lost.current, "the killed replica is not current in the new leader's view");

    await harness.restartNode(victim);
    collector.stop();
  });
});
