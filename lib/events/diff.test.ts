import assert from "node:assert/strict";
import { test } from "node:test";
import { failedOutcome, fixtureMeta, scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import { eventsBetween } from "./diff";

const T0 = Date.parse("2026-11-21T03:00:00Z");

for (const version of ["2.9.10", "2.14.5"]) {
  test(`${version}: a killed stream leader gives node-down, leader-lost, then an election with its leaderless time`, () => {
    const meta = fixtureMeta(version, "leader-reelected");
    const steady = snapshotFrom(scenarioPolls(version, "steady"), null, T0);
    const killed = snapshotFrom(scenarioPolls(version, "leader-killed", { down: failedOutcome("refused", "connection refused") }), steady, T0 + 2000);
    const reelected = snapshotFrom(scenarioPolls(version, "leader-reelected", { down: failedOutcome("refused", "connection refused") }), killed, T0 + 8000);
    const leaderless = new Map<string, string>();

    const first = eventsBetween(steady, killed, leaderless);
    const kinds = first.map((e) => e.kind);
    assert.ok(kinds.includes("node-down"), kinds.join());
    const lost = first.find((e) => e.kind === "stream-leader-lost" && e.stream === "ORDERS");
    if (steady.streams.find((s) => s.name === "ORDERS")!.leader === meta.stoppedOrKilled) {
      assert.ok(lost, kinds.join());
      assert.equal(lost.fromLeader, meta.stoppedOrKilled);
    }

    const second = eventsBetween(killed, reelected, leaderless);
    const election = second.find((e) => e.kind === "stream-leader-elected" && e.stream === "ORDERS");
    assert.ok(election, second.map((e) => e.kind).join());
    assert.equal(election.toLeader, meta.ordersLeaderAfter);
    assert.equal(election.leaderlessMs, 6000, "from the poll that first saw it leaderless to the poll that saw the new leader");
    assert.equal(leaderless.size, 0);
  });
}

test("nothing changes, nothing happens", () => {
  const a = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, T0);
  const b = snapshotFrom(scenarioPolls("2.9.10", "steady"), a, T0 + 2000);
  assert.deepEqual(eventsBetween(a, b, new Map()), []);
});
