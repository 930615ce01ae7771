/**
 * Leadership between replicas on a real PostgreSQL (no NATS cluster): per cluster exactly one of
 * the replicas sharing a database leads; one that stops, or whose connection the server ends,
 * gives its clusters up, and another takes them within about a second (the retry cadence).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { PostgresLeadership, type LeadershipChange } from "../../lib/replicas/leadership";
import { startPostgres, type PostgresServer } from "../harness/postgres";

const CLUSTERS = ["east", "west"];
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
