import assert from "node:assert/strict";
import { test } from "node:test";
import { replica, stream } from "./assets.fixture";
import { isReplicaLagging } from "../model/trouble";
import { accountsOf, filterStreams, followerRole, placementNodes, placementRows } from "./placement";

const NODES = ["n1", "n2", "n3"];

test("a follower's role: offline wins, then lagging when not current or behind", () => {
  const cases: Array<[Partial<Parameters<typeof replica>[1]>, string]> = [
    [{}, "current"],
    [{ lag: 4 }, "lagging"],
    [{ current: false }, "lagging"],
    [{ current: false, lag: 0 }, "lagging"],
    [{ offline: true, current: false, lag: 12 }, "offline"],
  ];
  for (const [over, role] of cases) assert.equal(followerRole(replica("n2", over)), role, JSON.stringify(over));
  assert.equal(isReplicaLagging({ current: true, lag: 0 }), false);
});

test("cells: the leader, each follower by the leader's report, and none where not placed", () => {
  const [row] = placementRows([stream("ORDERS", { leader: "n2", replicas: [replica("n1", { lag: 7 }), replica("n3")] })], NODES);
  assert.deepEqual(
    row.cells.map((c) => [c.node, c.role]),
    [
      ["n1", "lagging"],
      ["n2", "leader"],
      ["n3", "current"],
    ],
  );
  assert.equal(row.cells[0].replica?.lag, 7);
  const [r1] = placementRows([stream("LOGS", { leader: "n3", replicas: [], hostedOn: ["n3"], numReplicas: 1 })], NODES);
  assert.deepEqual(r1.cells.map((c) => c.role), ["none", "none", "leader"]);
});

test("without the leader's view, hosting followers are unknown rather than guessed", () => {
  const unreachable = stream("ORDERS", { truth: "leader-unreachable", truthNote: "leader n1 does not answer", replicas: null, hostedOn: ["n2", "n3"] });
  const [row] = placementRows([unreachable], NODES);
  assert.deepEqual(row.cells.map((c) => c.role), ["leader", "unknown", "unknown"]);
  const leaderless = stream("ORDERS", { leader: null, truth: "leaderless", replicas: null, hostedOn: ["n1", "n3"] });
  assert.deepEqual(placementRows([leaderless], NODES)[0].cells.map((c) => c.role), ["unknown", "none", "unknown"]);
});

test("rows: no trustworthy leader first, then under-replicated, then lagging, then by account and name", () => {
  const rows = placementRows(
    [
      stream("A_FINE"),
      stream("B_LAGGING", { replicas: [replica("n2", { current: false }), replica("n3")] }),
      stream("C_UNDER", { underReplicated: true }),
      stream("D_LEADERLESS", { leader: null, truth: "leaderless", replicas: null }),
      stream("A_FINE", { account: "OTHER" }),
      stream("E_OFFLINE", { replicas: [replica("n2", { offline: true }), replica("n3")] }),
    ],
    NODES,
  );
  assert.deepEqual(
    rows.map((r) => r.key),
    ["APP/D_LEADERLESS", "APP/C_UNDER", "APP/B_LAGGING", "APP/E_OFFLINE", "APP/A_FINE", "OTHER/A_FINE"],
  );
});

test("columns: polled nodes by name whatever their order, then any other node a stream names", () => {
  const streams = [stream("X", { leader: "n9", replicas: [replica("n1"), replica("n4")], hostedOn: ["n9"] })];
  assert.deepEqual(placementNodes(["n3", "n1", "n2"], streams), ["n1", "n2", "n3", "n4", "n9"]);
  assert.deepEqual(placementNodes(["n10", "n3", "n2", "n1"], [stream("Y")]), ["n1", "n2", "n3", "n10"]);
});

test("filterStreams by account and by name (and subjects only when asked)", () => {
  const streams = [stream("ORDERS"), stream("LOGS", { subjects: ["prod.order.audit"] }), stream("ORDERS", { account: "B" })];
  assert.deepEqual(filterStreams(streams, { account: null, q: "ord" }).map((s) => `${s.account}/${s.name}`), ["APP/ORDERS", "B/ORDERS"]);
  assert.deepEqual(filterStreams(streams, { account: "B", q: "" }).map((s) => `${s.account}/${s.name}`), ["B/ORDERS"]);
  assert.deepEqual(filterStreams(streams, { account: "APP", q: "order" }, true).map((s) => s.name), ["ORDERS", "LOGS"]);
  assert.deepEqual(accountsOf(streams), ["APP", "B"]);
});
