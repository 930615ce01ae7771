/**
 * Leader truth as real servers report it: every replicated asset has exactly one leader among its
 * replicas, all replicas name it, only the leader's entry says since when and how its followers
 * are doing, consumer leaders are placed apart from their stream's, and followers report what real
 * followers report (per version).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ConsumerInfo, Jsz, StreamDetail } from "../../lib/sources/monitor-schemas";
import { CAPTURED_VERSIONS } from "../../lib/model/__fixtures__/captured";
import { loadTemplates } from "./templates";
import { consumerEntries, everyJsz, manualClock, streamEntries, withSimulator } from "./testing";
import { versionBehaviour } from "./versions";

// Time stands still: answers fetched one after the other describe the same moment.
const frozen = manualClock().now;

interface Report<T> {
  node: string;
  entry: T;
}

/** Each asset's entries from every node that lists it. */
function byAsset<T>(answers: Map<string, Jsz>, entries: (jsz: Jsz) => T[], key: (entry: T) => string): Map<string, Report<T>[]> {
  const out = new Map<string, Report<T>[]>();
  for (const [node, jsz] of answers) for (const entry of entries(jsz)) out.set(key(entry), [...(out.get(key(entry)) ?? []), { node, entry }]);
  return out;
}

const streamKey = (s: StreamDetail) => s.name;
const consumerKey = (c: ConsumerInfo) => `${c.stream_name}/${c.name}`;

for (const version of CAPTURED_VERSIONS) {
  const printsLeaderSince = "leader_since" in loadTemplates(version).cluster;
  const { metaPeersOnEveryServer } = versionBehaviour(version);
  describe(`${version}: leader truth`, () => {
    test("each replicated asset: hosted on R nodes, one leader among them that every replica names, replica lists exclude the answering node", async () => {
      await withSimulator({ clock: frozen, version, nodes: 5, streams: 40, consumersPerStream: 3, publishRate: 0 }, async (sim) => {
        const answers = await everyJsz(sim);
        for (const [name, reports] of [...byAsset(answers, streamEntries, streamKey), ...byAsset(answers, consumerEntries, consumerKey)]) {
          assert.equal(reports.length, 3, `${name} on 3 of 5 nodes`);
          const hosts = reports.map((r) => r.node).sort();
          const leaders = new Set(reports.map((r) => r.entry.cluster?.leader));
          assert.equal(leaders.size, 1, `${name}: replicas disagree on the leader: ${[...leaders].join(", ")}`);
          const [leader] = leaders;
          assert.ok(leader && hosts.includes(leader), `${name}: leader ${leader} is not one of ${hosts.join(", ")}`);
          for (const { node, entry } of reports) {
            const replicas = (entry.cluster?.replicas ?? []).map((r) => r.name);
            assert.deepEqual(replicas, hosts.filter((h) => h !== node), `${name} on ${node}: replicas are the other hosts, sorted`);
            if (printsLeaderSince) assert.equal("leader_since" in (entry.cluster ?? {}), node === leader, `${name} on ${node}: leader_since only from the leader`);
          }
          const own = reports.find((r) => r.node === leader)!;
          for (const replica of own.entry.cluster?.replicas ?? []) {
            assert.equal(replica.current, true, `${name}: the leader sees ${replica.name} current`);
            assert.ok((replica.active ?? 0) > 0 && (replica.active ?? 0) < 1e9, "heard from within the last second");
            assert.equal(replica.lag, undefined);
          }
        }
      });
    });

    test("consumer leaders are placed independently of their stream's leader", async () => {
      await withSimulator({ clock: frozen, version, nodes: 3, streams: 60, consumersPerStream: 3, publishRate: 0 }, async (sim) => {
        const answers = await everyJsz(sim);
        const streamLeader = new Map([...byAsset(answers, streamEntries, streamKey)].map(([name, r]) => [name, r[0].entry.cluster?.leader]));
        const consumers = [...byAsset(answers, consumerEntries, consumerKey).values()].map((r) => r[0].entry);
        const withStreamLeader = consumers.filter((c) => c.cluster?.leader === streamLeader.get(c.stream_name)).length;
        assert.equal(consumers.length, 180);
        // Independent placement on R3: about a third share their stream's leader.
        assert.ok(withStreamLeader > 180 * 0.2 && withStreamLeader < 180 * 0.5, `${withStreamLeader} of 180 led by their stream's leader`);
      });
    });

    test(`the meta leader's /jsz and /varz list the meta peers; the others ${metaPeersOnEveryServer ? "list their own view (the leader current, the rest unknown)" : "name the leader only"}`, async () => {
      await withSimulator({ clock: frozen, version, nodes: 5, streams: 3, consumersPerStream: 1 }, async (sim) => {
        const answers = await everyJsz(sim, "/jsz");
        const leader = sim.nodeNames[sim.state.meta.leader];
        const quorumPrinted = "quorum_needed" in loadTemplates(version).metaCluster;
        for (const [node, jsz] of answers) {
          assert.equal(jsz.meta_cluster?.leader, leader);
          assert.equal(jsz.meta_cluster?.cluster_size, 5);
          assert.equal(jsz.meta_cluster?.quorum_needed, quorumPrinted ? 3 : undefined, "a majority of 5, where the version prints it");
          const others = sim.nodeNames.filter((n) => n !== node);
          if (node === leader) assert.deepEqual(jsz.meta_cluster?.replicas?.map((r) => [r.name, r.current]), others.map((n) => [n, true]));
          else if (metaPeersOnEveryServer) {
            assert.deepEqual(jsz.meta_cluster?.replicas?.map((r) => [r.name, r.current]), others.map((n) => [n, n === leader]));
            assert.ok(jsz.meta_cluster?.replicas?.every((r) => (r.name === leader) === (r.active ?? 0) > 0), "only the leader was heard from");
          } else assert.equal(jsz.meta_cluster?.replicas, undefined);
          const varz = JSON.parse(await (await fetch(`${sim.url(node)}/varz`)).text());
          assert.equal(varz.server_name, node);
          assert.equal(varz.jetstream.meta.leader, leader);
          assert.equal(Array.isArray(varz.jetstream.meta.replicas), node === leader || metaPeersOnEveryServer);
        }
      });
    });
  });
}

