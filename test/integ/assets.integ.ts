/**
 * Replica lag, consumer backlog and limit saturation as the collector sees them on a real
 * cluster (behind the real nginx proxies). Runs against $NATS_SERVER_BIN.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectResilient } from "../harness/connection";
import { startCluster, type Harness, type Traffic } from "../harness/cluster";
import { collectorConfig } from "../harness/collector-config";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";

let harness: Harness;
let traffic: Traffic;
let nc: NatsConnection;
let collector: ClusterCollector;

/** Polls until `check` holds for a snapshot, returning it; fails with the last snapshot's view otherwise. */
async function until(check: (s: ClusterSnapshot) => boolean, what: string, timeoutMs = 30_000): Promise<ClusterSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterSnapshot | null = null;
  while (Date.now() < deadline) {
    last = await collector.collectOnce();
    if (check(last)) return last;
    await sleep(500);
  }
  assert.fail(`${what} did not happen within ${timeoutMs} ms; last streams: ${JSON.stringify(last?.streams.map((s) => [s.name, s.leader, s.replicas]))}`);
}

/** JetStream answers "temporarily unavailable" for a moment after a fault (e.g. while the meta group settles). */
async function withRetry<T>(what: string, action: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`);
      await sleep(500);
    }
  }
}

before(async () => {
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  traffic = harness.startTraffic({ ordersPerSec: 20, logsPerSec: 10, slowAckPerSec: 1 });
  nc = await connectResilient(harness.nodes.map((n) => n.clientUrl), harness.app, "assets-integ");
  collector = new ClusterCollector(collectorConfig(harness, "assets"), 500, 100);
});

after(async () => {
  collector?.stop();
  await nc?.close();
  await traffic?.stop();
  await harness?.stop();
});

describe("assets on a real cluster", () => {
  test("a SIGSTOPped follower shows behind in the leader's view while publishing goes on, and clears after SIGCONT", async () => {
    const metaLeader = await harness.waitForMetaLeader();
    const start = await until(
      (s) => s.streams.some((x) => x.name === "ORDERS" && x.truth === "leader" && x.replicas?.length === 2 && x.replicas.every((r) => r.current)),
      "ORDERS led, with two current followers",
    );
    const orders = start.streams.find((s) => s.name === "ORDERS")!;
    const victim = orders.replicas!.map((r) => r.name).find((n) => n !== metaLeader) ?? orders.replicas![0].name;
    harness.stopNode(victim);
    try {
      const behind = (s: ClusterSnapshot) => s.streams.find((x) => x.name === "ORDERS")?.replicas?.find((r) => r.name === victim);
      // 2.14 keeps calling a silent follower current for up to 10 s; "not current" is the state we wait for.
      const first = await until((s) => behind(s)?.current === false, `${victim} not current`, 30_000);
      const lagAtFirst = behind(first)!;
      assert.ok(lagAtFirst.laggingSince, "the time it started lagging is recorded");
      const later = await until((s) => (behind(s)?.lag ?? 0) > lagAtFirst.lag, `${victim}'s lag growing`, 20_000);
      assert.equal(behind(later)!.laggingSince, lagAtFirst.laggingSince, "lagging-since stays the first time it was seen");
      // The leader has not heard from it for seconds (anything within the ~1 s heartbeat reads as 0).
      await until((s) => (behind(s)?.activeMs ?? 0) >= 2000, `${victim} not heard from for 2 s`, 20_000);
    } finally {
      harness.contNode(victim);
    }
    await until((s) => {
      const r = s.streams.find((x) => x.name === "ORDERS")?.replicas?.find((x) => x.name === victim);
      return r !== undefined && r.current && r.lag === 0 && r.laggingSince === null;
    }, `${victim} caught up`, 60_000);
  });

  test("a consumer that does not ack shows growing ack pending and unprocessed", async () => {
    await harness.waitForMetaLeader();
    const jsm = await jetstreamManager(nc);
    await withRetry("add consumer no-ack", () =>
      jsm.consumers.add("LOGS", { durable_name: "no-ack", ack_policy: AckPolicy.Explicit, ack_wait: 600_000_000_000, max_ack_pending: 1000 }),
    );
    const consumer = await jetstream(nc).consumers.get("LOGS", "no-ack");
    const take = async () => {
      const batch = await consumer.fetch({ max_messages: 5, expires: 1000 });
      for await (const m of batch) void m; // received, never acknowledged
    };
    await take();
    const first = (await collector.collectOnce()).consumers.find((c) => c.name === "no-ack")!;
    await sleep(1500);
    await take();
    const second = (await collector.collectOnce()).consumers.find((c) => c.name === "no-ack")!;
    assert.equal(first.truth, "leader");
    assert.ok(second.numAckPending! > first.numAckPending!, `ack pending ${first.numAckPending} → ${second.numAckPending}`);
    assert.ok(second.numPending! > first.numPending!, `unprocessed ${first.numPending} → ${second.numPending}`);
    assert.ok(second.unprocessedPercent !== null && second.unprocessedPercent > 0);
    assert.equal(second.maxAckPending, 1000);
  });

  test("a stream filled to 90 % of max_bytes shows 90 %", async () => {
    await harness.waitForMetaLeader();
    const jsm = await jetstreamManager(nc);
    const maxBytes = 100_000;
    await withRetry("add stream FILL", () =>
      jsm.streams.add({ name: "FILL", subjects: ["fill.>"], max_bytes: maxBytes, num_replicas: 1, storage: StorageType.File, retention: RetentionPolicy.Limits }),
    );
    const js = jetstream(nc);
    const payload = new Uint8Array(900);
    while ((await jsm.streams.info("FILL")).state.bytes < 0.9 * maxBytes) await js.publish("fill.x", payload);
    const truth = (await jsm.streams.info("FILL")).state.bytes;
    const fill = (await collector.collectOnce()).streams.find((s) => s.name === "FILL")!;
    assert.equal(fill.maxBytes, maxBytes);
    assert.equal(fill.bytes, truth);
    const percent = (fill.bytes! / fill.maxBytes!) * 100;
    assert.ok(percent >= 90 && percent < 92, `saturation ${percent.toFixed(1)} %`);
  });

  test("recent history is kept for detail charts", async () => {
    await collector.collectOnce();
    const orders = collector.streamHistory("APP", "ORDERS");
    assert.ok(orders && orders.samples.length >= 1);
    assert.ok(orders.stepMs >= 10_000);
    const archiver = collector.consumerHistory("APP", "LOGS", "log-archiver");
    assert.ok(archiver && archiver.samples.at(-1)!.numPending !== null);
    assert.equal(collector.streamHistory("APP", "NOPE"), null);
  });
});
