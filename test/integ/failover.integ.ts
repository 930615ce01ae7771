/**
 * Failover of two dashboard replicas behind a real nginx running deploy/nginx/jetstream-watch-replicas.conf
 * (only its addresses, ports and certificate paths changed), sharing one PostgreSQL (Debian's,
 * started here), watching a real 3-node cluster with traffic, with a real webhook receiver.
 *
 * A node is SIGSTOPped; its node-down alert fires; the leader replica is killed (-9) once one
 * webhook has answered the firing and while the other still holds the request unanswered. The
 * other replica leads within the poll interval plus 5 s; the answered webhook is never called
 * again, the unanswered one is called once more with the same Idempotency-Key (at least once: the
 * dead leader never learnt that it arrived); the node is resumed and each webhook hears exactly one
 * resolution. A viewer of the live stream through nginx that was on the killed replica reconnects
 * through nginx as a browser does and keeps receiving the new leader's cycles; a viewer on the
 * other replica never notices. The report over the period counts the messages stored exactly (as
 * the streams' own sequences say) and shows the failover gap as not observed.
 * Needs `npm run build` first.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import pg from "pg";
import { WebhookReceiver, type ReceivedWebhook } from "../../lib/alerts/__fixtures__/webhook-receiver";
import { hookId } from "../../lib/alerts/notify";
import type { TrialReport } from "../../lib/history/report";
import type { ClusterSnapshot, ReplicaRole } from "../../lib/model/types";
import type { ReplicaStatus } from "../../lib/replicas/replica";
import { freePort, startDashboard, type DashboardProcess } from "../../scripts/dashboard-process";
import { startCluster, type Harness, type Traffic } from "../harness/cluster";
import { harnessCluster } from "../harness/cluster-entry";
import { connectResilient } from "../harness/connection";
import { ReconnectingViewer, type ViewedEvent } from "../harness/event-source";
import { httpsGet } from "../harness/http";
import { startPostgres, type PostgresServer } from "../harness/postgres";
import { tailOfFile, type ManagedProcess } from "../harness/processes";
import { startSiteNginx } from "../harness/site-nginx";
import { streamsLastSeqs, streamsLastSeqTotal, waitRecorded } from "../harness/stored-messages";

const POLL_MS = 1000;
const HOLD_MS = 2000;
const SITE = "deploy/nginx/jetstream-watch-replicas.conf";
/** The replicas' addresses as the example names them. */
const UPSTREAMS = ["10.0.0.11:3000", "10.0.0.12:3000"];

let scratch: string;
let postgres: PostgresServer;
let db: pg.Client;
let harness: Harness;
let traffic: Traffic | undefined;
let nc: NatsConnection;
let receiver: WebhookReceiver;
let nginx: ManagedProcess;
let httpsUrl: string;
let ca: Buffer;
const replicas: DashboardProcess[] = [];
const viewers: ReconnectingViewer[] = [];
const hooks = { pager: "/pager", slow: "/slow" };

before(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "jsw-failover-"));
  postgres = await startPostgres({ fsync: "off" });
  harness = await startCluster({ nodes: 3, proxy: false });
  await harness.createSeedAssets();
  nc = await connectResilient(
    harness.nodes.map((n) => n.clientUrl),
    harness.app,
    "failover-test",
  );
  receiver = await WebhookReceiver.start();
  const database = await postgres.createDatabase();
  db = new pg.Client({ connectionString: database });
  await db.connect();
  const ports = [await freePort(), await freePort()];
  ({ httpsUrl, ca, process: nginx } = await startSiteNginx({ site: SITE, dir: path.join(scratch, "nginx"), upstreams: Object.fromEntries(UPSTREAMS.map((u, i) => [u, ports[i]])), upstreamBlocks: 2 }));
  const shared = {
    clusters: [harnessCluster(harness, "main")],
    pollIntervalMs: POLL_MS,
    // What deploy/replica.env.example says every replica shares: the store, the session secret, the settings.
    apiToken: "failover-test-token-0123456789abcdef",
    extraConfig: { store: { url: database }, authSecret: "failover-test-secret-0123456789abcdef0123456789", publicUrl: httpsUrl, trustProxy: true },
    alerts: { holdMs: HOLD_MS, webhooks: Object.values(hooks).map((p) => ({ url: receiver.url(p), format: "json" as const })) },
  };
  // One after the other: the first migrates the database.
  for (const port of ports) replicas.push(await startDashboard({ ...shared, port }));
});

