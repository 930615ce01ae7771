import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_ALERTS } from "../alerts/config";
import { Hub } from "../hub";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import { DEFAULT_THRESHOLDS } from "../model/thresholds";
import { MONITOR_DEFAULTS } from "../sources/config";
import { leaderLockKey, SoloLeadership, type Leadership, type LeadershipListener, type ReachabilityListener } from "./leadership";
import { Replica } from "./replica";

const POLL_MS = 250;

/** Nothing listens on port 1: a leader's cycles find every node refused, quickly, without a cluster. */
function hub(): Hub {
  return new Hub({
    clusters: [{ name: "test", expectedNodes: 1, monitor: { urls: ["http://127.0.0.1:1"], ...MONITOR_DEFAULTS, timeoutMs: 200 } }],
    pollIntervalMs: POLL_MS,
    configRefreshMs: 0,
    recentSamples: 10,
    thresholds: DEFAULT_THRESHOLDS,
    alerts: DEFAULT_ALERTS,
  });
}

/** Leadership as the test decides it. */
class Told implements Leadership {
  listener: LeadershipListener = () => {};
  reachability: ReachabilityListener = () => {};
  start(listener: LeadershipListener, reachability?: ReachabilityListener): void {
    this.listener = listener;
    if (reachability) this.reachability = reachability;
  }
  async stop(): Promise<void> {}
}

const noHistory = () => ({ store: null, recorders: new Map(), unavailable: null });
const hubs: Hub[] = [];
after(() => hubs.forEach((h) => h.stop()));

async function until(what: string, ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

test("a follower polls nothing and shows the leader's cycles with its own role; as leader it polls; losing the lead stops its polling", async () => {
  const h = hub();
  hubs.push(h);
  const told = new Told();
  const replica = new Replica(h, noHistory(), told, true, "replica-b");
  replica.start();
  const collector = h.collector("test")!;
  assert.deepEqual(
    replica.status().clusters.map((c) => [c.cluster, c.leading]),
    [["test", false]],
  );

  await sleep(POLL_MS * 3);
  assert.equal(collector.snapshot(), null, "a follower makes no cycle of its own");
  const leaders = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, Date.now());
  collector.followed({ ...leaders, seq: 41 });
  const shown = collector.snapshot()!;
  assert.equal(shown.seq, 41, "the leader's cycle, as it made it");
  assert.deepEqual(shown.sources.replica && { replica: shown.sources.replica.replica, leading: shown.sources.replica.leading, shared: shown.sources.replica.shared }, {
    replica: "replica-b",
    leading: false,
    shared: true,
  });

  told.listener({ cluster: "test", leading: true, at: Date.now() });
  assert.equal(collector.snapshot()!.sources.replica?.leading, true, "its viewers see the new role at once");
  const followedAt = collector.snapshot()!.collectedAt;
  await until("its own cycle", () => collector.snapshot()!.collectedAt !== followedAt);
  assert.equal(collector.snapshot()!.sources.replica?.leading, true);
  assert.equal(replica.status().clusters[0].leading, true);
  const own = collector.snapshot()!.seq;
  collector.followed({ ...leaders, seq: 1000, collectedAt: new Date().toISOString() });
  assert.notEqual(collector.snapshot()!.seq, 1000, "a leader ignores cycles handed to it");
  assert.ok(collector.snapshot()!.seq >= own);

  told.listener({ cluster: "test", leading: false, at: Date.now() });
  assert.equal(collector.snapshot()!.sources.replica?.leading, false);
  const last = collector.snapshot()!.seq;
  await sleep(POLL_MS * 4);
  assert.equal(collector.snapshot()!.seq, last, "no cycle after it lost the lead");
  assert.equal(replica.status().clusters[0].leading, false);

  told.listener({ cluster: "test", leading: true, at: Date.now() });
  await until("polling again after leading again", () => collector.snapshot()!.seq > last);
});

test("with the SQLite store the one process leads every cluster from the start", async () => {
  const h = hub();
  hubs.push(h);
  const replica = new Replica(h, noHistory(), new SoloLeadership(["test"]), false, "solo");
  replica.start();
  assert.deepEqual(
    replica.status().clusters.map((c) => [c.cluster, c.leading]),
    [["test", true]],
  );
  await until("a cycle", () => h.collector("test")!.snapshot() !== null);
  assert.equal(h.collector("test")!.snapshot()!.sources.replica?.shared, false, "the Sources panel says nothing of replicas");
});

test("each cluster's lock key is fixed by its name and differs between names", () => {
  assert.equal(leaderLockKey("east"), leaderLockKey("east"));
  assert.notEqual(leaderLockKey("east"), leaderLockKey("west"));
  assert.ok(leaderLockKey("east") >= -(2n ** 63n) && leaderLockKey("east") < 2n ** 63n, "a PostgreSQL bigint");
});

