/**
 * The latency canary against a real 3-node cluster, with the collector, its worker threads and the
 * SQLite history as the dashboard runs them:
 * - a TCP proxy written here, in front of one node's client port, delays every byte by a set time
 *   each way: that node's round trip and every pair that crosses the proxy rise by the delay once
 *   per crossing (no probe faster), the others stay put;
 * - a consumer with sample_freq "100%" whose subscriber waits 50 ms before each ack shows an ack
 *   latency of at least 50 ms;
 * - 1000 messages stored inside a 10-second period read exactly 1000 in the report;
 * - per-minute write and pair histograms are stored, and the report's p99 agrees with the canary's
 *   own raw measurements of those minutes;
 * - SIGSTOP of the canary stream's leader records timeouts, never latencies, until a new leader
 *   is elected, and writes complete again after.
 * Runs against $NATS_SERVER_BIN.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { createServer, Socket, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ClusterCollector } from "../../lib/hub";
import { HistoryRecorder } from "../../lib/history/recorder";
import { buildReport } from "../../lib/history/report";
import { SqliteHistoryStore } from "../../lib/history/sqlite";
import { MINUTE_MS } from "../../lib/model/latency/book";
import type { ClusterSnapshot } from "../../lib/model/types";
import type { Measurement } from "../../lib/sources/canary/measurement";
import { startCluster, type Harness } from "../harness/cluster";
import { canarySource, harnessCluster } from "../harness/cluster-entry";
import { parsedCluster } from "../harness/collector-config";
import { witnessLeaderElection } from "../harness/advisories";
import { connectResilient } from "../harness/connection";

const POLL_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;
const DELAY_MS = 15;
/** What a probe's baseline latency spends queued behind the canary's other deliveries in its own event loop. */
const BASELINE_QUEUEING_MS = 1;
const TARGETS = { throughputMsgsPerSec: null, failoverMs: null, clusterOutages: null, alerts: null };

/**
 * A TCP proxy that holds every chunk `delayMs` before passing it on, in each direction, keeping
 * the order: a link to one node that is that much longer.
 */
