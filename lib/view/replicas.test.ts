import assert from "node:assert/strict";
import { test } from "node:test";
import type { StreamSample } from "../model/types";
import { replica, stream } from "./assets.fixture";
import {
  DEFAULT_REPLICA_SORT,
  filterReplicas,
  laggingReplicas,
  parseReplicaKey,
  replicaLagSeries,
  replicaNodesInHistory,
  sortReplicas,
  streamsWithoutLeaderView,
} from "./replicas";

const streams = [
  stream("ORDERS", { replicas: [replica("n2", { lag: 40, laggingSince: "2026-01-01T00:00:10Z" }), replica("n3")] }),
  stream("EVENTS", {
    leader: "n2",
    replicas: [replica("n1", { current: false, lag: 3, laggingSince: "2026-01-01T00:00:00Z" }), replica("n3", { offline: true, current: false, activeMs: null })],
  }),
  stream("LOST", { truth: "leader-unreachable", replicas: null }),
  stream("ORDERS", { account: "B", replicas: [replica("n3", { lag: 500 })] }),
];

test("only followers that are behind, not current or offline are listed, keyed ACCOUNT/STREAM/NODE", () => {
  assert.deepEqual(laggingReplicas(streams).map((r) => r.key).sort(), ["APP/EVENTS/n1", "APP/EVENTS/n3", "APP/ORDERS/n2", "B/ORDERS/n3"]);
  assert.deepEqual(laggingReplicas([stream("OK")]), []);
  assert.deepEqual(streamsWithoutLeaderView(streams).map((s) => s.name), ["LOST"]);
});

test("default order is worst first: offline, outdated, then ops behind", () => {
  assert.deepEqual(sortReplicas(laggingReplicas(streams), DEFAULT_REPLICA_SORT).map((r) => r.key), [
    "APP/EVENTS/n3",
    "APP/EVENTS/n1",
    "B/ORDERS/n3",
    "APP/ORDERS/n2",
  ]);
});

test("sorting by lagging since puts the longest lagging first when descending; unknown last", () => {
  const sorted = sortReplicas(laggingReplicas(streams), { key: "since", dir: "desc" });
  assert.deepEqual(sorted.map((r) => r.key), ["APP/EVENTS/n1", "APP/ORDERS/n2", "APP/EVENTS/n3", "B/ORDERS/n3"]);
});

test("filters by account, stream and node combine", () => {
  const rows = laggingReplicas(streams);
  assert.deepEqual(filterReplicas(rows, { account: null, stream: "ORDERS", node: null }).map((r) => r.key), ["APP/ORDERS/n2", "B/ORDERS/n3"]);
  assert.deepEqual(filterReplicas(rows, { account: "APP", stream: "ORDERS", node: null }).map((r) => r.key), ["APP/ORDERS/n2"]);
  assert.deepEqual(filterReplicas(rows, { account: null, stream: null, node: "n3" }).map((r) => r.key), ["APP/EVENTS/n3", "B/ORDERS/n3"]);
});

test("parseReplicaKey", () => {
  assert.deepEqual(parseReplicaKey("APP/ORDERS/n2"), { account: "APP", stream: "ORDERS", node: "n2" });
  assert.deepEqual(parseReplicaKey("APP/ORDERS/dc1/n2"), { account: "APP", stream: "ORDERS", node: "dc1/n2" });
  for (const bad of [null, "", "APP", "APP/ORDERS", "APP//n2", "/ORDERS/n2"]) assert.equal(parseReplicaKey(bad), null, String(bad));
});

test("a follower's lag series has gaps where a sample does not name it", () => {
  const samples: StreamSample[] = [
    { at: "2026-01-01T00:00:00Z", messages: 1, bytes: 1, msgsPerSec: 0, replicaLag: { n2: 0, n3: 5 } },
    { at: "2026-01-01T00:00:10Z", messages: 1, bytes: 1, msgsPerSec: 0, replicaLag: { n2: 3 } },
  ];
  assert.deepEqual(replicaLagSeries(samples, "n3"), [
    { t: Date.parse("2026-01-01T00:00:00Z"), lag: 5 },
    { t: Date.parse("2026-01-01T00:00:10Z"), lag: null },
  ]);
  assert.deepEqual(replicaNodesInHistory(samples), ["n2", "n3"]);
});