after(async () => {
  for (const v of viewers) v.close();
  await traffic?.stop();
  await Promise.all(replicas.map((r) => r.stop().catch(() => {})));
  await nginx?.kill();
  await receiver?.stop();
  await db?.end().catch(() => {});
  await nc?.close().catch(() => {});
  await harness?.stop();
  await postgres?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | null | false>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; the replicas' logs end with:\n${replicas.map((r) => tailOfFile(r.logFile, 8)).join("\n---\n")}`);
    await sleep(everyMs);
  }
}

async function health(replica: DashboardProcess): Promise<ReplicaStatus | null> {
  const res = await fetch(`${replica.url}/api/health`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
  return res?.ok ? ((await res.json()) as { replica: ReplicaStatus }).replica : null;
}

const leading = async (replica: DashboardProcess) => (await health(replica))?.clusters.find((c) => c.cluster === "main")?.leading === true;

async function snapshot(replica: DashboardProcess): Promise<ClusterSnapshot> {
  const res = await fetch(`${replica.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${replica.apiToken}` } });
  assert.equal(res.status, 200);
  return res.json() as Promise<ClusterSnapshot>;
}

/** The head of a snapshot or delta event: when it was collected, and by which replica in which role. */
function headOf(event: ViewedEvent): { collectedAt: string; replica: ReplicaRole | null } | null {
  if (event.event !== "snapshot" && event.event !== "delta") return null;
  const data = JSON.parse(event.data) as ClusterSnapshot & { head?: ClusterSnapshot };
  const head = event.event === "delta" ? data.head! : data;
  return { collectedAt: head.collectedAt, replica: head.sources.replica ?? null };
}

const heard = (hook: string, alertId: string, status: string): ReceivedWebhook[] =>
  receiver.at(hook).filter((r) => {
    const body = r.body as { status: string; alert: { id: string } };
    return body.alert.id === alertId && body.status === status;
  });

/** Each stream's last sequence as the stream list answers it. */
async function listed(conn: NatsConnection): Promise<Record<string, number>[]> {
  const out: Record<string, number>[] = [];
  for await (const info of (await jetstreamManager(conn)).streams.list()) out.push({ [info.config.name]: info.state.last_seq });
  return out;
}

/** What the store holds of the counting, for a failure to show: the runs, each poll's count, the stream samples. */
async function storedTrail(from: number, to: number): Promise<string> {
  const sessions = await db.query<{ started: string; last: string }>("SELECT started::text, last::text FROM sessions ORDER BY started");
  const polls = await db.query<{ at: string; stored_delta: string | null }>("SELECT at::text, stored_delta::text FROM cluster_samples WHERE at BETWEEN $1 AND $2 ORDER BY at", [from - 5000, to]);
  const streams = await db.query<{ at: string; name: string; last_seq: string; stored_total: string; messages: string | null }>(
    "SELECT s.at::text, st.name, s.last_seq::text, s.stored_total::text, s.messages::text FROM stream_samples s JOIN streams st ON st.id = s.stream_id ORDER BY s.at, st.name",
  );
  const time = (at: string) => new Date(Number(at)).toISOString().slice(11, 23);
  return [
    `runs: ${sessions.rows.map((r) => `${time(r.started)}–${time(r.last)}`).join(", ")}`,
    `polls (at: stored): ${polls.rows.map((r) => `${time(r.at)}: ${r.stored_delta}`).join(", ")}`,
    `stream samples: ${streams.rows.map((r) => `${time(r.at)} ${r.name} seq ${r.last_seq} total ${r.stored_total} msgs ${r.messages}`).join("; ")}`,
  ].join("\n");
}

