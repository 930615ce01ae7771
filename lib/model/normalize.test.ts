/**
 * The merge rules on monitoring JSON captured from real 3-node clusters (every captured version, see
 * scripts/capture-fixtures.ts): leader truth, "leader unreachable", meta peers from the meta
 * leader only, node status classification and totals that never double-count replicas.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { NodePoll } from "../sources/http-monitor";
import { jszSchema, type Jsz } from "../sources/monitor-schemas";
import {
  CAPTURED_VERSIONS,
  failedOutcome as failed,
  fixtureMeta as meta,
  fixturePoll,
  fixtureUrl as urlOf,
  readFixture as load,
  scenarioPolls,
  snapshotFrom,
  type JszEdit,
} from "./__fixtures__/polls";
import type { EndpointOutcome } from "../sources/outcome";
import { buildSnapshot } from "./normalize";
import { withReports } from "./reports";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import type { ClusterSnapshot, MergedSnapshot } from "./types";

const NODES = ["n1", "n2", "n3"];
const T = Date.parse("2026-11-21T03:00:00Z");

const poll = (version: string, scenario: string, node: string, down?: EndpointOutcome<never>): NodePoll => fixturePoll(version, scenario, node, { down });
const snapshotOf = (polls: NodePoll[], previous: ClusterSnapshot | null = null) => snapshotFrom(polls, previous, T);

function scenario(version: string, name: string, down?: EndpointOutcome<never>) {
  return { snapshot: snapshotOf(scenarioPolls(version, name, { down })), meta: meta(version, name) };
}

for (const version of CAPTURED_VERSIONS) {
  describe(`merge rules on ${version} captures`, () => {
    test("steady: everything up, leaders as the leaders report them", () => {
      const { snapshot, meta: m } = scenario(version, "steady");
      assert.equal(snapshot.status, "ok", snapshot.statusReasons.join("; "));
      assert.deepEqual(snapshot.nodes.map((n) => n.status), ["up", "up", "up"]);
      assert.equal(snapshot.nodes[0].version, version);
      assert.equal(snapshot.meta.leader, m.metaLeader);
      assert.deepEqual(snapshot.meta.peers?.map((p) => [p.name, p.leader]), NODES.map((n) => [n, n === m.metaLeader]));
      const orders = snapshot.streams.find((s) => s.name === "ORDERS")!;
      assert.equal(orders.leader, m.ordersLeaderBefore);
      assert.equal(orders.truth, "leader");
      assert.deepEqual(orders.subjects, ["prod.order.>"]);
      assert.equal(orders.retention, "workqueue");
      assert.equal(orders.numReplicas, 3);
      assert.equal(orders.maxAgeMs, 7 * 24 * 3600 * 1000);
      assert.deepEqual(orders.replicas?.map((r) => r.name), NODES.filter((n) => n !== m.ordersLeaderBefore));
    });

    test("steady: stream and consumer figures are the leader's own, whatever the poll order", () => {
      const m = meta(version, "steady");
      const forward = snapshotOf(NODES.map((n) => poll(version, "steady", n)));
      const backward = snapshotOf([...NODES].reverse().map((n) => poll(version, "steady", n)));
      const figures = (s: ClusterSnapshot) => s.consumers.map((c) => [c.name, c.leader, c.numPending, c.numAckPending, c.numWaiting]);
      assert.deepEqual(figures(forward), figures(backward));
      const leaderJsz = jszSchema.parse(load(version, "steady", `${m.ordersLeaderBefore}.jsz.json`));
      const leaderOrders = leaderJsz.account_details!.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === "ORDERS")!;
      const merged = forward.streams.find((s) => s.name === "ORDERS")!;
      assert.equal(merged.messages, leaderOrders.state.messages);
      assert.equal(merged.lastSeq, leaderOrders.state.last_seq);
    });

    test("meta peers come from the meta leader's own report; without it they are unknown, whatever the followers list", () => {
      const m = meta(version, "steady");
      const leaderReplicas = jszSchema.parse(load(version, "steady", `${m.metaLeader}.jsz.json`)).meta_cluster?.replicas ?? [];
      const { snapshot } = scenario(version, "steady");
      assert.deepEqual(
        snapshot.meta.peers?.filter((p) => !p.leader).map((p) => [p.name, p.current]),
        leaderReplicas.map((r) => [r.name, r.current]),
      );
      const leaderDown = snapshotOf(NODES.map((n) => poll(version, "steady", n, n === m.metaLeader ? failed("refused", "connection refused") : undefined)));
      assert.equal(leaderDown.meta.leader, m.metaLeader);
      assert.equal(leaderDown.meta.peers, null);
      assert.equal(leaderDown.meta.note, `the meta leader ${m.metaLeader} did not answer; peer health unknown`);
    });

    test("steady: the meta quorum as the meta leader reports it (2.15+), no rescue; a rescue on any node is named", () => {
      const m = meta(version, "steady");
      const reported = jszSchema.parse(load(version, "steady", `${m.metaLeader}.jsz.json`)).meta_cluster?.quorum_needed;
      const { snapshot } = scenario(version, "steady");
      assert.equal(snapshot.meta.quorumNeeded, reported ?? null);
      assert.deepEqual(snapshot.meta.rescueOn, []);
      const follower = NODES.find((n) => n !== m.metaLeader)!;
      const rescued = snapshotOf(
        scenarioPolls(version, "steady", {
          edit: (jsz, node) => {
            if (node === follower && jsz.meta_cluster) Object.assign(jsz.meta_cluster, { rescue: true, quorum_needed: 1 });
          },
        }),
      );
      assert.deepEqual(rescued.meta.rescueOn, [follower]);
      assert.equal(rescued.meta.quorumNeeded, reported ?? null, "the quorum shown is the leader's");
    });

    test("steady: max consumers is the stream's own limit, else the servers' default_max_consumers (2.15+)", () => {
      const m = meta(version, "steady");
      const serverDefault = jszSchema.parse(load(version, "steady", `${m.metaLeader}.jsz.json`)).limits?.default_max_consumers;
      const orders = scenario(version, "steady").snapshot.streams.find((s) => s.name === "ORDERS")!;
      assert.equal(orders.maxConsumers, serverDefault ?? null, "ORDERS sets none (-1)");
      assert.equal(orders.maxConsumersIsServerDefault, serverDefault !== undefined);
      const withDefault = (value: number) => (jsz: Jsz) => {
        jsz.limits = { ...jsz.limits, default_max_consumers: value };
      };
      const edited = (edit: JszEdit) => snapshotOf(scenarioPolls(version, "steady", { edit })).streams.find((s) => s.name === "ORDERS")!;
      assert.deepEqual([edited(withDefault(50)).maxConsumers, edited(withDefault(50)).maxConsumersIsServerDefault], [50, true]);
      assert.deepEqual([edited(withDefault(-1)).maxConsumers, edited(withDefault(-1)).maxConsumersIsServerDefault], [null, false], "-1: the servers opt out");
      const ownLimit: JszEdit = (jsz) => {
        withDefault(50)(jsz);
        for (const stream of jsz.account_details?.flatMap((a) => a.stream_detail ?? []) ?? [])
          if (stream.name === "ORDERS" && stream.config) stream.config.max_consumers = 500;
      };
      assert.deepEqual([edited(ownLimit).maxConsumers, edited(ownLimit).maxConsumersIsServerDefault], [500, false]);
      // The meta leader's default counts; without its answer, one the others agree on.
      const perNode: JszEdit = (jsz, node) => withDefault(node === m.metaLeader ? 70 : 60)(jsz);
      const leaderDown = (edit: JszEdit) =>
        snapshotOf(NODES.map((n) => fixturePoll(version, "steady", n, { edit, down: n === m.metaLeader ? failed("refused", "connection refused") : undefined })));
      assert.equal(edited(perNode).maxConsumers, 70);
      assert.equal(leaderDown(perNode).streams.find((s) => s.name === "ORDERS")!.maxConsumers, 60);
      const disagree: JszEdit = (jsz, node) => withDefault(node === "n1" ? 10 : node === "n2" ? 20 : 30)(jsz);
      assert.equal(leaderDown(disagree).streams.find((s) => s.name === "ORDERS")!.maxConsumers, null, "followers that disagree say nothing");
    });

    test("steady: cluster totals count each stream once, not once per replica", () => {
      const { snapshot } = scenario(version, "steady");
      const perNode = NODES.map((n) => jszSchema.parse(load(version, "steady", `${n}.jsz.json`)));
      assert.equal(perNode.reduce((sum, j) => sum + (j.streams ?? 0), 0), 4, "R3 ORDERS is counted on each of its three nodes");
      assert.equal(snapshot.totals.streams, 2);
      assert.equal(snapshot.totals.messages, snapshot.streams.reduce((sum, s) => sum + (s.messages ?? 0), 0));
    });

    test("follower SIGSTOPped: node down with its reason, its replica not current in the leader's view", () => {
      const { snapshot, meta: m } = scenario(version, "follower-stopped", failed("timeout", "no answer within 1500 ms"));
      const stopped = snapshot.nodes.find((n) => n.url === `${urlOf(m.stoppedOrKilled!)}`.replace(/\/$/, ""))!;
      assert.equal(stopped.status, "down");
      assert.equal(stopped.statusReason, "timeout: no answer within 1500 ms");
      assert.equal(snapshot.status, "warning");
      const orders = snapshot.streams.find((s) => s.name === "ORDERS")!;
      assert.equal(orders.truth, "leader");
      const replica = orders.replicas?.find((r) => r.name === m.stoppedOrKilled);
      assert.ok(replica, "the leader lists the stopped follower");
      // 2.14 still calls it current for up to 10 s; "last seen" is the fast signal on every version.
      assert.ok(replica.activeMs !== null && replica.activeMs > 3000, `seen ${replica.activeMs} ms ago`);
      if (version === "2.9.10") assert.equal(replica.current, false);
    });

    test("stream leader killed: 'leader unreachable', never a follower's numbers", () => {
      const { snapshot, meta: m } = scenario(version, "leader-killed", failed("refused", "connection refused"));
      const orders = snapshot.streams.find((s) => s.name === "ORDERS")!;
      assert.equal(orders.leader, m.ordersLeaderBefore);
      assert.equal(orders.truth, "leader-unreachable");
      assert.equal(orders.truthNote, `leader ${m.ordersLeaderBefore} did not answer`);
      assert.equal(orders.messages, null);
      assert.equal(orders.replicas, null);
      assert.deepEqual(orders.hostedOn, NODES.filter((n) => n !== m.stoppedOrKilled));
      assert.ok(snapshot.statusReasons.some((r) => r.includes("whose leader does not answer")));
    });

    test("after re-election: the new leader's view", () => {
      const { snapshot, meta: m } = scenario(version, "leader-reelected", failed("refused", "connection refused"));
      const orders = snapshot.streams.find((s) => s.name === "ORDERS")!;
      assert.equal(orders.leader, m.ordersLeaderAfter);
      assert.equal(orders.truth, "leader");
      const killed = orders.replicas?.find((r) => r.name === m.stoppedOrKilled);
      assert.ok(killed && !killed.current);
    });

    test("a stream whose only host stops answering is carried forward as unreachable, not dropped", () => {
      const steady = scenario(version, "steady").snapshot;
      const logs = steady.streams.find((s) => s.name === "LOGS")!;
      const host = logs.hostedOn[0];
      const next = snapshotOf(
        NODES.map((n) => poll(version, "steady", n, n === host ? failed("timeout", "no answer") : undefined)),
        steady,
      );
      const carried = next.streams.find((s) => s.name === "LOGS")!;
      assert.equal(carried.truth, "leader-unreachable");
      assert.equal(carried.messages, null);
      const node = next.nodes.find((n) => n.name === host)!;
      assert.equal(node.stale, true);
      assert.equal(node.version, version, "last known values are kept");
    });
  });
}

describe("node status classification", () => {
  test("auth failures, bad responses and unhealthy nodes are told apart", () => {
    const base = poll("2.9.10", "steady", "n1");
    const unhealthy: NodePoll = {
      ...poll("2.9.10", "steady", "n2"),
      healthz: { ok: true, data: { status: "unavailable", error: "JetStream has not established contact with a meta leader" }, status: 503, ms: 1, bytes: 1 },
    };
    const garbage: NodePoll = { ...base, url: urlOf("n3"), varz: { ok: false, kind: "bad-json", message: "answered HTML, not JSON", ms: 1 } };
    const noJs: NodePoll = { ...poll("2.9.10", "steady", "n3"), url: urlOf("n4"), jsz: { ok: false, kind: "timeout", message: "no answer", ms: 1 } };
    const denied: NodePoll = { ...base, url: urlOf("n5"), varz: failed("auth-failed", "HTTP 401: credentials rejected") };
    const snapshot = snapshotOf([base, unhealthy, garbage, noJs, denied]);
    assert.deepEqual(
      snapshot.nodes.map((n) => n.status),
      ["up", "degraded", "bad-response", "degraded", "auth-failed"],
    );
    assert.match(snapshot.nodes[1].statusReason, /^healthz unavailable: JetStream has not established contact/);
    assert.match(snapshot.nodes[3].statusReason, /JetStream data unavailable/);
    assert.equal(snapshot.nodes[2].name, "n3.test:8222", "a never-reached node is named by its address");
  });

  test("a node that has not answered since the start keeps the name a previous run knew it by, until it tells its own", () => {
    const merge = (polls: NodePoll[], previous: MergedSnapshot | null) =>
      buildSnapshot({
        cluster: "test",
        expectedNodes: 3,
        sources: { http: { urls: 3 }, system: null },
        polls: polls.map(withReports),
        previous,
        counters: new Map(),
        collectedAt: T,
        cycleMs: 5,
        pollIntervalMs: 2000,
        thresholds: DEFAULT_THRESHOLDS,
        knownNames: { [urlOf("n3")]: "n3 (before the restart)" },
      }).snapshot;
    const n3Down = (n: string) => poll("2.9.10", "steady", n, n === "n3" ? failed("timeout", "no answer") : undefined);
    const first = merge(NODES.map(n3Down), null);
    assert.deepEqual(first.nodes.map((n) => n.name), ["n1", "n2", "n3 (before the restart)"]);
    const second = merge(NODES.map(n3Down), first);
    assert.equal(second.nodes[2].name, "n3 (before the restart)");
    assert.equal(merge(NODES.map((n) => poll("2.9.10", "steady", n)), second).nodes[2].name, "n3");
  });

  test("no node answering is critical; never-reached nodes are not marked stale", () => {
    const down = failed("refused", "connection refused");
    const first = snapshotOf(NODES.map((n) => poll("2.9.10", "steady", n, down)));
    const second = snapshotOf(NODES.map((n) => poll("2.9.10", "steady", n, down)), first);
    assert.equal(second.status, "critical");
    assert.ok(second.statusReasons.includes("no node answers"));
    assert.ok(second.nodes.every((n) => n.status === "down" && !n.stale));
  });

  test("losing quorum is critical even if one node answers", () => {
    const m = meta("2.9.10", "steady");
    const polls = NODES.map((n) => poll("2.9.10", "steady", n, n === m.metaLeader ? undefined : failed("timeout", "no answer")));
    const snapshot = snapshotOf(polls);
    assert.equal(snapshot.status, "critical");
    assert.ok(snapshot.statusReasons.some((r) => r.startsWith("only 1 of 3 nodes answer")));
  });
});
