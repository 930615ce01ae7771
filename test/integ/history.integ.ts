/**
 * The history store and the report against a real cluster (behind the real nginx proxies):
 * messages stored equal the streams' last-sequence advance exactly, messages in/out equal the
 * counter advances across a node restart, a killed node is one outage of about the right length,
 * and the election it causes appears with its leaderless time. Runs against $NATS_SERVER_BIN.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { startCluster, type Harness } from "../harness/cluster";
import { connectResilient } from "../harness/connection";
import { collectorConfig } from "../harness/collector-config";
import { probeStatus } from "../harness/http";
import { ORDERS_STREAM, ORDER_SUBJECT, LOGS_STREAM, LOG_SUBJECT } from "../harness/seed";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";
import { HistoryRecorder } from "../../lib/history/recorder";
import { buildReport } from "../../lib/history/report";
import { counterAdvance } from "../../lib/history/sampler";
import { SqliteHistoryStore } from "../../lib/history/sqlite";

const POLL_MS = 1000;
const TARGETS = { throughputMsgsPerSec: 1, failoverMs: 60_000, clusterOutages: 0, alerts: null };

let harness: Harness;
let nc: NatsConnection;
let collector: ClusterCollector;
let store: SqliteHistoryStore;
let recorder: HistoryRecorder;
const seen: ClusterSnapshot[] = [];

before(async () => {
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  nc = await connectResilient(
    harness.nodes.map((n) => n.clientUrl),
    harness.app,
    "history-integ",
  );
  store = new SqliteHistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "jsw-history-integ-")), "history.sqlite"), {
    rawRetentionMs: 24 * 3_600_000,
    rollupRetentionMs: 90 * 86_400_000,
    assetRollupMs: 3_600_000,
  });
  collector = new ClusterCollector(collectorConfig(harness, "main", { timeoutMs: 800 }), POLL_MS, 100);
  // Streams at every poll, so the period's ends fall on stored samples.
  recorder = new HistoryRecorder(store, collector, { assetStepMs: 0, pollIntervalMs: POLL_MS });
  recorder.start();
  collector.subscribe((u) => seen.push(u.snapshot));
  collector.start();
});

after(async () => {
  recorder?.stop();
  collector?.stop();
  store?.close();
  await nc?.close();
  await harness?.stop();
});

/** Resolves with the first snapshot published after now that satisfies `check`. */
async function nextSnapshot(check: (s: ClusterSnapshot) => boolean = () => true, what = "a snapshot", timeoutMs = 30_000): Promise<ClusterSnapshot> {
  const start = seen.length;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = seen.slice(start).find(check);
    if (found) return found;
    await sleep(100);
  }
  assert.fail(`${what} was not published within ${timeoutMs} ms`);
}

async function lastSeqs(): Promise<Map<string, number>> {
  const jsm = await jetstreamManager(nc);
  const out = new Map<string, number>();
  for (const name of [ORDERS_STREAM, LOGS_STREAM]) out.set(name, (await jsm.streams.info(name)).state.last_seq);
  return out;
}

/** Publishes n messages, retrying through an election; returns how many were acknowledged. */
async function publish(subject: string, n: number): Promise<void> {
  const js = jetstream(nc);
  for (let i = 0; i < n; i++) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        // A message id makes a retry after a lost acknowledgement a duplicate the stream drops.
        await js.publish(subject, `m${i}`, { msgID: `${subject}-${Date.now()}-${i}`, timeout: 2000 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(200);
      }
    }
  }
}