class DelayProxy {
  delayMs = 0;
  port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(upstreamPort: number) {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(upstreamPort, "127.0.0.1");
      // Without this, Nagle's algorithm and delayed acks hold small writes back by up to 200 ms.
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      this.pass(client, upstream);
      this.pass(upstream, client);
    });
  }

  static async start(upstreamPort: number): Promise<DelayProxy> {
    const proxy = new DelayProxy(upstreamPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    const address = proxy.server.address();
    proxy.port = typeof address === "object" && address ? address.port : 0;
    return proxy;
  }

  /** Each chunk from `from` is written to `to` once it has waited its delay, in order. */
  private pass(from: Socket, to: Socket): void {
    this.sockets.add(from);
    let queue = Promise.resolve();
    from.on("data", (chunk) => {
      const due = performance.now() + this.delayMs;
      queue = queue.then(async () => {
        // Timers count whole milliseconds from the loop's cached time and may fire early: wait until the delay has passed.
        for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) await sleep(wait);
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on("close", () => {
      this.sockets.delete(from);
      void queue.then(() => to.destroy());
    });
    from.on("error", () => to.destroy());
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let harness: Harness;
let proxy: DelayProxy;
let nc: NatsConnection;
let jsm: JetStreamManager;
let collector: ClusterCollector;
let store: SqliteHistoryStore;
let recorder: HistoryRecorder;
const raw: Measurement[] = [];
let latest: ClusterSnapshot | null = null;

before(async () => {
  harness = await startCluster({ nodes: 3, proxy: false });
  const n3 = harness.node("n3");
  proxy = await DelayProxy.start(Number(new URL(n3.clientUrl).port));
  nc = await connectResilient(
    harness.nodes.map((n) => n.clientUrl),
    harness.app,
    "latency-integ",
  );
  jsm = await jetstreamManager(nc, { timeout: 5000 });
  store = new SqliteHistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "jsw-latency-integ-")), "history.sqlite"), {
    rawRetentionMs: 24 * 3_600_000,
    rollupRetentionMs: 90 * 86_400_000,
    assetRollupMs: 3_600_000,
  });
  // n3's client port through the delay proxy.
  const canary = canarySource(harness, { urls: [harness.node("n1").clientUrl, harness.node("n2").clientUrl, `nats://127.0.0.1:${proxy.port}`], ratePerSec: 20, timeoutMs: PROBE_TIMEOUT_MS });
  collector = new ClusterCollector(parsedCluster({ ...harnessCluster(harness, "main", { timeoutMs: 800 }), canary }), POLL_MS, 100);
  collector.subscribeMeasurements((batch) => raw.push(...batch));
  collector.subscribe((u) => (latest = u.snapshot));
  recorder = new HistoryRecorder(store, collector, { assetStepMs: 60_000, pollIntervalMs: POLL_MS });
  recorder.start();
  collector.start();
});

after(async () => {
  recorder?.stop();
  await collector?.close();
  store?.close();
  await nc?.close();
  await proxy?.stop();
  await harness?.stop();
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Latencies (ms) of each RTT node and pair, of the probes started in [from, to). */
function latencies(from: number, to: number): Map<string, number[]> {
  const by = new Map<string, number[]>();
  for (const m of raw) {
    if (m.at < from || m.at >= to || m.outcome !== "ok" || m.us === null) continue;
    const key = m.kind === "rtt" ? `rtt ${m.node}` : m.kind === "e2e" ? `${m.from}>${m.to}` : null;
    if (key) by.set(key, [...(by.get(key) ?? []), m.us / 1000]);
  }
  return by;
}

const medians = (by: Map<string, number[]>) => new Map([...by].map(([k, v]) => [k, median(v)]));

async function until<T>(what: string, timeoutMs: number, probe: () => T | null | undefined | Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

test("the canary measures every node pair from its worker thread, and a delayed link shows on that node only", async () => {
  await until("the canary to run with all three nodes", 30_000, () => latest?.latency?.canary.state === "running" && latest.latency.canary.nodes.every((n) => n.connected));
  assert.equal(collector.canaryRunnerKind(), "worker");
  assert.deepEqual(latest!.latency!.canary.nodes.map((n) => n.name), ["n1", "n2", "n3"], "the proxied node is known by its server name");
  assert.equal(latest!.latency!.canary.replicas, 3);
  await sleep(3000);
  const baseFrom = Date.now();
  await sleep(15_000);
  const base = medians(latencies(baseFrom, Date.now()));
  assert.equal([...base.keys()].filter((k) => k.includes(">")).length, 9, `every ordered pair, self pairs included: ${[...base.keys()]}`);

  proxy.delayMs = DELAY_MS;
  await sleep(2 * PROBE_TIMEOUT_MS);
  const slowFrom = Date.now();
  await sleep(15_000);
  const slowLatencies = latencies(slowFrom, Date.now());
  const slow = medians(slowLatencies);
  proxy.delayMs = 0;

  const fastest = (k: string) => Math.min(...slowLatencies.get(k)!);
  const line = (k: string) => `${k}: ${base.get(k)?.toFixed(2)} → ${slow.get(k)?.toFixed(2)} ms (fastest ${fastest(k).toFixed(2)} ms)`;
  console.log(`medians before → with ${DELAY_MS} ms each way through the proxy to n3:\n  ${[...base.keys()].sort().map(line).join("\n  ")}`);
  const untouched = ["rtt n1", "rtt n2", "n1>n1", "n1>n2", "n2>n1", "n2>n2"];
  for (const k of untouched) assert.ok(slow.get(k)! < base.get(k)! + DELAY_MS / 2, `${line(k)}: stays put`);
  // The machine is shared: what moved the untouched links between the two windows moved the others too.
  const drift = median(untouched.map((k) => slow.get(k)! - base.get(k)!));
  const crossings: [string, number][] = [["rtt n3", 2], ["n1>n3", 1], ["n2>n3", 1], ["n3>n1", 1], ["n3>n2", 1], ["n3>n3", 2]];
  for (const [k, times] of crossings) {
    // The proxy holds every byte for the delay: no probe across it can be faster, however busy the machine.
    assert.ok(fastest(k) >= times * DELAY_MS, `${line(k)}: every probe takes at least ${times} × ${DELAY_MS} ms`);
    // With the delay, n3's deliveries no longer wait in the canary's event loop behind the other nodes' (a few tenths of a
    // millisecond of the baseline): the typical latency rises by the delay less at most that.
    const rise = slow.get(k)! - base.get(k)! - drift;
    assert.ok(rise >= times * DELAY_MS - BASELINE_QUEUEING_MS, `${line(k)}: up by ${rise.toFixed(2)} ms beside the others' ${drift.toFixed(2)} ms, not ${times} × ${DELAY_MS} ms`);
    // Each crossing counts once: a probe timed over a second crossing, or from before another round trip, would rise by a whole
    // further delay. Half a delay leaves room for the proxy's timers (up to about 1 ms a crossing, measured 0.2–2.2 ms over the
    // delay on 2.9.10 and 2.15.3) and a busy machine, and still tells `times` crossings from `times + 1`.
    assert.ok(rise <= times * DELAY_MS + DELAY_MS / 2, `${line(k)}: up by ${rise.toFixed(2)} ms beside the others' ${drift.toFixed(2)} ms, more than ${times} × ${DELAY_MS} ms`);
  }
});

test("a consumer sampled at 100 % whose subscriber waits 50 ms before acking shows an ack latency of at least 50 ms", async () => {
  await jsm.streams.add({ name: "ACKS", subjects: ["acks.>"], num_replicas: 3 });
  await jsm.consumers.add("ACKS", { durable_name: "slow-acker", ack_policy: AckPolicy.Explicit, sample_freq: "100%" });
  const js = jetstream(nc);
  for (let i = 0; i < 20; i++) await js.publish(`acks.${i}`, new TextEncoder().encode(`m${i}`));
  const consumer = await js.consumers.get("ACKS", "slow-acker");
  for (let acked = 0; acked < 20; ) {
    const m = await consumer.next({ expires: 2000 });
    if (!m) continue;
    await sleep(50);
    m.ack();
    acked++;
  }
  const ack = await until("the ack metrics of ACKS > slow-acker", 20_000, () =>
    latest?.latency?.ackLatency?.find((a) => a.stream === "ACKS" && a.consumer === "slow-acker" && a.figures.count >= 20),
  );
  console.log(`ack latency of ACKS > slow-acker: p50 ${ack.figures.p50Ms} ms, p99 ${ack.figures.p99Ms} ms over ${ack.figures.count} sampled acks`);
  assert.equal(ack.account, "APP");
  assert.ok(ack.figures.p50Ms! >= 50 && ack.figures.maxMs! >= 50, `p50 ${ack.figures.p50Ms} ms`);
  assert.ok(raw.filter((m) => m.kind === "ack" && m.consumer === "slow-acker").every((m) => m.us! >= 50_000), "every sampled ack took 50 ms or more");
  assert.equal(ack.redelivered, 0);
});

test("1000 messages stored inside a 10-second period read exactly 1000 in the report", async () => {
  await jsm.streams.add({ name: "EXACT", subjects: ["exact.>"], num_replicas: 3 });
  await sleep(3 * POLL_MS);
  const from = Date.now();
  await sleep(2000);
  const js = jetstream(nc);
  await Promise.all(Array.from({ length: 1000 }, (_, i) => js.publish(`exact.${i % 10}`, new Uint8Array(100))));
  const to = from + 10_000;
  assert.ok(Date.now() < to - 2 * POLL_MS, "stored well inside the period");
  await until("a poll after the period", 20_000, () => latest && Date.parse(latest.collectedAt) > to + 2 * POLL_MS);
  await recorder.flush();
  const report = await buildReport(store, "main", { from, to }, { targets: TARGETS, canary: { stream: "JSW_CANARY", targets: { writeP99Ms: 5, endToEndP99Ms: 2 } } }, Date.now());
  console.log(`messages stored in the 10 s period: ${report.messagesStored} (precision ${report.messagesStoredPrecisionMs} ms); canary writes meanwhile: ${raw.filter((m) => m.kind === "write" && m.at >= from && m.at < to).length}`);
  assert.equal(report.messagesStored, 1000);
  assert.equal(report.messagesStoredPrecisionMs, POLL_MS);
});

test("per-minute write and pair histograms are stored, and the report's p99 is that of the canary's raw measurements", async () => {
  // Two whole minutes the canary measured from start to end (a minute is stored once its probes had their time).
  const firstWhole = Math.ceil(Math.min(...raw.map((m) => m.at)) / MINUTE_MS) * MINUTE_MS;
  const from = firstWhole;
  const to = firstWhole + 2 * MINUTE_MS;
  await until("two whole minutes in the store", 3 * MINUTE_MS, async () => (await store.latencyTotals("main", ["write"], from, to)).get("write")?.minutes === 2);
  const pairs = await store.latencySeriesNames("main", "pair:", from, to);
  assert.equal(pairs.length, 9, pairs.join());
  assert.equal((await store.latencySeriesNames("main", "rtt:", from, to)).length, 3);

  await recorder.flush();
  const report = await buildReport(store, "main", { from, to }, { targets: TARGETS, canary: { stream: "JSW_CANARY", targets: { writeP99Ms: 5, endToEndP99Ms: 2 } } }, Date.now());
  const writes = raw.filter((m) => m.kind === "write" && m.at >= from && m.at < to);
  const ok = writes.filter((m) => m.outcome === "ok").map((m) => m.us!).sort((a, b) => a - b);
  const exactP99 = ok[Math.ceil(0.99 * ok.length) - 1] / 1000;
  const failed = writes.length - ok.length;
  const w = report.latency.write!;
  console.log(`report, ${new Date(from).toISOString()} + 2 min: writes p50 ${w.p50Ms} ms, p99 ${w.p99Ms} ms (raw ${exactP99} ms), max ${w.maxMs} ms, ${w.count} completed, ${failed} failed; end to end p99 ${report.latency.endToEnd?.p99Ms} ms over ${report.latency.endToEnd?.count}`);
  assert.equal(w.count, ok.length);
  assert.equal(w.timeouts + w.errors, failed);
  assert.ok(Math.abs(w.p99Ms! - exactP99) <= exactP99 * 0.001, `report p99 ${w.p99Ms} ms, raw ${exactP99} ms`);
  const deliveries = raw.filter((m) => m.kind === "e2e" && m.at >= from && m.at < to && m.outcome === "ok").map((m) => m.us!).sort((a, b) => a - b);
  const exactE2e = deliveries[Math.ceil(0.99 * deliveries.length) - 1] / 1000;
  assert.equal(report.latency.endToEnd!.count, deliveries.length);
  assert.ok(Math.abs(report.latency.endToEnd!.p99Ms! - exactE2e) <= exactE2e * 0.001, `report e2e p99 ${report.latency.endToEnd!.p99Ms} ms, raw ${exactE2e} ms`);
  const [writeTarget, e2eTarget] = report.targets;
  assert.equal(writeTarget.samples, writes.length);
  assert.equal(writeTarget.measuredPercent, 100);
  assert.equal(typeof writeTarget.pass, "boolean");
  assert.equal(typeof e2eTarget.pass, "boolean");
});

test("SIGSTOP of the canary stream's leader records timeouts, not latencies, until a new leader is elected", async () => {
  const leaderOf = async () => (await jsm.streams.info("JSW_CANARY")).cluster?.leader ?? null;
  const leader = await leaderOf();
  assert.ok(leader, "the canary stream has a leader");
  // The new leader's own advisory times the election: polling stream info would see it only after its next answer.
  const witness = await witnessLeaderElection(harness, "JSW_CANARY", leader);
  const stoppedAt = Date.now();
  harness.stopNode(leader);
  let electedAt: number;
  let newLeader: string;
  try {
    electedAt = await until("a new leader of JSW_CANARY", 60_000, () => witness.heardAt() || null);
    newLeader = witness.elected();
    await sleep(5000);
  } finally {
    harness.contNode(leader);
    await witness.close();
  }
  const writes = raw.filter((m) => m.kind === "write");
  const leaderless = writes.filter((m) => m.at >= stoppedAt + 200 && m.at <= electedAt - 500);
  const after = writes.filter((m) => m.at >= electedAt + 1000 && m.at <= electedAt + 5000 - PROBE_TIMEOUT_MS);
  const count = (list: Measurement[], outcome: string) => list.filter((m) => m.outcome === outcome).length;
  console.log(
    `${leader} stopped; ${newLeader} elected after ${electedAt - stoppedAt} ms; writes started meanwhile: ${leaderless.length} (${count(leaderless, "timeout")} timed out, ${count(leaderless, "error")} failed, ${count(leaderless, "ok")} completed); after: ${count(after, "ok")} of ${after.length} completed`,
  );
  assert.ok(count(leaderless, "timeout") > 0, "writes time out while the stream has no leader");
  assert.equal(count(leaderless, "ok"), 0, "no write started while the stream had no leader is a latency");
  assert.ok(writes.every((m) => m.outcome !== "ok" || m.us! < PROBE_TIMEOUT_MS * 1000), "no recorded latency exceeds the timeout");
  assert.ok(count(after, "ok") > 0, "writes complete again once the new leader is elected");
  const survivorWrites = after.filter((m) => m.kind === "write" && m.via !== leader);
  assert.equal(count(survivorWrites, "ok"), survivorWrites.length, "through the nodes that run, every write completes");
  // The collector saw them as failures of writes, and said so.
  const failures = await until("the canary's failures in a snapshot", 10_000, () =>
    latest?.latency?.write.timeouts ? latest.latency : null,
  );
  assert.ok(failures.write.timeouts > 0);
});
