/**
 * Leadership between replicas on a real PostgreSQL (no NATS cluster): per cluster exactly one of
 * the replicas sharing a database leads; one that stops gives its clusters up, and another takes
 * them within about a second (the retry cadence); one whose connection the server ends leads on
 * until its next session asks, and then exactly one leads. A follower shows the leader's cycles,
 * carried through the database (lib/replicas/relay.ts). With the database down, the leader leads
 * on and a follower polls for its own viewers, telling no webhook; back, exactly one leads again.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

/** A replica's leadership and what it currently leads, as its listeners were told. */
function replica(url: string) {
  const leads = new Set<string>();
  const changes: LeadershipChange[] = [];
  const reachable: boolean[] = [];
  const leadership = new PostgresLeadership({ url, clusters: CLUSTERS, retryMs: RETRY_MS });
  leadership.start(
    (change) => {
      changes.push(change);
      if (change.leading) leads.add(change.cluster);
      else leads.delete(change.cluster);
    },
    (ok) => reachable.push(ok),
  );
  return { leadership, leads, changes, reachable };
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

test("leadership: a leader whose session the server ends leads on, saying the store was unreachable, until its next session asks; then each cluster has exactly one leader", async () => {
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
    await waitFor("a is told the store was unreachable, and is again", 5000, () => a.reachable.join() === "false,true");
    // Whichever asked first after the session ended holds each lock now; a was told if it lost one.
    await waitFor("both led by exactly one", 5000, () => CLUSTERS.every((c) => leaderCount([a, b], c) === 1));
    await sleep(RETRY_MS * 3);
    for (const c of CLUSTERS) assert.equal(leaderCount([a, b], c), 1, `one leader of ${c}, settled`);
    for (const c of CLUSTERS) if (b.leads.has(c)) assert.ok(a.changes.some((x) => x.cluster === c && !x.leading), `a was told it no longer leads ${c}`);
    assert.deepEqual(b.reachable, [], "b's connection never failed");
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
async function dashboard(url: string, id: string, webhook?: string) {
  const store = await PostgresHistoryStore.open({ url, poolSize: 2 }, STORE_OPTIONS);
  const hub = new Hub({
    clusters: [{ name: "east", expectedNodes: 1, monitor: { urls: ["http://127.0.0.1:1"], ...MONITOR_DEFAULTS, timeoutMs: 200 } }],
    pollIntervalMs: 300,
    configRefreshMs: 0,
    recentSamples: 10,
    thresholds: DEFAULT_THRESHOLDS,
    // No hold: the leader's first cycle fires the alert of its unreachable node.
    alerts: { ...DEFAULT_ALERTS, holdMs: 0, webhooks: webhook ? [{ url: webhook, format: "json" }] : [] },
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

test("store down: the leader leads on and keeps its viewers' view live; the follower polls for its own, telling no webhook; back, the same leader leads on and the acknowledgement it took meanwhile is written", async () => {
  const url = await server.createDatabase();
  await (await PostgresHistoryStore.open({ url, poolSize: 1 }, STORE_OPTIONS)).close();
  const calls = new Map<string, number>();
  const hooks = createServer((req, res) => {
    calls.set(req.url!, (calls.get(req.url!) ?? 0) + 1);
    req.resume();
    res.end();
  });
  await new Promise<void>((resolve) => hooks.listen(0, "127.0.0.1", resolve));
  const hookUrl = (id: string) => `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/${id}`;
  const [a, b] = await Promise.all([dashboard(url, "replica-a", hookUrl("replica-a")), dashboard(url, "replica-b", hookUrl("replica-b"))]);
  const told = (r: { id: string }) => calls.get(`/${r.id}`) ?? 0;
  try {
    await waitFor("one leader", 5000, () => a.leads() !== b.leads());
    const [leader, follower] = a.leads() ? [a, b] : [b, a];
    await waitFor("the leader's alert is told to its webhook", 5000, () => told(leader) > 0);

    await server.down();
    const downAt = Date.now();
    await waitFor("both know the store is unreachable", 5000, () => [a, b].every((r) => r.collector.replica()?.storeDownSince !== undefined));
    assert.equal(leader.leads(), true, "the leader leads on: nobody can take over through a database that is down");
    assert.equal(follower.leads(), false);
    await waitFor("the leader's cycles go on", 5000, () => Date.parse(leader.collector.snapshot()!.collectedAt) > downAt);
    await waitFor("the follower's viewers see cycles it polled itself", 5000, () => Date.parse(follower.collector.snapshot()!.collectedAt) > downAt);
    assert.equal(follower.collector.snapshot()!.sources.replica?.storeDownSince !== undefined, true, "its Sources panel says why");
    await waitFor("the follower shows the alert it evaluated", 5000, () => follower.collector.snapshot()!.alerts.length > 0);
    assert.equal(told(follower), 0, "an observer tells no webhook");

    const alert = leader.collector.snapshot()!.alerts[0];
    const record = await leader.collector.alertAction({ kind: "acknowledge", id: alert.id, by: "ana", note: "store down" });
    assert.equal(record?.acknowledged?.by, "ana", "in effect at once");
    assert.equal(leader.collector.alertStateKeptNow(), false, "not kept: the store is down");

    await server.up();
    await waitFor("both reach the store again", 15_000, () => [a, b].every((r) => r.collector.replica()?.storeDownSince === undefined));
    await sleep(RETRY_MS * 3);
    assert.equal(leader.leads(), true, "the leader that led on through the outage asks first, and leads on");
    assert.equal(follower.leads(), false);
    await waitFor("the follower shows its leader's cycles again, as the leader made them", 5000, () => follower.collector.snapshot()!.seq === leader.collector.snapshot()!.seq);
    const quiet = told(follower);
    await sleep(1000);
    assert.equal(told(follower), quiet, "the follower tells no webhook");
    await waitFor("the acknowledgement made while the store was down is written once it is back", 5000, () => leader.collector.alertStateKeptNow());
    const kept = await PostgresHistoryStore.open({ url, poolSize: 1 }, STORE_OPTIONS);
    try {
      const saved = await kept.alertState("east").load(100);
      assert.equal(saved.active.find((x) => x.id === alert.id)?.acknowledged?.note, "store down");
    } finally {
      await kept.close();
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    hooks.close();
  }
});
