/**
 * The same cluster seen through the HTTP monitoring proxies and through a system-account user:
 * the dashboard must show the same nodes, meta leader, stream leaders and replica state either
 * way; with both configured, HTTP takes over for what the system account cannot deliver.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startCluster, type Harness } from "../harness/cluster";
import { harnessCluster, systemSource, type ClusterEntry } from "../harness/cluster-entry";
import { parsedCluster } from "../harness/collector-config";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";

let harness: Harness;
const collectors: ClusterCollector[] = [];

function collector(entry: ClusterEntry): ClusterCollector {
  const c = new ClusterCollector(parsedCluster(entry), 1000, 50);
  collectors.push(c);
  return c;
}

/** Starts the collector's sources and returns its snapshot once the system connection (if any) is up. */
async function firstRound(c: ClusterCollector): Promise<ClusterSnapshot> {
  c.systemSource()?.start();
  const deadline = Date.now() + 10_000;
  while (c.systemSource() && c.systemSource()!.state().state === "connecting" && Date.now() < deadline) await sleep(50);
  return c.collectOnce();
}

/** What must agree between sources, independent of where the figures came from. */
function view(s: ClusterSnapshot) {
  return {
    nodes: s.nodes.map((n) => [n.name, n.status, n.version, n.isMetaLeader]).sort(),
    metaLeader: s.meta.leader,
    metaPeers: s.meta.peers?.map((p) => [p.name, p.current]),
    streams: s.streams.map((x) => [x.name, x.leader, x.truth, x.replicas?.map((r) => r.name), x.messages, x.lastSeq]),
    consumers: s.consumers.map((x) => [x.stream, x.name, x.leader, x.numPending, x.numAckPending]),
  };
}

before(async () => {
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  const traffic = harness.startTraffic({ ordersPerSec: 20, logsPerSec: 10 });
  await sleep(3000);
  await traffic.stop(); // frozen counters make the two views comparable figure by figure
  await sleep(1500);
});

after(async () => {
  for (const c of collectors) c.stop();
  await harness?.stop();
});

describe("sources", () => {
  test("system account only shows the same cluster as HTTP only", async () => {
    const viaHttp = await firstRound(collector(harnessCluster(harness, "http")));
    const viaSystem = await firstRound(collector({ name: "sys", system: systemSource(harness) }));
    assert.deepEqual(view(viaSystem), view(viaHttp));
    assert.ok(viaSystem.nodes.every((n) => n.source === "system-account" && n.url === `nats-sys://${n.name}`));
    assert.ok(viaHttp.nodes.every((n) => n.source === "http"));
    assert.equal(viaSystem.expectedNodes, 3, "learned from the meta group's size");
    assert.equal(viaSystem.sources.system?.state.state, "connected");
    assert.deepEqual(viaSystem.sources.system?.lastPoll && { ok: viaSystem.sources.system.lastPoll.ok }, { ok: true });
    assert.equal(viaSystem.status, "ok", viaSystem.statusReasons.join("; "));
  });

  test("with both, the fan-out serves the nodes from the second round on, under their monitoring URLs", async () => {
    const both = collector({ ...harnessCluster(harness, "both"), system: systemSource(harness) });
    const first = await firstRound(both);
    const second = await both.collectOnce();
    assert.deepEqual(view(second), view(first));
    assert.deepEqual(second.nodes.map((n) => n.url), harness.nodes.map((n) => n.proxyUrl));
    assert.ok(second.nodes.every((n) => n.source === "system-account"));
  });

  test("with both and a wrong system password, HTTP serves every node and the reason is shown", async () => {
    const fallback = collector({ ...harnessCluster(harness, "fallback"), system: systemSource(harness, { password: "wrong" }) });
    fallback.systemSource()?.start();
    const deadline = Date.now() + 10_000;
    while (fallback.systemSource()!.state().state !== "failed" && Date.now() < deadline) await sleep(50);
    const snapshot = await fallback.collectOnce();
    assert.ok(snapshot.nodes.every((n) => n.status === "up" && n.source === "http"));
    assert.equal(snapshot.status, "warning");
    assert.ok(snapshot.statusReasons.some((r) => r.startsWith("system account: the server rejected")), snapshot.statusReasons.join("; "));
  });

  test("a server that stops answering the fan-out stays on the page as down", async () => {
    const sys = collector({ name: "sys-missing", expectedNodes: 3, system: systemSource(harness) });
    await firstRound(sys);
    const metaLeader = await harness.waitForMetaLeader();
    // Neither the meta leader nor the server the system connection goes through (a hung one of
    // those blinds the fan-out as a whole; system-account.integ.ts covers that case).
    const via = sys.systemSource()!.connection()!.getServer();
    const victim = harness.nodes.find((n) => n.name !== metaLeader && !n.clientUrl.endsWith(via))!.name;
    harness.stopNode(victim);
    try {
      const snapshot = await sys.collectOnce();
      const node = snapshot.nodes.find((n) => n.name === victim);
      assert.ok(node, "the silent server is still listed");
      assert.equal(node.status, "down");
      assert.match(node.statusReason, /did not answer the system-account PING/);
      assert.equal(node.stale, true);
    } finally {
      harness.contNode(victim);
    }
  });

  test("a user without system permissions: every node says so", async () => {
    const noPerm = collector({ name: "no-perm", expectedNodes: 3, system: systemSource(harness, { user: harness.app.user, password: harness.app.password }) });
    const snapshot = await firstRound(noPerm);
    assert.equal(snapshot.nodes.length, 0, "nothing is known about the servers");
    assert.equal(snapshot.status, "critical");
    assert.ok(snapshot.statusReasons.some((r) => /no responders/.test(r)), snapshot.statusReasons.join("; "));
  });
});
