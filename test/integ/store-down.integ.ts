/**
 * Two built dashboards on one PostgreSQL (Debian's, started here) and one real 3-node cluster, and
 * PostgreSQL stopped under them: both keep serving a live view (the leader polls on; the follower,
 * cut off from its leader's cycles, polls for its own viewers), history and the report answer 503
 * "the store is unavailable", an acknowledgement at the leader is taken and says it is not kept
 * yet, one at the follower says no leader took it, a managed token the store accepted before is
 * accepted still (one it never did cannot be checked: 503), and nothing crashes. PostgreSQL back: the same
 * replica leads, the other follows again, history is written again, the acknowledgement is kept,
 * and the report counts every message stored, those stored while the store was down too.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { AlertRecord } from "../../lib/alerts/engine";
import { createManagedToken } from "../../lib/auth/tokens";
import type { NatsConnection } from "@nats-io/transport-node";
import pg from "pg";
import { PostgresHistoryStore } from "../../lib/history/postgres";
import type { TrialReport } from "../../lib/history/report";
import type { Series } from "../../lib/history/store";
import type { ClusterSnapshot } from "../../lib/model/types";
import type { ReplicaStatus } from "../../lib/replicas/replica";
import type { DashboardProcess } from "../../scripts/dashboard-process";
import type { Harness, Traffic } from "../harness/cluster";
import { connectResilient } from "../harness/connection";
import { harnessCluster } from "../harness/cluster-entry";
import type { PostgresServer } from "../harness/postgres";
import { startReplicaRig, type ReplicaRig } from "../harness/replica-rig";
import { streamsLastSeqTotal, waitRecorded } from "../harness/stored-messages";

const POLL_MS = 1000;

let rig: ReplicaRig;
let postgres: PostgresServer;
let database: string;
let harness: Harness;
let replicas: DashboardProcess[];
let nc: NatsConnection;
let db: pg.Client;
let traffic: Traffic | undefined;

before(async () => {
  rig = await startReplicaRig();
  ({ postgres, database, harness, replicas } = rig);
  await rig.addReplicas(2, { clusters: [harnessCluster(harness, "main")], pollIntervalMs: POLL_MS, alerts: { holdMs: 1000 } });
  nc = await connectResilient(
    harness.nodes.map((n) => n.clientUrl),
    harness.app,
    "store-down-test",
  );
  db = await connectDb();
});

/** A connection of the test's own to the shared database; the outage ends it, so one is made again after. */
async function connectDb(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database });
  client.on("error", () => {});
  await client.connect();
  return client;
}

after(async () => {
  await traffic?.stop();
  await db?.end().catch(() => {});
  await nc?.close().catch(() => {});
  await rig?.stop();
});

const STORE_OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };

const get = (replica: DashboardProcess, path: string, token = replica.apiToken) => fetch(`${replica.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** Two managed viewer tokens, made in the store as an admin would. */
async function managedTokens(): Promise<{ seen: string; unseen: string }> {
  const store = await PostgresHistoryStore.open({ url: database, poolSize: 1 }, STORE_OPTIONS);
  try {
    const make = async (name: string) => {
      const made = await createManagedToken(store, { name, scope: "viewer" }, { name: "ana", ip: null }, Date.now(), []);
      if ("conflict" in made) throw new Error(made.conflict);
      return made.token;
    };
    return { seen: await make("grafana"), unseen: await make("script") };
  } finally {
    await store.close();
  }
}

async function role(replica: DashboardProcess): Promise<ReplicaStatus["clusters"][number]> {
  const body = (await (await fetch(`${replica.url}/api/health`)).json()) as { replica: ReplicaStatus };
  return body.replica.clusters.find((c) => c.cluster === "main")!;
}

async function snapshot(replica: DashboardProcess): Promise<ClusterSnapshot> {
  const res = await get(replica, "/api/v1/snapshot");
  assert.equal(res.status, 200);
  return res.json() as Promise<ClusterSnapshot>;
}

async function waitFor(what: string, timeoutMs: number, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** The last lines a replica wrote, for a failure to show. */
const logTail = (replica: DashboardProcess, lines = 40) => readFileSync(replica.logFile, "utf8").split("\n").slice(-lines).join("\n");

const acknowledge = (replica: DashboardProcess, id: string, note: string) =>
  fetch(`${replica.url}/api/v1/alerts/ack`, {
    method: "POST",
    headers: { authorization: `Bearer ${replica.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({ id, note }),
  });