test("report: messages stored, in/out across a restart, one node outage and the election it caused", async () => {
  const everyoneUp = (s: ClusterSnapshot) => s.nodes.length === 3 && s.nodes.every((n) => n.status === "up") && s.streams.every((s) => s.truth === "leader");
  await nextSnapshot(everyoneUp, "all nodes up with stream leaders");
  const start = await nextSnapshot(everyoneUp, "a quiet snapshot to start the period at");
  const from = Date.parse(start.collectedAt);
  const seqBefore = await lastSeqs();

  await publish(ORDER_SUBJECT, 60);
  await publish(LOG_SUBJECT, 30);

  const ordersLeader = start.streams.find((s) => s.name === ORDERS_STREAM)!.leader!;
  const killedAt = Date.now();
  await harness.killNode(ordersLeader);
  await nextSnapshot((s) => s.streams.find((x) => x.name === ORDERS_STREAM)?.truth === "leader" && s.streams.find((x) => x.name === ORDERS_STREAM)?.leader !== ordersLeader, "a new ORDERS leader");
  await publish(ORDER_SUBJECT, 40);
  await sleep(2000);
  await harness.restartNode(ordersLeader);
  const node = harness.node(ordersLeader);
  while ((await probeStatus(`${node.monitorUrl}/varz`, 500)) !== 200) await sleep(50);
  const answeredAt = Date.now();
  // Answering again ("degraded" while its JetStream catches up counts: the outage is over).
  await nextSnapshot((s) => ["up", "degraded"].includes(s.nodes.find((n) => n.name === ordersLeader)?.status ?? ""), "the restarted node answering again", 60_000);
  await publish(ORDER_SUBJECT, 25);
  await publish(LOG_SUBJECT, 15);

  const seqAfter = await lastSeqs();
  // Every stream read from its leader; the restarted node may still be "degraded" while its JetStream catches up.
  const allAnswering = (s: ClusterSnapshot) =>
    s.nodes.length === 3 && s.nodes.every((n) => n.status === "up" || n.status === "degraded") && s.streams.every((x) => x.truth === "leader");
  const end = await nextSnapshot(allAnswering, "a quiet snapshot to end the period at", 60_000);
  const to = Date.parse(end.collectedAt);
  const seqAtEnd = await lastSeqs();
  assert.deepEqual(seqAtEnd, seqAfter, "nothing was stored after the last publish");

  await recorder.flush();
  const report = await buildReport(store, "main", { from, to }, { targets: TARGETS, canary: null }, to + 1);
  const advance = [...seqAfter].reduce((sum, [name, seq]) => sum + seq - seqBefore.get(name)!, 0);
  assert.equal(advance, 170, "each acknowledged publish stored once");
  assert.equal(report.messagesStored, advance);

  // In/out: the same counters, followed cycle by cycle from the published snapshots.
  const period = seen.filter((s) => Date.parse(s.collectedAt) >= from && Date.parse(s.collectedAt) <= to);
  const expected = { in: 0, out: 0 };
  let resets = 0;
  const last = new Map<string, { inMsgs: number; outMsgs: number; startedAt: string | null }>();
  for (const s of period)
    for (const n of s.nodes) {
      if (!n.counters || n.stale) continue;
      const before = last.get(n.name);
      if (before && s !== period[0]) {
        const restarted = before.startedAt !== n.startedAt;
        if (restarted) resets++;
        expected.in += counterAdvance(before.inMsgs, n.counters.inMsgs, restarted);
        expected.out += counterAdvance(before.outMsgs, n.counters.outMsgs, restarted);
      }
      last.set(n.name, { inMsgs: n.counters.inMsgs, outMsgs: n.counters.outMsgs, startedAt: n.startedAt });
    }
  assert.equal(recorder.lastError, null);
  assert.equal(resets, 1, "the restarted node's counters started again from zero");
  assert.equal(report.messagesIn, expected.in);
  assert.equal(report.messagesOut, expected.out);
  assert.ok(report.messagesIn >= advance, "every stored message was received by a server");

  assert.equal(report.nodeOutages.length, 1, JSON.stringify(report.nodeOutages));
  const [outage] = report.nodeOutages;
  assert.equal(outage.node, ordersLeader);
  const truth = answeredAt - killedAt;
  console.log(`outage: measured ${outage.durationMs} ms, truth ${truth} ms (kill -9 → /varz answers again)`);
  assert.ok(Math.abs(outage.durationMs - truth) <= POLL_MS + 500, `measured ${outage.durationMs} ms vs ${truth} ms`);
  assert.deepEqual(report.clusterOutages, [], "two of three nodes kept a quorum");

  const election = report.elections.find((e) => e.kind === "stream" && e.stream === ORDERS_STREAM);
  assert.ok(election, JSON.stringify(report.elections));
  assert.equal(election.from, ordersLeader);
  assert.ok(election.leaderlessMs !== null && election.leaderlessMs > 0, `leaderless ${election.leaderlessMs}`);
  console.log(`election of ${ORDERS_STREAM}: leaderless ${election.leaderlessMs} ms`);
  assert.equal(report.electionSummary.worstLeaderlessMs, Math.max(...report.elections.filter((e) => e.kind === "stream" && e.leaderlessMs !== null).map((e) => e.leaderlessMs!)));
  assert.ok(report.restarts.some((r) => r.node === ordersLeader), "the restart is listed");
  assert.deepEqual(
    report.targets.map((t) => [t.name.split(" ")[0], t.pass]),
    [["peak", true], ["failover", true], ["cluster", true], ["JetStream", null], ["end-to-end", null]],
  );
  // Without a canary the latency targets are listed, not judged, and say how to enable them.
  for (const t of report.targets.slice(3)) assert.match(t.note!, /^not measured: no latency canary is configured for this cluster \(clusters\[\]\.canary\)$/);
});