test("failover behind nginx: the other replica leads within poll + 5 s; each webhook call comes once (an unanswered one again with its key); viewers resume; the report counts every message and shows the gap as not observed", async () => {
  const roles = await until("exactly one replica to lead", 20_000, async () => {
    const led = await Promise.all(replicas.map(leading));
    return led.filter(Boolean).length === 1 && led;
  });
  const leader = replicas[roles.indexOf(true)];
  const follower = replicas[roles.indexOf(false)];
  const [leaderId, followerId] = await Promise.all([health(leader), health(follower)]).then((h) => h.map((s) => s!.replica));
  await until("the leader's poll of all three nodes", 20_000, async () => (await snapshot(leader)).totals.nodesUp === 3);

  // The period begins with the streams still and their state stored: every message after it is the traffic's.
  const startTotal = await streamsLastSeqTotal(nc);
  await waitRecorded(startTotal, () => snapshot(leader), db);
  const from = Date.now();
  traffic = harness.startTraffic({ ordersPerSec: 20, logsPerSec: 10 });

  // One viewer on each replica, through nginx (which spreads new connections over both).
  const events = `${httpsUrl}/api/v1/events`;
  const on = new Map<string, ReconnectingViewer>();
  for (let i = 0; i < 8 && on.size < 2; i++) {
    const viewer = new ReconnectingViewer(events, { ca, headers: { authorization: `Bearer ${leader.apiToken}` } });
    const first = headOf(await viewer.waitFor("its first snapshot", (e) => e.event === "snapshot", 10_000));
    const served = first?.replica?.replica ?? "";
    if (on.has(served)) viewer.close();
    else {
      on.set(served, viewer);
      viewers.push(viewer);
    }
  }
  const onLeader = on.get(leaderId);
  const onFollower = on.get(followerId);
  assert.ok(onLeader && onFollower, `nginx sent viewers to both replicas: ${[...on.keys()].join(", ")}`);
  const followerConnection = onFollower.connections.length - 1;

  const metaLeader = await harness.waitForMetaLeader();
  const victim = harness.nodes.find((n) => n.name !== metaLeader)!.name;
  const alertId = `node-down:${victim}`;
  // The second webhook keeps the firing request unanswered, as a receiver that is slow when the leader dies.
  receiver.holdWhen = (r) => r.path === hooks.slow && (r.body as { alert: { id: string } }).alert.id === alertId;
  const pagerHook = hookId({ url: receiver.url(hooks.pager), format: "json" });
  harness.stopNode(victim);
  let killedAt = 0;
  try {
    // The leader has decided the firing, saved it with its deliveries and sent both; the pager's answer is marked.
    await until(
      "the firing sent to both webhooks, the pager's answer marked in the store",
      30_000,
      async () => {
        if (heard(hooks.pager, alertId, "firing").length === 0 || heard(hooks.slow, alertId, "firing").length === 0) return false;
        const { rows } = await db.query<{ outcome: string | null }>("SELECT outcome FROM alert_deliveries WHERE alert_id = $1 AND status = 'firing' AND hook = $2", [alertId, pagerHook]);
        return rows[0]?.outcome === "sent";
      },
      20,
    );
    const { rows: open } = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM alert_deliveries WHERE alert_id = $1 AND outcome IS NULL", [alertId]);
    assert.equal(Number(open[0].n), 1, "the slow webhook's firing is the one delivery not answered when the leader dies");

    killedAt = Date.now();
    await leader.kill();
    receiver.holdWhen = null;
    await until("the other replica to lead", 30_000, async () => leading(follower), 50);
    const tookOverMs = Date.now() - killedAt;
    console.log(`took over ${tookOverMs} ms after kill -9 of the leader`);
    assert.ok(tookOverMs <= POLL_MS + 5000, `the follower leads within poll + 5 s (${tookOverMs} ms)`);

    await until("the unanswered firing sent again by the new leader", 20_000, async () => heard(hooks.slow, alertId, "firing").length === 2);
    // A few polls of the new leader's that still find the node down: nothing more is announced.
    const settled = Date.now();
    await until("three polls of the new leader", 20_000, async () => Date.parse((await snapshot(follower)).collectedAt) > settled + 3 * POLL_MS);
    const firingNow = (await snapshot(follower)).alerts.find((a) => a.id === alertId);
    assert.ok(firingNow, "the alert still fires under the new leader");
    assert.equal(heard(hooks.pager, alertId, "firing").length, 1, "exactly one firing call to the webhook that answered before the kill");
    const slow = heard(hooks.slow, alertId, "firing");
    assert.equal(slow.length, 2, "the webhook whose answer the kill cut off is called once more");
    assert.equal(slow[0].idempotencyKey, slow[1].idempotencyKey, "with the same Idempotency-Key, so that the receiver can tell it is the same page");
    assert.equal(heard(hooks.pager, alertId, "firing")[0].idempotencyKey, slow[0].idempotencyKey, "one key per transition, whichever webhook");
  } finally {
    harness.contNode(victim);
  }
  await until("one resolution to each webhook", 60_000, async () => heard(hooks.pager, alertId, "resolved").length >= 1 && heard(hooks.slow, alertId, "resolved").length >= 1);
  const resolvedAt = Date.now();
  await until("two more polls", 10_000, async () => Date.parse((await snapshot(follower)).collectedAt) > resolvedAt + 2 * POLL_MS);
  assert.equal(heard(hooks.pager, alertId, "resolved").length, 1, "exactly one resolved call");
  assert.equal(heard(hooks.slow, alertId, "resolved").length, 1, "exactly one resolved call to the slow webhook too");
  assert.equal(heard(hooks.pager, alertId, "firing").length, 1, "and still one firing call");

  // The viewer of the killed replica: its stream ended, it reconnected through nginx and follows the new leader.
  const resumed = await onLeader.waitFor(
    "an update from the new leader, collected after the kill, on a new connection",
    (e) => {
      const head = headOf(e);
      return e.connection > 0 && head !== null && head.replica?.replica === followerId && head.replica.leading && Date.parse(head.collectedAt) > killedAt;
    },
    20_000,
  );
  const reconnect = onLeader.connections[resumed.connection];
  assert.equal(reconnect.status, 200);
  console.log(`the killed replica's viewer: ${onLeader.connections.length} connections, resumed ${resumed.atMs - killedAt} ms after the kill (${onLeader.connections.map((c) => c.status).join(", ")})`);
  // And the viewer of the other replica never noticed: the same connection, now showing its replica leading.
  await onFollower.waitFor(
    "the new leader's own cycles on the connection it had",
    (e) => {
      const head = headOf(e);
      return e.connection === followerConnection && head !== null && head.replica?.leading === true && Date.parse(head.collectedAt) > killedAt;
    },
    20_000,
  );
  assert.equal(onFollower.connections.length, followerConnection + 1, "the follower's viewer kept its connection");

  // The period ends with the streams still again, their state stored by the new leader.
  await traffic.stop();
  traffic = undefined;
  const endTotal = await streamsLastSeqTotal(nc);
  await waitRecorded(endTotal, () => snapshot(follower), db);
  const to = Date.now();
  const res = await httpsGet(`${httpsUrl}/api/v1/report?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`, { ca, headers: { authorization: `Bearer ${follower.apiToken}` } });
  assert.equal(res.status, 200, res.body);
  const report = JSON.parse(res.body) as TrialReport;
  console.log(`report: ${report.messagesStored} messages stored (streams: ${endTotal - startTotal}); not observed: ${JSON.stringify(report.observation.notObserved)}`);
  assert.ok(endTotal - startTotal > 0, "the traffic stored messages");
  if (report.messagesStored !== endTotal - startTotal) console.log(`${await storedTrail(from, to)}\nthe streams now, by name: ${JSON.stringify(await streamsLastSeqs(nc))}; by the list: ${JSON.stringify(await listed(nc))}`);
  assert.equal(report.messagesStored, endTotal - startTotal, "every message stored in the period, counted once, across the leader change");

  // No replica ran the cluster from the dead leader's last poll until the new leader began: that time is not claimed as observed.
  const { rows } = await db.query<{ before: string; after: string }>(
    "SELECT (SELECT max(at) FROM cluster_samples WHERE at <= $1)::text AS before, (SELECT min(at) FROM cluster_samples WHERE at > $1)::text AS after",
    [killedAt],
  );
  const [lastBefore, firstAfter] = [Number(rows[0].before), Number(rows[0].after)];
  const gap = report.observation.notObserved.find((g) => Date.parse(g.start) <= killedAt && killedAt <= Date.parse(g.end!));
  assert.ok(gap, `the kill (${new Date(killedAt).toISOString()}) falls in a time shown as not observed: ${JSON.stringify(report.observation)}`);
  assert.equal(Date.parse(gap.start), lastBefore, "which begins with the dead leader's last poll");
  assert.ok(Date.parse(gap.end!) <= firstAfter, `and ends by the new leader's first poll (${new Date(firstAfter).toISOString()})`);
  const notObservedMs = report.observation.notObserved.reduce((sum, g) => sum + g.durationMs, 0);
  assert.equal(report.observation.observedMs + notObservedMs, to - from, "observed and not observed make up the period");
});
