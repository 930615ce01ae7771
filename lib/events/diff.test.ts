import assert from "node:assert/strict";
import { test } from "node:test";
import { CAPTURED_VERSIONS, failedOutcome, fixtureMeta, scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import { eventsBetween } from "./diff";

const T0 = Date.parse("2026-11-21T03:00:00Z");

for (const version of CAPTURED_VERSIONS) {
  test(`${version}: a killed stream leader gives node-down, leader-lost, then an election with its leaderless time`, () => {
    const meta = fixtureMeta(version, "leader-reelected");
    const steady = snapshotFrom(scenarioPolls(version, "steady"), null, T0);
    const killed = snapshotFrom(scenarioPolls(version, "leader-killed", { down: failedOutcome("refused", "connection refused") }), steady, T0 + 2000);
    const reelected = snapshotFrom(scenarioPolls(version, "leader-reelected", { down: failedOutcome("refused", "connection refused") }), killed, T0 + 8000);
    const leaderless = new Map<string, string>();

    const first = eventsBetween(steady, killed, leaderless);
    const kinds = first.map((e) => e.kind);
    assert.ok(kinds.includes("node-down"), kinds.join());
    assert.ok(!kinds.includes("stream-leader-lost"), "the dead node's event stands for the streams it led");

    const second = eventsBetween(killed, reelected, leaderless);
    const election = second.find((e) => e.kind === "stream-leader-elected" && e.stream === "ORDERS");
    assert.ok(election, second.map((e) => e.kind).join());
    assert.equal(election.toLeader, meta.ordersLeaderAfter);
    assert.equal(election.leaderlessMs, 6000, "from the poll that first saw it leaderless to the poll that saw the new leader");
    assert.equal(leaderless.size, 0);
  });
}

test("a leader that answers but no longer reports its stream gives one leader-lost event", () => {
  const steady = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const leader = steady.streams.find((s) => s.name === "ORDERS")!.leader!;
  // The leader's node answers, but its /jsz no longer lists ORDERS (as during a step-down).
  const next = snapshotFrom(
    scenarioPolls("2.9.10", "steady", {
      edit: (jsz, node) => {
        if (node !== leader) return;
        for (const a of jsz.account_details ?? []) a.stream_detail = (a.stream_detail ?? []).filter((s) => s.name !== "ORDERS");
      },
    }),
    steady,
    T0 + 2000,
  );
  const events = eventsBetween(steady, next, new Map());
  assert.deepEqual(
    events.map((e) => [e.kind, e.stream, e.fromLeader]),
    [["stream-leader-lost", "ORDERS", leader]],
  );
});

test("a node whose /jsz fails does not produce one event per stream it leads", () => {
  const steady = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const leader = steady.streams.find((s) => s.name === "ORDERS")!.leader!;
  const polls = scenarioPolls("2.9.10", "steady");
  const i = polls.findIndex((p) => p.url.includes(`${leader}.`));
  polls[i] = { ...polls[i], jsz: failedOutcome("timeout", "no answer within 1500 ms") };
  const events = eventsBetween(steady, snapshotFrom(polls, steady, T0 + 2000), new Map());
  assert.deepEqual(events, [], "the node is degraded, not down, and nothing else happened that a poll can tell");
});

test("idle replicas do not change between polls (activeMs is in whole seconds)", () => {
  const a = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const orders = a.streams.find((s) => s.name === "ORDERS")!;
  assert.ok(orders.replicas!.every((r) => r.activeMs === null || r.activeMs % 1000 === 0));
});

test("nothing changes, nothing happens", () => {
  const a = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const b = snapshotFrom(scenarioPolls("2.9.10", "steady"), a, T0 + 2000);
  assert.deepEqual(eventsBetween(a, b, new Map()), []);
});

test("a changed start time is a restart, even when no poll saw the node down", () => {
  const a = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const b = snapshotFrom(scenarioPolls("2.9.10", "steady"), a, T0 + 2000);
  const restarted = b.nodes[1];
  const c = { ...b, nodes: b.nodes.map((n) => (n === restarted ? { ...n, startedAt: "2026-11-21T03:00:01Z" } : n)) };
  const events = eventsBetween(b, c, new Map());
  assert.deepEqual(
    events.map((e) => [e.kind, e.server]),
    [["node-restarted", restarted.name]],
  );
  const stale = { ...c, nodes: c.nodes.map((n) => (n.name === restarted.name ? { ...n, startedAt: null, stale: true } : n)) };
  assert.deepEqual(eventsBetween(c, stale, new Map()), [], "a node that did not answer has no start time to compare");
});
