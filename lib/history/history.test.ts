import assert from "node:assert/strict";
import { test } from "node:test";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import type { ClusterSnapshot } from "../model/types";
import { historyStoreSuite } from "./__fixtures__/history-suite";
import { sqliteStores } from "./__fixtures__/store-factory";
import { percentile } from "./report";
import { clusterOutageReason, counterAdvance, HistorySampler, isBlind } from "./sampler";

const T0 = Date.parse("2026-11-21T03:00:00Z");
test("counter advances: a counter that goes down or a new start time counts from zero", () => {
  const cases: [number, number, boolean, number][] = [
    [100, 150, false, 50],
    [100, 100, false, 0],
    [100, 30, false, 30],
    [100, 250, true, 250],
  ];
  for (const [previous, current, restarted, expected] of cases) assert.equal(counterAdvance(previous, current, restarted), expected, `${previous}→${current}`);
  assert.equal(percentile([5, 1, 3, 2, 4], 95), 5);
  assert.equal(percentile([], 95), null);
});

function withNodes(s: ClusterSnapshot, edit: (n: ClusterSnapshot["nodes"][number], i: number) => Partial<ClusterSnapshot["nodes"][number]>): ClusterSnapshot {
  return { ...s, nodes: s.nodes.map((n, i) => ({ ...n, ...edit(n, i) })) };
}

test("sampler: counter deltas across a server restart, messages stored per stream, outages of a node and the cluster", () => {
  const sampler = new HistorySampler({ nodes: new Map(), streams: new Map(), countedUntil: null, storedCredit: 0 }, 0);
  const a = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const first = sampler.sample(a)!;
  assert.ok(first.nodes.every((n) => n.inMsgsDelta === null), "no baseline yet");
  assert.equal(first.cluster.storedDelta, null);

  const n0 = a.nodes[0];
  const orders = a.streams.find((s) => s.name === "ORDERS")!;
  // Next poll: n0 restarted (counters from zero), ORDERS stored 40 more messages.
  const b = withNodes(
    {
      ...a,
      collectedAt: new Date(T0 + 2000).toISOString(),
      streams: a.streams.map((s) => (s === orders ? { ...s, lastSeq: s.lastSeq! + 40 } : s)),
    },
    (n) => (n.url === n0.url ? { counters: { inMsgs: 7, outMsgs: 3, inBytes: 70, outBytes: 30 }, startedAt: "2026-11-21T03:00:01Z" } : { counters: { ...n.counters!, inMsgs: n.counters!.inMsgs + 5 } }),
  );
  const second = sampler.sample(b)!;
  assert.equal(second.nodes.find((n) => n.node === n0.name)!.inMsgsDelta, 7, "a restarted server's counter counts from zero");
  assert.ok(second.nodes.filter((n) => n.node !== n0.name).every((n) => n.inMsgsDelta === 5));
  assert.equal(second.cluster.storedDelta, 40);
  assert.equal(second.cluster.storedMsgsPerSec, 20);
  const ordersRow = second.streams!.find((s) => s.name === "ORDERS")!;
  assert.equal(ordersRow.storedTotal, orders.lastSeq! + 40);
  assert.equal(sampler.sample(b), null, "a re-published snapshot (alert change) is not a new cycle");

  // n1 and n2 stop answering: two node outages and, below quorum, a cluster outage.
  const c = withNodes({ ...b, collectedAt: new Date(T0 + 4000).toISOString() }, (n, i) => (i > 0 ? { status: "down", statusReason: "connection refused", stale: true } : {}));
  assert.match(clusterOutageReason(c) ?? "", /fewer than a quorum/);
  const third = sampler.sample(c)!;
  assert.deepEqual(
    third.outages.map((o) => [o.scope, o.kind]),
    [["node", "start"], ["node", "start"], ["cluster", "start"]],
  );
  assert.ok(third.nodes.filter((n) => n.state === "down").every((n) => n.inMsgsDelta === null), "a silent node has no counters this time");
  const d = { ...b, collectedAt: new Date(T0 + 6000).toISOString() };
  assert.deepEqual(
    sampler.sample(d)!.outages.map((o) => [o.scope, o.kind]),
    [["node", "end"], ["node", "end"], ["cluster", "end"]],
  );
});

test("a dashboard that sees no node because of timeouts is blind (not observed); refused connections everywhere are a cluster outage", () => {
  const a = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const failing = (kind: "timeout" | "refused" | "unreachable", status?: number) =>
    withNodes({ ...a, collectedAt: new Date(T0 + 2000).toISOString() }, () => ({
      status: "down",
      statusReason: kind,
      endpoints: { varz: { ok: false, kind, status, ms: 1 }, jsz: { ok: false, kind, ms: 1 }, healthz: { ok: false, kind, ms: 1 } },
    }));
  assert.equal(isBlind(failing("timeout")), true);
  assert.equal(isBlind(failing("refused")), false);
  assert.equal(isBlind(failing("unreachable", 502)), false, "the proxy says the node refused");
  assert.equal(isBlind(failing("unreachable")), true, "a network error says nothing about the node");
  assert.equal(isBlind(a), false);

  const sampler = new HistorySampler({ nodes: new Map(), streams: new Map(), countedUntil: null, storedCredit: 0 }, 0);
  sampler.sample(a);
  const blind = sampler.sample(failing("timeout"))!;
  assert.deepEqual([blind.blind, blind.outages], [true, []]);
  const refused = { ...failing("refused"), collectedAt: new Date(T0 + 4000).toISOString() };
  assert.deepEqual(
    sampler.sample(refused)!.outages.map((o) => [o.scope, o.reason]),
    [...a.nodes.map(() => ["node", "refused"]), ["cluster", "no node answered (connections refused)"]],
  );
});

historyStoreSuite(sqliteStores);
