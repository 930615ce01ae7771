/**
 * Three built dashboards on one PostgreSQL (Debian's, started here) and one real 3-node cluster:
 * exactly one replica leads the cluster, the others serve their pages from the leader's cycles;
 * the nodes see the same requests with three replicas running as with one; after kill -9 of the
 * leader another leads within the poll interval plus 5 s; a replica that comes back follows, and
 * its viewers hear the events the leader records. The nodes' monitoring ports are reached through counting
 * proxies, so the requests counted are what the nodes really answered.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ClusterEvent, ClusterSnapshot } from "../../lib/model/types";
import type { ReplicaStatus } from "../../lib/replicas/replica";
import type { DashboardProcess } from "../../scripts/dashboard-process";
import type { Harness } from "../harness/cluster";
import { harnessCluster } from "../harness/cluster-entry";
import { startCountingProxy, type CountingProxy } from "../harness/counting-proxy";
import { startReplicaRig, type ReplicaRig } from "../harness/replica-rig";

const POLL_MS = 1000;
/** How long request bytes are counted, in whole polls. */
const WINDOW_MS = 6 * POLL_MS;

let rig: ReplicaRig;
let harness: Harness;
let proxies: CountingProxy[] = [];
let replicas: DashboardProcess[];

before(async () => {
  rig = await startReplicaRig();
  ({ harness, replicas } = rig);
  proxies = await Promise.all(harness.nodes.map((n) => startCountingProxy({ host: "127.0.0.1", port: Number(new URL(n.monitorUrl).port) })));
  const cluster = harnessCluster(harness, "main", { urls: proxies.map((p) => `http://127.0.0.1:${p.port}`), names: harness.nodes.map((n) => n.name) });
  // The first replica started most likely leads.
  await rig.addReplicas(3, { clusters: [cluster], pollIntervalMs: POLL_MS });
});

after(async () => {
  await rig?.stop();
  await Promise.all(proxies.map((p) => p.close()));
});

async function health(replica: DashboardProcess): Promise<{ status: string; replica: ReplicaStatus }> {
  return (await fetch(`${replica.url}/api/health`)).json() as Promise<{ status: string; replica: ReplicaStatus }>;
}

const leads = async (replica: DashboardProcess) => (await health(replica)).replica.clusters.find((c) => c.cluster === "main")?.leading === true;

async function snapshot(replica: DashboardProcess): Promise<ClusterSnapshot> {
  const res = await fetch(`${replica.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${replica.apiToken}` } });
  assert.equal(res.status, 200);
  return res.json() as Promise<ClusterSnapshot>;
}

/** Request bytes the three nodes' monitoring ports received over a window. */
async function requestBytes(): Promise<number> {
  for (const p of proxies) p.reset();
  await sleep(WINDOW_MS);
  return proxies.reduce((sum, p) => sum + p.counts().toServer, 0);
}

test("replicas: exactly one of three leads; a follower serves the leader's cycles; the nodes see the same requests with three replicas as with one; kill -9 of the leader: another leads within poll + 5 s; back, the killed one follows and its viewers hear the leader's events", async () => {
  const led = await Promise.all(replicas.map(leads));
  assert.equal(led.filter(Boolean).length, 1, `exactly one leader: ${JSON.stringify(led)}`);
  const leader = replicas[led.indexOf(true)];
  const followers = replicas.filter((_, i) => !led[i]);
  const follower = followers[0];
  const followerHealth = await health(follower);
  assert.equal(followerHealth.status, "ok", "the follower's view is fresh: the leader's cycles reach it");
  assert.equal(followerHealth.replica.shared, true);

  // A loaded machine may see a node's first answers time out: wait for a poll of the leader's that had all three.
  let shown = await snapshot(follower);
  for (const deadline = Date.now() + 15_000; shown.totals.nodesUp !== 3 && Date.now() < deadline; shown = await snapshot(follower)) await sleep(200);
  assert.equal(shown.totals.nodesUp, 3, "the follower shows the cluster as its leader polled it");
  assert.equal(shown.sources.replica?.leading, false);
  assert.equal(shown.sources.replica?.replica, followerHealth.replica.replica);
  assert.equal((await snapshot(leader)).sources.replica?.leading, true);

  const withThree = await requestBytes();
  assert.ok(withThree > 0, "the leader polls");

  const killedAt = Date.now();
  await leader.kill();
  let successor: DashboardProcess | undefined;
  for (;;) {
    const now = await Promise.all(followers.map(leads));
    if (now.some(Boolean)) {
      assert.equal(now.filter(Boolean).length, 1, "one follower takes over");
      successor = followers[now.indexOf(true)];
      break;
    }
    assert.ok(Date.now() - killedAt < POLL_MS + 5000, `a follower leads within poll + 5 s (${Date.now() - killedAt} ms so far)`);
    await sleep(100);
  }
  const tookOverMs = Date.now() - killedAt;
  console.log(`took over ${tookOverMs} ms after kill -9 of the leader`);
  assert.equal((await snapshot(successor)).sources.replica?.leading, true);

  // One replica left: the other follower stops too.
  const idle = followers.find((f) => f !== successor)!;
  await idle.stop();
  replicas.splice(replicas.indexOf(idle), 1);
  // The new leader's first rounds read the assets' configs as well: count once it polls as usual.
  await sleep(3 * POLL_MS);
  const withOne = await requestBytes();
  console.log(`request bytes per ${WINDOW_MS} ms at the nodes: ${withThree} with three replicas, ${withOne} with one`);
  assert.ok(withThree < withOne * 1.3, `three replicas cost the nodes what one does (${withThree} vs ${withOne} bytes of requests)`);
  assert.ok(withOne < withThree * 1.3, `one replica costs the nodes what three did (${withOne} vs ${withThree})`);

  // The killed replica comes back as a follower; its viewers hear the events its leader records.
  const back = await leader.restart();
  replicas.push(back);
  assert.equal(await leads(back), false, "the replica that came back follows");
  const events = await eventStream(back);
  try {
    await harness.killNode(harness.nodes[2].name);
    const heard = await events.until((event) => event.kind === "node-down", 20_000);
    assert.equal(heard.source, "poll", "recorded by the leader between two of its polls, heard by the follower's viewer");
  } finally {
    events.close();
  }
});

/** A viewer of a replica's live stream, which tells the cluster events it is sent. */
async function eventStream(replica: DashboardProcess) {
  const abort = new AbortController();
  const res = await fetch(`${replica.url}/api/v1/events`, { headers: { authorization: `Bearer ${replica.apiToken}` }, signal: abort.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async until(wanted: (event: ClusterEvent) => boolean, timeoutMs: number): Promise<ClusterEvent> {
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        for (;;) {
          const { value, done } = await reader.read().catch((err: unknown) => {
            throw abort.signal.aborted ? new Error(`the event did not come within ${timeoutMs} ms`) : err;
          });
          if (done) throw new Error("the stream ended before the event came");
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!message.startsWith("event: cluster-event\n")) continue;
            const event = JSON.parse(message.slice(message.indexOf("data: ") + 6)) as ClusterEvent;
            if (wanted(event)) return event;
          }
        }
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => abort.abort(),
  };
}
