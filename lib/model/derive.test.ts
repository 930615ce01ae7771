/**
 * Figures derived across polls: since when a replica lags, stream growth, consumer ack rate,
 * "stalled" and "falling behind", leader balance. Built on a real 2.9.10 capture whose counters
 * are advanced between polls the way a live cluster would advance them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Jsz } from "../sources/monitor-schemas";
import { failedOutcome, scenarioPolls, snapshotFrom, type JszEdit as Edit } from "./__fixtures__/polls";
import type { ClusterSnapshot } from "./types";

const next = (previous: ClusterSnapshot | null, at: number, edit?: Edit) => snapshotFrom(scenarioPolls("2.9.10", "steady", { edit }), previous, at);
const streams = (jsz: Jsz) => jsz.account_details?.flatMap((a) => a.stream_detail ?? []) ?? [];
const consumers = (jsz: Jsz) => streams(jsz).flatMap((s) => s.consumer_detail ?? []);
const T0 = Date.parse("2026-11-21T03:00:00Z");

test("stream growth is the advance of the last sequence per second", () => {
  const first = next(null, T0);
  const base = first.streams.find((s) => s.name === "LOGS")!.lastSeq!;
  const second = next(first, T0 + 2000, (jsz) => {
    for (const s of streams(jsz)) if (s.name === "LOGS") s.state.last_seq = base + 50;
  });
  assert.equal(first.streams.find((s) => s.name === "LOGS")!.msgsPerSec, null, "no rate on the first poll");
  assert.equal(second.streams.find((s) => s.name === "LOGS")!.msgsPerSec, 25);
});

test("a lagging replica keeps the time it was first seen lagging, and clears when current", () => {
  const follower = next(null, T0).streams.find((x) => x.name === "ORDERS")!.replicas![0].name;
  const lagging: Edit = (jsz) => {
    for (const s of streams(jsz))
      for (const r of s.cluster?.replicas ?? []) if (s.name === "ORDERS" && r.name === follower) Object.assign(r, { current: false, lag: 40 });
  };
  const first = next(null, T0, lagging);
  const second = next(first, T0 + 2000, lagging);
  const cleared = next(second, T0 + 4000, (jsz) => {
    for (const s of streams(jsz)) for (const r of s.cluster?.replicas ?? []) Object.assign(r, { current: true, lag: 0 });
  });
  const replica = (s: ClusterSnapshot) => s.streams.find((x) => x.name === "ORDERS")!.replicas!.find((r) => r.name === follower)!;
  assert.equal(replica(first).lag, 40);
  assert.equal(replica(first).laggingSince, new Date(T0).toISOString());
  assert.equal(replica(second).laggingSince, new Date(T0).toISOString());
  assert.equal(replica(cleared).laggingSince, null);
});

test("a consumer with pending work and no delivery for a minute is stalled", () => {
  const stale = new Date(T0 - 5 * 60_000).toISOString();
  const snapshot = next(null, T0, (jsz) => {
    for (const c of consumers(jsz)) if (c.name === "log-archiver") Object.assign(c, { num_pending: 10, delivered: { ...c.delivered, last_active: stale } });
  });
  const archiver = snapshot.consumers.find((c) => c.name === "log-archiver")!;
  assert.equal(archiver.stalled, true);
  assert.equal(snapshot.consumers.find((c) => c.name === "log-indexer")!.stalled, false);
});

test("falling behind: pending stays above its starting level for the whole window, dips included", () => {
  const pending = (n: number): Edit => (jsz) => {
    for (const c of consumers(jsz)) if (c.name === "log-archiver") c.num_pending = n;
  };
  let snap = next(null, T0, pending(100));
  const levels = [110, 105, 130, 125, 160]; // dips from batched deliveries, but always above 100
  levels.forEach((n, i) => (snap = next(snap, T0 + (i + 1) * 30_000, pending(n))));
  const archiver = snap.consumers.find((c) => c.name === "log-archiver")!;
  assert.equal(archiver.pendingGrowingSince, new Date(T0 + 30_000).toISOString());
  assert.equal(archiver.pendingBaseline, 100);
  assert.equal(archiver.fallingBehind, true, "150 s of growth exceeds the 120 s window");
  const caughtUp = next(snap, T0 + 200_000, pending(90));
  assert.equal(caughtUp.consumers.find((c) => c.name === "log-archiver")!.fallingBehind, false);
});

test("ack rate is the advance of the ack floor per second", () => {
  const first = next(null, T0);
  const floor = first.consumers.find((c) => c.name === "log-indexer")!.ackFloorConsumerSeq!;
  const second = next(first, T0 + 4000, (jsz) => {
    for (const c of consumers(jsz)) if (c.name === "log-indexer" && c.ack_floor) c.ack_floor.consumer_seq = floor + 40;
  });
  assert.equal(second.consumers.find((c) => c.name === "log-indexer")!.ackPerSec, 10);
});

test("leaders per node; with two streams nobody is flagged imbalanced", () => {
  const snapshot = next(null, T0);
  const leaders = snapshot.placement.nodes.map((n) => n.streamLeaders);
  assert.equal(leaders.reduce((a, b) => a + b, 0), snapshot.streams.filter((s) => s.truth === "leader").length);
  assert.ok(snapshot.placement.nodes.every((n) => !n.imbalanced), "one leader above a tiny average is not an imbalance");
  assert.equal(snapshot.placement.nodes.reduce((a, n) => a + n.streamReplicas, 0), 4, "ORDERS on three nodes, LOGS on one");
});

test("a node leading more than 1.5× the average (and at least two more) is imbalanced", () => {
  // Ten copies of ORDERS, all led by ORDERS' leader; LOGS stays one stream.
  const multiply: Edit = (jsz) => {
    for (const a of jsz.account_details ?? [])
      a.stream_detail = (a.stream_detail ?? []).flatMap((s) =>
        s.name === "ORDERS" ? Array.from({ length: 10 }, (_, i) => ({ ...s, name: `${s.name}-${i}`, consumer_detail: [] })) : [s],
      );
  };
  const snapshot = next(null, T0, multiply);
  const busiest = snapshot.placement.nodes.reduce((a, b) => (b.streamLeaders > a.streamLeaders ? b : a));
  assert.ok(busiest.streamLeaders >= 10);
  assert.equal(busiest.imbalanced, busiest.streamLeaders > 1.5 * snapshot.placement.averageStreamLeaders);
  assert.ok(busiest.imbalanced);
});

test("a follower that did not answer still counts as hosting the stream", () => {
  const steady = next(null, T0);
  const orders = steady.streams.find((s) => s.name === "ORDERS")!;
  const follower = orders.replicas![0].name;
  const polls = scenarioPolls("2.9.10", "steady");
  const i = polls.findIndex((p) => p.url.includes(`${follower}.`));
  polls[i] = { ...polls[i], varz: failedOutcome("refused", "connection refused"), jsz: failedOutcome("refused", "connection refused") };
  const snapshot = snapshotFrom(polls, steady, T0 + 2000);
  assert.equal(snapshot.placement.nodes.find((n) => n.name === follower)?.streamReplicas, 1, "ORDERS, per its leader");
});

test("a follower offline in the leader's view makes the stream under-replicated", () => {
  const snapshot = next(null, T0, (jsz) => {
    for (const s of streams(jsz)) for (const r of s.cluster?.replicas ?? []) if (s.name === "ORDERS") r.offline = true;
  });
  assert.equal(snapshot.streams.find((s) => s.name === "ORDERS")!.underReplicated, true);
  assert.equal(snapshot.streams.find((s) => s.name === "LOGS")!.underReplicated, false);
});

test("account usage is summed over nodes; unlimited account limits (2^64−1) are null", () => {
  const snapshot = next(null, T0);
  const app = snapshot.accounts.find((a) => a.name === "APP")!;
  const perNode = snapshot.nodes.length;
  assert.ok(perNode === 3 && app.storageBytes >= 0);
  assert.equal(app.storageLimitBytes, null);
  assert.equal(app.memoryLimitBytes, null);
});

test("monitoring-port exposure: credentials sent, loopback, or open to the network", () => {
  const polls = scenarioPolls("2.9.10", "steady");
  polls[0] = { ...polls[0], credentialsSent: true };
  polls[1] = { ...polls[1], url: "http://127.0.0.1:8222" };
  const snapshot = snapshotFrom(polls, null, T0);
  assert.deepEqual(
    snapshot.nodes.map((n) => n.monitorExposure),
    ["authenticated", "loopback", "open"],
  );
});

test("the connections with the most pending bytes, and the per-connection limit", () => {
  const polls = scenarioPolls("2.9.10", "steady");
  polls[0] = {
    ...polls[0],
    connz: { ok: true, status: 200, ms: 1, bytes: 1, data: { connections: [{ cid: 7, name: "archiver", account: "APP", ip: "10.0.0.9", pending_bytes: 40_000_000 }] } },
  };
  const snapshot = snapshotFrom(polls, null, T0);
  assert.deepEqual(snapshot.nodes[0].topPendingConnections, [{ cid: 7, name: "archiver", account: "APP", ip: "10.0.0.9", pendingBytes: 40_000_000 }]);
  assert.equal(snapshot.nodes[0].maxPendingBytes, 67_108_864, "64 MiB, the server default");
  assert.equal(snapshot.nodes[1].topPendingConnections, null, "not read");
});