test("store down: both replicas serve a live view, history and the report say the store is unavailable, an acknowledgement says it is not kept yet; back, the same replica leads, history is written again and the acknowledgement is kept", async () => {
  await waitFor("one leader", 15_000, async () => (await Promise.all(replicas.map(role))).filter((r) => r.leading).length === 1);
  const roles = await Promise.all(replicas.map(role));
  const leader = replicas[roles.findIndex((r) => r.leading)];
  const follower = replicas[roles.findIndex((r) => !r.leading)];

  // The report's period begins with the streams still and their state stored: every message after it is the traffic's.
  await rig.traffic.stop();
  const startTotal = await streamsLastSeqTotal(nc);
  await waitRecorded(startTotal, () => snapshot(leader), db);
  const from = Date.now();
  traffic = harness.startTraffic({ ordersPerSec: 20, logsPerSec: 10 });

  // An alert to acknowledge while the store is down.
  await harness.killNode(harness.nodes[2].name);
  let alert: AlertRecord | undefined;
  await waitFor("the node-down alert fires", 20_000, async () => {
    const { firing } = (await (await get(leader, "/api/v1/alerts")).json()) as { firing: AlertRecord[] };
    alert = firing.find((a) => a.rule === "node-down");
    return alert !== undefined;
  });
  assert.equal((await get(leader, "/api/v1/history/cluster?range=15m")).status, 200, "history answers while the store is up");

  const tokens = await managedTokens();
  assert.equal((await get(follower, "/api/v1/snapshot", tokens.seen)).status, 200, "a managed token, accepted by the store");

  await postgres.down();
  const downAt = Date.now();
  for (const replica of [leader, follower]) {
    await waitFor("the replica says the store is unreachable", 10_000, async () => (await role(replica)).storeDownSince !== undefined);
    await waitFor("its viewers see cycles made after the store went down", 10_000, async () => Date.parse((await snapshot(replica)).collectedAt) > downAt + POLL_MS);
    const shown = await snapshot(replica);
    assert.ok(shown.sources.replica?.storeDownSince, "the Sources panel says the store is unreachable");
    assert.deepEqual(
      shown.nodes.filter((n) => n.status === "down").map((n) => n.name),
      [harness.nodes[2].name],
      `the live view is the cluster as it is now (${replica === leader ? "leader" : "follower"}: ${JSON.stringify(shown.nodes.map((n) => [n.name, n.status]))})`,
    );

    for (const path of ["/api/v1/history/cluster?range=15m", "/api/v1/report"]) {
      const res = await get(replica, path);
      assert.equal(res.status, 503, `${path} while the store is down`);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "unavailable");
      assert.match(body.error.message, /the store is unavailable \(.+\); the live view goes on/);
    }
  }
  assert.equal((await get(follower, "/api/v1/snapshot", tokens.seen)).status, 200, "a managed token the store accepted before is accepted still");
  const unseen = await get(follower, "/api/v1/snapshot", tokens.unseen);
  assert.equal(unseen.status, 503, "one the store never said is good cannot be checked");
  assert.match(((await unseen.json()) as { error: { message: string } }).error.message, /the store is unavailable/);
  assert.equal((await role(leader)).leading, true, "the leader leads on");
  assert.equal((await role(follower)).leading, false);

  const taken = await acknowledge(leader, alert!.id, "store down");
  assert.equal(taken.status, 202, "taken, not kept yet");
  const answer = (await taken.json()) as { alert: AlertRecord; kept: boolean; message: string };
  assert.equal(answer.alert.acknowledged?.note, "store down");
  assert.equal(answer.kept, false);
  assert.match(answer.message, /acknowledged, but the store is unavailable: it is saved once the store is back/);
  const refused = await acknowledge(follower, alert!.id, "from the follower");
  assert.equal(refused.status, 503, "the follower cannot hand it to the leader");
  assert.match(((await refused.json()) as { error: { message: string } }).error.message, /cannot reach the database|leader/);

  await postgres.up();
  const upAt = Date.now();
  await db.end().catch(() => {});
  db = await connectDb();
  for (const replica of [leader, follower]) await waitFor("the replica reaches the store again", 15_000, async () => (await role(replica)).storeDownSince === undefined);
  assert.equal((await role(leader)).leading, true, "the replica that led on through the outage leads");
  assert.equal((await role(follower)).leading, false);
  await waitFor("the follower shows its leader's cycles again", 10_000, async () => (await snapshot(follower)).seq === (await snapshot(leader)).seq);

  await waitFor("history is written again", 15_000, async () => {
    const res = await get(follower, `/api/v1/history/cluster?from=${new Date(upAt - 60_000).toISOString()}&to=${new Date(Date.now()).toISOString()}`);
    if (res.status !== 200) return false;
    const series = (await res.json()) as Series;
    return series.points.some((p) => p.at > upAt && Object.values(p.values).some((v) => v !== null));
  });
  const store = await PostgresHistoryStore.open({ url: database, poolSize: 1 }, STORE_OPTIONS);
  try {
    await waitFor("the acknowledgement is kept", 10_000, async () => (await store.alertState("main").load(100)).active.find((a) => a.id === alert!.id)?.acknowledged?.note === "store down");
  } finally {
    await store.close();
  }

  // The messages stored while the store was down are counted by the first poll written after it.
  await harness.restartNode(harness.nodes[2].name);
  await traffic.stop();
  traffic = undefined;
  const endTotal = await streamsLastSeqTotal(nc);
  await waitRecorded(endTotal, () => snapshot(leader), db).catch((err: Error) => {
    throw new Error(`${err.message}\nthe leader's log ends:\n${logTail(leader)}`);
  });
  const res = await get(follower, `/api/v1/report?from=${new Date(from).toISOString()}&to=${new Date().toISOString()}`);
  assert.equal(res.status, 200);
  const report = (await res.json()) as TrialReport;
  console.log(`report: ${report.messagesStored} messages stored (streams: ${endTotal - startTotal}); not observed: ${JSON.stringify(report.observation.notObserved)}`);
  assert.ok(endTotal - startTotal > 0, "the traffic stored messages");
  assert.equal(report.messagesStored, endTotal - startTotal, "every message stored in the period, counted once, those stored while the store was down too");
  assert.ok(
    report.observation.notObserved.some((gap) => Date.parse(gap.start) <= downAt + POLL_MS && Date.parse(gap.end!) >= upAt - POLL_MS),
    `the outage of the store is not claimed as observed: ${JSON.stringify(report.observation.notObserved)}`,
  );
  for (const replica of replicas) {
    assert.equal(replica.child.exitCode, null, "no replica ended");
    // pg deprecates (and its next major refuses) a query sent on a client while another runs there.
    assert.doesNotMatch(readFileSync(replica.logFile, "utf8"), /DeprecationWarning/, "no deprecated use of a library");
  }
});
