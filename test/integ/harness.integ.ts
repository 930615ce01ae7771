import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startCluster, type Harness, type HarnessNode, type Traffic } from "../harness/cluster";
import { fetchJson, httpsGet, probeStatus, waitUntil } from "../harness/http";

// Runs against $NATS_SERVER_BIN when set (see resolveNatsServerBin), so CI covers 2.9 and 2.14.

interface JszStreams {
  meta_cluster?: { leader?: string };
  account_details?: Array<{
    name: string;
    stream_detail?: Array<{ name: string; cluster?: { leader?: string; replicas?: Array<{ name: string }> } }>;
  }>;
}

let harness: Harness;
let traffic: Traffic;

before(async () => {
  harness = await startCluster();
});

after(async () => {
  await harness?.stop();
});

/** A node that is neither the meta leader nor `except`, so faults on it do not force a meta election. */
async function pickFollower(except?: string): Promise<HarnessNode> {
  const metaLeader = await harness.waitForMetaLeader();
  const node = harness.nodes.find((candidate) => candidate.name !== metaLeader && candidate.name !== except);
  assert.ok(node, "a 3-node cluster has two meta followers");
  return node;
}

async function connectionError(url: string): Promise<string | undefined> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return undefined;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
}

test("all nodes agree on one meta leader", async () => {
  const metaLeader = await harness.waitForMetaLeader();
  assert.ok(harness.nodes.some((node) => node.name === metaLeader));
  for (const node of harness.nodes) {
    const jsz = await fetchJson<JszStreams>(`${node.monitorUrl}/jsz`);
    assert.equal(jsz.meta_cluster?.leader, metaLeader, `${node.name}'s view of the meta leader`);
  }
});

test("the proxy demands basic auth and serves /varz over TLS signed by the harness CA", async () => {
  const ca = await readFile(harness.caFile);
  for (const node of harness.nodes) {
    assert.ok(node.proxyUrl);
    const anonymous = await httpsGet(`${node.proxyUrl}/varz`, { ca });
    assert.equal(anonymous.status, 401);
    const authenticated = await httpsGet(`${node.proxyUrl}/varz`, {
      ca,
      basicAuth: { user: harness.proxyUser, password: harness.proxyPassword },
    });
    assert.equal(authenticated.status, 200);
    assert.match(authenticated.contentType ?? "", /application\/json/);
    const varz = JSON.parse(authenticated.body) as { server_name: string; version: string };
    assert.equal(varz.server_name, node.name);
    assert.equal(varz.version, harness.version);
  }
});

test("createSeedAssets creates ORDERS with 3 replicas", async () => {
  await harness.createSeedAssets();
  await harness.createSeedAssets(); // idempotent
  traffic = harness.startTraffic();
  const node = harness.nodes[0];
  let replicaNames = new Set<string>();
  await waitUntil("ORDERS to show 3 replicas in /jsz", 5000, async () => {
    const jsz = await fetchJson<JszStreams>(`${node.monitorUrl}/jsz?streams=true`);
    const app = jsz.account_details?.find((account) => account.name === "APP");
    const orders = app?.stream_detail?.find((stream) => stream.name === "ORDERS");
    // cluster.replicas lists the peers other than the node that answers.
    replicaNames = new Set([node.name, ...(orders?.cluster?.replicas ?? []).map((peer) => peer.name)]);
    return replicaNames.size === 3;
  }, () => `replicas seen by ${node.name}: ${[...replicaNames].join(", ")}`);
  assert.deepEqual([...replicaNames].sort(), harness.nodes.map((n) => n.name).sort());
});

test("killNode: the monitor port refuses and the proxy answers 502; restartNode brings it back", async () => {
  const victim = await pickFollower();
  const credentials = { user: harness.proxyUser, password: harness.proxyPassword };
  const ca = await readFile(harness.caFile);

  await harness.killNode(victim.name);
  assert.equal(victim.state, "killed");
  assert.equal(victim.pid, undefined);
  assert.equal(await connectionError(`${victim.monitorUrl}/varz`), "ECONNREFUSED");
  assert.equal((await httpsGet(`${victim.proxyUrl}/varz`, { ca, basicAuth: credentials })).status, 502);

  await harness.restartNode(victim.name);
  assert.equal(victim.state, "running");
  assert.equal(await probeStatus(`${victim.monitorUrl}/healthz?js-enabled-only=true`), 200);
  assert.equal((await httpsGet(`${victim.proxyUrl}/varz`, { ca, basicAuth: credentials })).status, 200);
  await harness.waitForMetaLeader();
});

test("stopNode makes the monitor port hang; contNode restores it", async () => {
  const victim = await pickFollower();
  harness.stopNode(victim.name);
  assert.equal(victim.state, "stopped");
  const startedAt = Date.now();
  assert.equal(await connectionError(`${victim.monitorUrl}/varz`), "TimeoutError");
  assert.ok(Date.now() - startedAt >= 900, "the request hung until the 1 s timeout");

  harness.contNode(victim.name);
  assert.equal(victim.state, "running");
  assert.equal(await probeStatus(`${victim.monitorUrl}/varz`, 2000), 200);
});

test("traffic keeps flowing through the faults", async () => {
  const statsBefore = traffic.stats();
  await waitUntil("publishes, healthy and slow consumers to make progress again", 10_000, async () => {
    const now = traffic.stats();
    return (
      now.published > statsBefore.published &&
      now.processed > statsBefore.processed &&
      now.slowProcessed > statsBefore.slowProcessed
    );
  }, () => `stats before ${JSON.stringify(statsBefore)}, now ${JSON.stringify(traffic.stats())}`);
  const stoppedAt = Date.now();
  await traffic.stop();
  assert.ok(Date.now() - stoppedAt < 2500, "traffic.stop() finishes within ~2 s");
});
