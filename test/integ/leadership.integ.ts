/**
 * Leadership between replicas on a real PostgreSQL (no NATS cluster): per cluster exactly one of
 * the replicas sharing a database leads; one that stops, or whose connection the server ends,
 * gives its clusters up, and another takes them within about a second (the retry cadence). A
 * follower shows the leader's cycles, carried through the database (lib/replicas/relay.ts).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { DEFAULT_ALERTS } from "../../lib/alerts/config";
import { PostgresHistoryStore } from "../../lib/history/postgres";
import { Hub } from "../../lib/hub";
import { DEFAULT_THRESHOLDS } from "../../lib/model/thresholds";
import { PostgresLeadership, type LeadershipChange } from "../../lib/replicas/leadership";
import { CycleRelay } from "../../lib/replicas/relay";
import { Replica } from "../../lib/replicas/replica";
import { MONITOR_DEFAULTS } from "../../lib/sources/config";
import { startPostgres, type PostgresServer } from "../harness/postgres";

const CLUSTERS = ["east", "west"];
const STORE_OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };
const RETRY_MS = 200;

let server: PostgresServer;

before(async () => {
  server = await startPostgres({ fsync: "off" });
});

after(async () => {
  await server?.stop();
});

/** A replica's leadership and what it currently leads, as its listener was told. */
function replica(url: string) {
  const leads = new Set<string>();
  const changes: LeadershipChange[] = [];
  const leadership = new PostgresLeadership({ url, clusters: CLUSTERS, retryMs: RETRY_MS });
  leadership.start((change) => {
    changes.push(change);
    if (change.leading) leads.add(change.cluster);
    else leads.delete(change.cluster);
  });
  return { leadership, leads, changes };
}

async function waitFor(what: string, timeoutMs: number, ok: () => boolean): Promise<number> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

const leaderCount = (replicas: { leads: Set<string> }[], cluster: string) => replicas.filter((r) => r.leads.has(cluster)).length;

test("leadership: each cluster has exactly one leader among three replicas; a stopped leader's clusters move to another within the retry cadence", async () => {
  const url = await server.createDatabase();
  const replicas = [replica(url), replica(url), replica(url)];
  try {
    await waitFor("every cluster led", 5000, () => CLUSTERS.every((c) => leaderCount(replicas, c) === 1));
    // Several rounds of asking again change nothing: a held lock is not taken twice.
    await sleep(RETRY_MS * 4);
    for (const c of CLUSTERS) assert.equal(leaderCount(replicas, c), 1, `one leader of ${c}`);

    const leader = replicas.find((r) => r.leads.has("east"))!;
    const led = [...leader.leads];
    await leader.leadership.stop();
    assert.equal(leader.leads.size, 0, "a stopped replica leads nothing");
    const others = replicas.filter((r) => r !== leader);
    const ms = await waitFor("another leader", 5000, () => led.every((c) => leaderCount(others, c) === 1));
    assert.ok(ms < RETRY_MS * 3 + 1000, `taken over in ${ms} ms`);
  } finally {
    await Promise.all(replicas.map((r) => r.leadership.stop()));
  }
});

test("leadership: a leader whose session the server ends loses its clusters at once, and the clusters are led again", async () => {
  const url = await server.createDatabase();
  const a = replica(url);
  await waitFor("a leads both", 5000, () => a.leads.size === CLUSTERS.length);
  const b = replica(url);
  try {
    await sleep(RETRY_MS * 3);
    assert.equal(b.leads.size, 0, "b follows while a leads");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const ended = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'jetstream-watch leadership' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')");
      assert.equal(ended.rowCount, 1, "one session holds the locks");
    } finally {
      await admin.end();
    }
    await waitFor("a gives up", 2000, () => a.leads.size === 0);
    assert.ok(a.changes.some((c) => !c.leading), "a was told it no longer leads");
    await waitFor("both led again by exactly one", 5000, () => CLUSTERS.every((c) => leaderCount([a, b], c) === 1));
  } finally {
    await Promise.all([a.leadership.stop(), b.leadership.stop()]);
  }
});

test("leadership: a leader that hangs (SIGSTOP) without closing its connection is ended by the server after its silent-session time, and another leads", async () => {
  const url = await server.createDatabase();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(__dirname, "leader-process.ts"), url, "east"], { stdio: ["ignore", "pipe", "inherit"] });
  let said = "";
  child.stdout.on("data", (chunk: Buffer) => (said += chunk.toString()));
  let other: ReturnType<typeof replica> | null = null;
  try {
    await waitFor("the child leads", 20_000, () => said.includes("leads east"));
    other = replica(url);
    await sleep(RETRY_MS * 3);
    assert.equal(other.leads.has("east"), false, "one leader");
    child.kill("SIGSTOP");
    const ms = await waitFor("another leader", 10_000, () => other!.leads.has("east"));
    // The child's session: 2000 ms silent, then this replica's next round.
    assert.ok(ms >= 1500 && ms < 2000 + RETRY_MS + 1500, `led again ${ms} ms after the leader hung`);
  } finally {
    child.kill("SIGKILL");
    await other?.leadership.stop();
  }
});

