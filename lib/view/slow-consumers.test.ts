import assert from "node:assert/strict";
import { test } from "node:test";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import type { ClusterEvent, PendingConnection } from "../model/types";
import { pendingConnections, recentDisconnects, slowConsumerCounters } from "./slow-consumers";

const MIB = 1024 ** 2;
const polled = snapshotFrom(scenarioPolls("2.14.5", "steady"), null, Date.parse("2026-01-01T00:00:00Z"));
const [n1, n2, n3] = polled.nodes;

const connection = (cid: number, pendingBytes: number, over: Partial<PendingConnection> = {}): PendingConnection => ({
  cid,
  name: `client-${cid}`,
  account: "APP",
  ip: "10.0.0.1",
  pendingBytes,
  ...over,
});

function event(id: string, kind: ClusterEvent["kind"], at = "2026-01-01T00:00:00Z"): ClusterEvent {
  return {
    id,
    at,
    kind,
    source: "advisory",
    account: null,
    stream: null,
    consumer: null,
    server: "n1",
    fromLeader: null,
    toLeader: null,
    leaderlessSince: null,
    leaderlessMs: null,
    detail: "",
  };
}

test("counters per node: the total, and by kind only where the server counts them (2.10+)", () => {
  const rows = slowConsumerCounters([{ ...n1, slowConsumers: 3, slowConsumerStats: { clients: 2, routes: 1, gateways: 0, leafs: 0 } }, { ...n2, slowConsumerStats: null }, { ...n3, slowConsumers: null }]);
  assert.deepEqual(
    rows.map((r) => [r.name, r.total, r.byKind?.clients ?? null]),
    [
      ["n1", 3, 2],
      ["n2", 0, null],
      ["n3", null, 0],
    ],
  );
});

test("connections with pending bytes from every node, most pending first; idle ones and unread nodes left out", () => {
  const nodes = [
    { ...n1, topPendingConnections: [connection(7, 4 * MIB), connection(8, 0)] },
    { ...n2, topPendingConnections: [connection(7, 40 * MIB, { name: null, account: null }), connection(9, 4 * MIB)], maxPendingBytes: null },
    { ...n3, topPendingConnections: null },
  ];
  const rows = pendingConnections(nodes);
  assert.deepEqual(
    rows.map((r) => [r.key, r.label, r.account, r.pendingBytes / MIB, r.maxPendingBytes]),
    [
      ["n2-7", "cid 7", null, 40, null],
      ["n1-7", "client-7", "APP", 4, 64 * MIB],
      ["n2-9", "client-9", "APP", 4, null],
    ],
  );
  assert.deepEqual(pendingConnections(polled.nodes), []);
});

test("disconnects: those heard live first, then the server's, each once, other events left out", () => {
  const initial = [event("a", "slow-consumer-disconnect"), event("b", "slow-consumer-disconnect"), event("x", "node-down")];
  const live = [event("c", "slow-consumer-disconnect"), event("y", "stream-leader-elected"), event("a", "slow-consumer-disconnect")];
  assert.deepEqual(recentDisconnects(live, initial).map((e) => e.id), ["c", "a", "b"]);
  assert.deepEqual(recentDisconnects([], initial).map((e) => e.id), ["a", "b"]);
  assert.deepEqual(recentDisconnects([], []), []);
});