test("a replica that wins a cluster says it leads only once its collector leads: not while the alert state it continues is read", async () => {
  const h = hub();
  hubs.push(h);
  const told = new Told();
  let release: () => void = () => {};
  const read = new Promise<void>((resolve) => (release = resolve));
  const alertState = {
    load: async () => (await read, { active: [], resolved: [], transitions: [], undelivered: [], announced: [] }),
    save: async () => {},
    delivered: async () => {},
  };
  const store = { alertState: () => alertState } as unknown as NonNullable<ReturnType<typeof noHistory>["store"]>;
  const replica = new Replica(h, { store, recorders: new Map(), unavailable: null }, told, true, "replica-c");
  replica.start();
  const collector = h.collector("test")!;
  collector.followed({ ...snapshotFrom(scenarioPolls("2.9.10", "steady"), null, Date.now()), seq: 7 });

  told.listener({ cluster: "test", leading: true, at: Date.now() });
  await sleep(50);
  assert.equal(replica.status().clusters[0].leading, false, "the lock is won, but the collector does not poll yet");
  assert.equal(collector.snapshot()!.sources.replica?.leading, false);

  release();
  await until("leading once the state is read", () => replica.status().clusters[0].leading);
  assert.equal(collector.snapshot()!.sources.replica?.leading, true, "health and the served snapshot agree");
});

test("the store unreachable: a follower polls for its own viewers and a leader leads on, both saying so; back, the follower follows again and polls nothing", async () => {
  const h = hub();
  hubs.push(h);
  const told = new Told();
  const replica = new Replica(h, noHistory(), told, true, "replica-d");
  replica.start();
  const collector = h.collector("test")!;
  collector.followed({ ...snapshotFrom(scenarioPolls("2.9.10", "steady"), null, Date.now()), seq: 5 });

  const downAt = Date.now();
  told.reachability(false, downAt);
  assert.equal(replica.status().clusters[0].storeDownSince, new Date(downAt).toISOString());
  assert.equal(replica.status().clusters[0].leading, false);
  await until("cycles of its own", () => collector.snapshot()!.seq > 5);
  assert.equal(collector.snapshot()!.sources.replica?.storeDownSince, new Date(downAt).toISOString(), "its viewers are told why");
  assert.equal(collector.snapshot()!.nodes[0].name, "n1", "a node that does not answer keeps the name its leader's cycles showed");

  told.reachability(true, Date.now());
  assert.equal(replica.status().clusters[0].storeDownSince, undefined);
  assert.equal(collector.snapshot()!.sources.replica?.storeDownSince, undefined);
  const last = collector.snapshot()!.seq;
  await sleep(POLL_MS * 4);
  assert.equal(collector.snapshot()!.seq, last, "following again: no cycle of its own");

  told.listener({ cluster: "test", leading: true, at: Date.now() });
  await until("leading", () => replica.status().clusters[0].leading);
  told.reachability(false, Date.now());
  assert.equal(replica.status().clusters[0].leading, true, "a leader leads on");
  const led = collector.snapshot()!.seq;
  await until("its cycles go on", () => collector.snapshot()!.seq > led);
  told.reachability(true, Date.now());
  assert.equal(replica.status().clusters[0].leading, true);
  assert.equal(replica.status().clusters[0].storeDownSince, undefined);
});

test("an observer's cycle still running when the store is back publishes nothing: the follower shows its leader's cycles only", async () => {
  // A node that answers only when the test says so: the observer's cycle is in flight until then.
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const h = new Hub({
      clusters: [{ name: "test", expectedNodes: 1, monitor: { urls: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`], ...MONITOR_DEFAULTS, timeoutMs: 10_000 } }],
      pollIntervalMs: POLL_MS,
      configRefreshMs: 0,
      recentSamples: 10,
      thresholds: DEFAULT_THRESHOLDS,
      alerts: DEFAULT_ALERTS,
    });
    hubs.push(h);
    const told = new Told();
    const replica = new Replica(h, noHistory(), told, true, "replica-f");
    replica.start();
    const collector = h.collector("test")!;
    collector.followed({ ...snapshotFrom(scenarioPolls("2.9.10", "steady"), null, Date.now()), seq: 5 });
    told.reachability(false, Date.now());
    await until("the observer's cycle asks the node", () => held.length > 0);
    told.reachability(true, Date.now());
    const following = collector.snapshot()!.seq;
    for (const res of held.splice(0)) res.writeHead(500).end("late");
    await sleep(POLL_MS * 2);
    assert.equal(collector.snapshot()!.seq, following, "the late cycle is not published");
    assert.equal(held.length, 0, "and no new one was started");
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("a lock won while the store went away before its alert state was read: the replica observes, and leads once told again with the state read", async () => {
  const h = hub();
  hubs.push(h);
  const told = new Told();
  let release: () => void = () => {};
  let reads = 0;
  const alertState = {
    load: async () => {
      if (++reads === 1) await new Promise<void>((resolve) => (release = resolve));
      return { active: [], resolved: [], transitions: [], undelivered: [], announced: [] };
    },
    save: async () => {},
    delivered: async () => {},
  };
  const store = { alertState: () => alertState } as unknown as NonNullable<ReturnType<typeof noHistory>["store"]>;
  const replica = new Replica(h, { store, recorders: new Map(), unavailable: null }, told, true, "replica-e");
  replica.start();
  const collector = h.collector("test")!;
  told.listener({ cluster: "test", leading: true, at: Date.now() });
  told.reachability(false, Date.now());
  assert.equal(replica.status().clusters[0].leading, false, "it observes: nothing it could keep was read");
  await until("cycles of its own", () => collector.snapshot() !== null);
  release();
  await sleep(50);
  assert.equal(replica.status().clusters[0].leading, false, "the read that the outage overtook decides nothing");

  told.reachability(true, Date.now());
  told.listener({ cluster: "test", leading: true, at: Date.now() });
  await until("leading", () => replica.status().clusters[0].leading);
  assert.equal(collector.alertStateKeptNow(), true);
});