/** A replica as boot.ts makes one on PostgreSQL, its cluster's nodes unreachable (port 1): its leader's cycles find them refused, quickly. */
async function dashboard(url: string, id: string) {
  const store = await PostgresHistoryStore.open({ url, poolSize: 2 }, STORE_OPTIONS);
  const hub = new Hub({
    clusters: [{ name: "east", expectedNodes: 1, monitor: { urls: ["http://127.0.0.1:1"], ...MONITOR_DEFAULTS, timeoutMs: 200 } }],
    pollIntervalMs: 300,
    configRefreshMs: 0,
    recentSamples: 10,
    thresholds: DEFAULT_THRESHOLDS,
    // No hold: the leader's first cycle fires the alert of its unreachable node.
    alerts: { ...DEFAULT_ALERTS, holdMs: 0 },
  });
  const relay = new CycleRelay(url, hub, id);
  relay.start();
  const replica = new Replica(hub, { store, recorders: new Map(), unavailable: null }, new PostgresLeadership({ url, clusters: ["east"], retryMs: RETRY_MS }), true, id);
  replica.start();
  return {
    id,
    collector: hub.collector("east")!,
    leads: () => replica.status().clusters[0].leading,
    async stop() {
      await Promise.all([replica.stop(), relay.stop()]);
      hub.stop();
      await store.close();
    },
  };
}

test("relay: the follower shows the leader's cycles as they are published, without polling, and hands its alert actions to the leader; when the leader stops, the follower leads and its cycles carry on", async () => {
  const url = await server.createDatabase();
  await (await PostgresHistoryStore.open({ url, poolSize: 1 }, STORE_OPTIONS)).close();
  const [a, b] = await Promise.all([dashboard(url, "replica-a"), dashboard(url, "replica-b")]);
  try {
    await waitFor("one leader", 5000, () => a.leads() !== b.leads());
    const [leader, follower] = a.leads() ? [a, b] : [b, a];
    await waitFor("the follower shows a cycle", 5000, () => (follower.collector.snapshot()?.seq ?? 0) > 0);
    // Several cycles on: the follower shows the leader's, each as the leader made it.
    const target = leader.collector.snapshot()!.seq + 3;
    await waitFor("the follower keeps up", 5000, () => (follower.collector.snapshot()?.seq ?? 0) >= target);
    const shown = follower.collector.snapshot()!;
    assert.equal(shown.sources.replica?.replica, follower.id, "its own role on its Sources panel");
    assert.equal(shown.sources.replica?.leading, false);
    assert.equal(shown.nodes[0].status, leader.collector.snapshot()!.nodes[0].status);

    // An acknowledgement asked of the follower is taken by the leader, whose alert state is kept.
    await waitFor("the leader's alert reaches the follower", 5000, () => (follower.collector.snapshot()?.alerts.length ?? 0) > 0);
    const alert = follower.collector.snapshot()!.alerts[0];
    const record = await follower.collector.alertAction({ kind: "acknowledge", id: alert.id, by: "ana", note: "on it" });
    assert.equal(record?.acknowledged?.by, "ana", "answered with the alert as the leader has it now");
    assert.equal(leader.collector.alerts().firing().find((a) => a.id === alert.id)?.acknowledged?.note, "on it", "taken by the leader");
    await waitFor("the follower's alert list, read from the store, has it", 5000, () => follower.collector.alerts().firing().find((a) => a.id === alert.id)?.acknowledged?.by === "ana");
    await waitFor("the acknowledgement shown by the follower", 5000, () => follower.collector.snapshot()!.alerts.find((a) => a.id === alert.id)?.acknowledged?.by === "ana");
    assert.equal(await follower.collector.alertAction({ kind: "silence", id: "no-such-alert", by: "ana", note: "", untilMs: Date.now() + 60_000 }), null, "an unknown alert, at the leader too");

    await leader.stop();
    await waitFor("the follower leads", 5000, () => follower.leads());
    const before = follower.collector.snapshot()!.seq;
    await waitFor("its own cycles follow the leader's", 5000, () => follower.collector.snapshot()!.seq > before);
    assert.equal(follower.collector.snapshot()!.sources.replica?.leading, true);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