describe("follower reports", () => {
  test("2.14: a consumer follower reports num_pending 0 and num_waiting 0, delivered and ack floor from the replicated store", async () => {
    await withSimulator({ clock: frozen, version: "2.14.5", nodes: 3, streams: 30, consumersPerStream: 3, slowConsumerShare: 1, initialMessages: 20, publishRate: 0 }, async (sim) => {
      const answers = await everyJsz(sim);
      let pendingOnLeaders = 0;
      for (const reports of byAsset(answers, consumerEntries, consumerKey).values()) {
        const leader = reports[0].entry.cluster?.leader;
        const own = reports.find((r) => r.node === leader)!.entry;
        pendingOnLeaders += own.num_pending ?? 0;
        for (const { node, entry } of reports.filter((r) => r.node !== leader)) {
          assert.equal(entry.num_pending, 0, `${node} follows`);
          assert.equal(entry.num_waiting, 0);
          assert.deepEqual(entry.delivered, own.delivered);
          assert.deepEqual(entry.ack_floor, own.ack_floor);
          assert.equal(entry.num_ack_pending, own.num_ack_pending);
          // A follower knows its leader as current and the fellow follower not at all.
          for (const replica of entry.cluster?.replicas ?? []) {
            assert.equal(replica.current, replica.name === leader);
            if (replica.name !== leader) assert.equal(replica.active, 0);
          }
        }
      }
      assert.ok(pendingOnLeaders > 0, "slow consumers have messages pending on their leaders");
    });
  });

  test("2.9.10: a consumer follower tracks no deliveries (delivered 0, everything pending) and reports every peer with its own stale lag", async () => {
    await withSimulator({ clock: frozen, version: "2.9.10", nodes: 3, streams: 10, consumersPerStream: 2, initialMessages: 20, publishRate: 0 }, async (sim) => {
      const answers = await everyJsz(sim);
      for (const reports of byAsset(answers, consumerEntries, consumerKey).values()) {
        const leader = reports[0].entry.cluster?.leader;
        const stream = sim.state.streams.find((s) => s.name === reports[0].entry.stream_name)!;
        for (const { entry } of reports.filter((r) => r.node !== leader)) {
          assert.equal(entry.delivered?.stream_seq, 0);
          assert.equal(entry.num_ack_pending, 0);
          assert.equal(entry.num_pending, stream.messages);
          const lags = (entry.cluster?.replicas ?? []).map((r) => r.lag);
          if (stream.messages > 0) assert.ok(lags.every((lag) => lag !== undefined && lag > 0), "every peer gets the follower's lag");
        }
      }
    });
  });

  test("server totals count every replica a node hosts; the account's storage counts every replica in the cluster", async () => {
    await withSimulator({ clock: frozen, version: "2.14.5", nodes: 5, streams: 20, consumersPerStream: 2, publishRate: 0 }, async (sim) => {
      const answers = await everyJsz(sim);
      let hosted = 0;
      for (const jsz of answers.values()) {
        assert.equal(jsz.streams, streamEntries(jsz).length);
        assert.equal(jsz.consumers, consumerEntries(jsz).length);
        assert.equal(jsz.messages, streamEntries(jsz).reduce((sum, s) => sum + s.state.messages, 0));
        hosted += jsz.streams ?? 0;
      }
      assert.equal(hosted, 60);
      const bytes = sim.state.streams.reduce((sum, s) => sum + s.bytes * 3, 0);
      for (const jsz of answers.values()) assert.equal(jsz.account_details?.[0].storage, bytes);
    });
  });
});
