import assert from "node:assert/strict";
import { test } from "node:test";
import { CAPTURED_VERSIONS, failedOutcome, fixtureMeta, scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import type { AlertView, ClusterSnapshot, NodeView, ThroughputSample } from "../model/types";
import { consumer, replica, stream } from "./assets.fixture";
import { consumersInTrouble, streamsInTrouble, troubleSnapshot } from "../model/trouble";
import { dataAgeLabel, wallFreshness, type WallFreshness } from "./freshness";
import {
  burnInOffset,
  cappedCount,
  orderAlerts,
  replicasBehind,
  sparklinePoints,
  storageNearestFull,
  throughputSeries,
  wallPanelAt,
  msUntilNextPanel,
  wallStatus,
} from "./wall";

const T0 = Date.parse("2026-11-21T03:10:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

function node(name: string, over: Partial<NodeView> = {}): NodeView {
  return { name, status: "up", stale: false, lastSeenAt: iso(T0), jetstream: null, ...over } as NodeView;
}

test("freshness: fresh, STALE after three poll intervals without an update, or when no node answers", () => {
  const poll = 1000;
  const fresh = { collectedAt: iso(T0), nodes: [node("n1"), node("n2", { status: "down", stale: true })] };
  const allDown = {
    collectedAt: iso(T0),
    nodes: [node("n1", { status: "down", lastSeenAt: iso(T0 - 40_000) }), node("n2", { status: "auth-failed", lastSeenAt: iso(T0 - 45_000) })],
  };
  const cases: Array<[string, Parameters<typeof wallFreshness>[0], WallFreshness]> = [
    ["nothing received yet", { snapshot: null, receivedAt: null, now: T0, pollIntervalMs: poll }, { stale: true, reason: "waiting", dataAgeMs: null }],
    ["just received", { snapshot: fresh, receivedAt: T0, now: T0 + 400, pollIntervalMs: poll }, { stale: false, reason: null, dataAgeMs: 400 }],
    ["exactly three intervals", { snapshot: fresh, receivedAt: T0, now: T0 + 3000, pollIntervalMs: poll }, { stale: false, reason: null, dataAgeMs: 3000 }],
    ["past three intervals", { snapshot: fresh, receivedAt: T0, now: T0 + 3001, pollIntervalMs: poll }, { stale: true, reason: "no-update", dataAgeMs: 3001 }],
    ["a slower poll waits longer", { snapshot: fresh, receivedAt: T0, now: T0 + 5000, pollIntervalMs: 2000 }, { stale: false, reason: null, dataAgeMs: 5000 }],
    // Updates still arrive, but they carry nothing new: the age counts from the last node answer.
    ["no node answers", { snapshot: allDown, receivedAt: T0, now: T0 + 2000, pollIntervalMs: poll }, { stale: true, reason: "no-node-answers", dataAgeMs: 42_000 }],
    ["no node ever answered", { snapshot: { collectedAt: iso(T0), nodes: [node("n1", { status: "down", lastSeenAt: null })] }, receivedAt: T0, now: T0, pollIntervalMs: poll }, { stale: true, reason: "no-node-answers", dataAgeMs: null }],
    ["no node known", { snapshot: { collectedAt: iso(T0), nodes: [] }, receivedAt: T0, now: T0, pollIntervalMs: poll }, { stale: true, reason: "no-node-answers", dataAgeMs: null }],
    ["a degraded node still answers", { snapshot: { collectedAt: iso(T0), nodes: [node("n1", { status: "degraded" })] }, receivedAt: T0, now: T0 + 10, pollIntervalMs: poll }, { stale: false, reason: null, dataAgeMs: 10 }],
    // A refused link is said at once, before three intervals pass, and over any other reason.
    ["the link was refused", { snapshot: fresh, receivedAt: T0, now: T0 + 1200, pollIntervalMs: poll, refused: true }, { stale: true, reason: "link-refused", dataAgeMs: 1200 }],
    ["refused before any data", { snapshot: null, receivedAt: null, now: T0, pollIntervalMs: poll, refused: true }, { stale: true, reason: "link-refused", dataAgeMs: null }],
    ["refused while no node answers", { snapshot: allDown, receivedAt: T0, now: T0 + 2000, pollIntervalMs: poll, refused: true }, { stale: true, reason: "link-refused", dataAgeMs: 2000 }],
  ];
  for (const [name, input, expected] of cases) assert.deepEqual(wallFreshness(input), expected, name);
});

test("the status word: the cluster's status with its first reason, or STALE with why and the last known status", () => {
  const fresh: WallFreshness = { stale: false, reason: null, dataAgeMs: 100 };
  const cases: Array<[Pick<ClusterSnapshot, "status" | "statusReasons"> | null, WallFreshness, Partial<ReturnType<typeof wallStatus>>]> = [
    [{ status: "ok", statusReasons: [] }, fresh, { word: "OK", tone: "ok", reason: "every node answers, nothing is firing", moreReasons: 0, lastKnown: null }],
    [{ status: "warning", statusReasons: ["n3 down: refused", "1 stream replica not current"] }, fresh, { word: "WARNING", reason: "n3 down: refused", moreReasons: 1 }],
    [{ status: "critical", statusReasons: ["no JetStream meta leader"] }, fresh, { word: "CRITICAL", tone: "critical" }],
    [{ status: "ok", statusReasons: [] }, { stale: true, reason: "no-update", dataAgeMs: 9000 }, { word: "STALE", tone: "stale", reason: "no update from the dashboard", lastKnown: "ok" }],
    [{ status: "critical", statusReasons: ["no node answers"] }, { stale: true, reason: "no-node-answers", dataAgeMs: 9000 }, { word: "STALE", reason: "no node answers the dashboard", lastKnown: "critical" }],
    [null, { stale: true, reason: "waiting", dataAgeMs: null }, { word: "STALE", reason: "no data received yet", lastKnown: null }],
    [{ status: "warning", statusReasons: ["n3 down"] }, { stale: true, reason: "link-refused", dataAgeMs: 5000 }, { word: "STALE", reason: "the dashboard no longer accepts this display link", lastKnown: "warning" }],
  ];
  for (const [snapshot, freshness, expected] of cases) {
    const status = wallStatus(snapshot, freshness);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(status[key as keyof typeof status], value, `${snapshot?.status} ${freshness.reason}: ${key}`);
  }
  assert.equal(dataAgeLabel(47_200), "data 47 s old");
  assert.equal(dataAgeLabel(200), "data 1 s old");
  assert.equal(dataAgeLabel(null), "no data");
});

function alert(id: string, severity: AlertView["severity"], sinceMs: number, over: Partial<AlertView> = {}): AlertView {
  return { id, rule: id, severity, subject: id, message: id, since: iso(sinceMs), acknowledged: null, silencedUntil: null, ...over };
}

test("alerts: critical first, unacknowledged before acknowledged or silenced, then newest first", () => {
  const now = T0;
  const ordered = orderAlerts(
    [
      alert("warn-old", "warning", now - 600_000),
      alert("crit-acked", "critical", now - 1000, { acknowledged: { by: "ops", at: iso(now), note: "" } }),
      alert("crit-old", "critical", now - 300_000),
      alert("warn-new", "warning", now - 5000),
      alert("crit-new", "critical", now - 20_000),
      alert("crit-silence-over", "critical", now - 10_000, { silencedUntil: iso(now - 1) }),
      alert("warn-silenced", "warning", now - 1000, { silencedUntil: iso(now + 60_000) }),
    ],
    now,
  );
  assert.deepEqual(
    ordered.map((a) => a.id),
    ["crit-silence-over", "crit-new", "crit-old", "crit-acked", "warn-new", "warn-old", "warn-silenced"],
  );
});

test("streams in trouble: no leader, then offline or missing replicas, then the most lagging", () => {
  const rows = streamsInTrouble([
    stream("FINE"),
    stream("LAG_SMALL", { replicas: [replica("n2", { lag: 3 }), replica("n3")] }),
    stream("LAG_BIG", { replicas: [replica("n2", { lag: 12_000, current: false }), replica("n3", { lag: 5 })] }),
    stream("NOT_CURRENT", { replicas: [replica("n2", { current: false }), replica("n3")] }),
    stream("UNDER", { underReplicated: true, replicas: [replica("n2")] }),
    stream("OFFLINE", { underReplicated: true, replicas: [replica("n2", { offline: true, current: false }), replica("n3")] }),
    stream("NOLEADER", { leader: null, truth: "leaderless", replicas: null }),
    stream("UNREACHABLE", { leader: "n3", truth: "leader-unreachable", replicas: null }),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.asset.name, r.what]),
    [
      ["NOLEADER", "no leader"],
      ["UNREACHABLE", "leader n3 does not answer"],
      ["OFFLINE", "replica n2 offline"],
      ["UNDER", "under-replicated"],
      ["LAG_BIG", "replica n2 12,000 ops behind"],
      ["LAG_SMALL", "replica n2 3 ops behind"],
      ["NOT_CURRENT", "replica n2 not current"],
    ],
  );
});

test("consumers in trouble: no leader, then stalled, then falling behind with the most pending first", () => {
  const rows = consumersInTrouble([
    consumer("LOGS", "fine", { numPending: 10_000 }),
    consumer("LOGS", "behind-small", { fallingBehind: true, numPending: 50 }),
    consumer("LOGS", "behind-big", { fallingBehind: true, numPending: 5000 }),
    consumer("LOGS", "stalled", { stalled: true, numPending: 1 }),
    consumer("ORDERS", "no-leader", { leader: null, truth: "leaderless" }),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.asset.name, r.what]),
    [
      ["no-leader", "no leader"],
      ["stalled", "stalled"],
      ["behind-big", "falling behind"],
      ["behind-small", "falling behind"],
    ],
  );
});

test("replicas behind: offline first, then by lag", () => {
  const rows = replicasBehind([
    stream("A", { replicas: [replica("n2", { lag: 10 }), replica("n3")] }),
    stream("B", { replicas: [replica("n1", { lag: 900, current: false }), replica("n3", { offline: true, current: false, lag: 2 })] }),
  ]);
  assert.deepEqual(
    rows.map((r) => `${r.stream}/${r.replica}`),
    ["B/n3", "B/n1", "A/n2"],
  );
});

test("the wall's snapshot keeps the head and only the assets in trouble, capped", () => {
  for (const version of CAPTURED_VERSIONS) {
    const steady = snapshotFrom(scenarioPolls(version, "steady"), null, T0);
    const quiet = troubleSnapshot(steady);
    assert.equal(quiet.nodes.length, steady.nodes.length, version);
    assert.deepEqual(quiet.alerts, steady.alerts);
    assert.ok(steady.streams.length > 0 && steady.consumers.length > 0, `${version}: the capture has assets`);
    assert.deepEqual(quiet.streams, [], `${version}: steady has no stream in trouble`);

    // The ORDERS leader was killed and not yet replaced: its stream has no trustworthy leader.
    const meta = fixtureMeta(version, "leader-killed");
    const killed = snapshotFrom(scenarioPolls(version, "leader-killed", { down: failedOutcome("refused", "connection refused") }), null, T0);
    const trouble = troubleSnapshot(killed);
    const orders = trouble.streams.find((s) => s.name === "ORDERS");
    assert.ok(orders, `${version}: ORDERS is in trouble after its leader ${meta.ordersLeaderBefore} was killed`);
    assert.notEqual(orders.truth, "leader");
    assert.ok(trouble.streams.length <= killed.streams.length);
  }
  const many = Array.from({ length: 7 }, (_, i) => stream(`S${i}`, { leader: null, truth: "leaderless", replicas: null }));
  const capped = troubleSnapshot({ streams: many, consumers: [] } as unknown as ClusterSnapshot, 5);
  assert.equal(capped.streams.length, 5);
  assert.equal(cappedCount(100), "100+");
  assert.equal(cappedCount(99), "99");
  assert.equal(cappedCount(7, 5, 5), "7+", "replicas counted from a capped list of streams");
  assert.equal(cappedCount(7, 4, 5), "7");
});

test("storage nearest full: nodes and accounts with a limit, fullest first, each at the configured storage levels", () => {
  const js = (storageBytes: number, storageLimitBytes: number | null) =>
    ({ storageBytes, storageLimitBytes, memoryBytes: 0, memoryLimitBytes: null, streams: 0, consumers: 0, haAssets: 0, apiTotal: 0, apiErrors: 0 });
  const uses = storageNearestFull(
    [node("n1", { jetstream: js(10, 100) }), node("n2", { jetstream: js(80, 100), stale: true }), node("n3", { jetstream: js(5, null) }), node("n4")],
    [{ name: "APP", storageBytes: 45, memoryBytes: 0, storageLimitBytes: 100, memoryLimitBytes: null }],
    { storageWarnPercent: 40, storageCritPercent: 80 },
  );
  assert.deepEqual(
    uses.map((u) => [u.kind, u.name, Math.round(u.percent), u.level, u.stale]),
    [
      ["node", "n2", 80, "critical", true],
      ["account", "APP", 45, "warning", false],
      ["node", "n1", 10, "ok", false],
    ],
  );
});

test("rotation: every wall shows the same panel for the configured period; off shows the first", () => {
  const settings = { rotateSeconds: 20, panels: ["overview", "placement", "trouble"] as const };
  const at = (s: number) => wallPanelAt(s * 1000, { ...settings, panels: [...settings.panels] });
  assert.deepEqual([0, 19.999, 20, 40, 59, 60, 80].map(at), ["overview", "overview", "placement", "trouble", "trouble", "overview", "placement"]);
  assert.equal(wallPanelAt(123_456, { rotateSeconds: null, panels: ["trouble", "overview"] }), "trouble");
  assert.equal(wallPanelAt(123_456, { rotateSeconds: 5, panels: ["placement"] }), "placement");
  assert.equal(msUntilNextPanel(45_000, { rotateSeconds: 20, panels: ["overview", "placement"] }), 15_000);
  assert.equal(msUntilNextPanel(45_000, { rotateSeconds: null, panels: ["overview", "placement"] }), null);
});

test("burn-in: the layout moves one small step every period, stays within ±8 px and visits every offset", () => {
  const step = 1000;
  const offsets = Array.from({ length: 50 }, (_, i) => burnInOffset(i * step, step, 8));
  for (const o of offsets) assert.ok(Math.abs(o.x) <= 8 && Math.abs(o.y) <= 8, JSON.stringify(o));
  for (let i = 1; i < offsets.length; i++) {
    const move = Math.abs(offsets[i].x - offsets[i - 1].x) + Math.abs(offsets[i].y - offsets[i - 1].y);
    // One grid step (4 px), or the jump back to the start after a full cycle.
    assert.ok(move === 4 || i % 25 === 0, `step ${i}: ${JSON.stringify(offsets[i - 1])} → ${JSON.stringify(offsets[i])}`);
  }
  assert.equal(new Set(offsets.slice(0, 25).map((o) => `${o.x},${o.y}`)).size, 25);
  assert.deepEqual(burnInOffset(500, step, 8), burnInOffset(999, step, 8), "no movement within a step");
});

test("sparkline: the last 15 minutes, time on x and 0…max on y", () => {
  const sample = (ms: number, inRate: number): ThroughputSample => ({
    at: iso(ms),
    inMsgsPerSec: inRate,
    outMsgsPerSec: inRate * 2,
    inBytesPerSec: 0,
    outBytesPerSec: 0,
    basis: "clients",
    perNode: {},
  });
  const series = throughputSeries([sample(T0 - 20 * 60_000, 1), sample(T0 - 10 * 60_000, 2), sample(T0, 4)]);
  assert.deepEqual(series.in.map((p) => p.v), [2, 4], "the sample older than 15 minutes is left out");
  assert.deepEqual(series.out.map((p) => p.v), [4, 8]);
  assert.deepEqual(throughputSeries([]), { in: [], out: [] });
  const box = { fromMs: 0, toMs: 100, maxValue: 10, width: 200, height: 50 };
  assert.equal(sparklinePoints([{ t: 0, v: 0 }, { t: 50, v: 5 }, { t: 100, v: 10 }], box), "0,50 100,25 200,0");
  assert.equal(sparklinePoints([{ t: -10, v: 20 }, { t: 100, v: -1 }], box), "0,0 200,50", "clamped into the box");
  assert.equal(sparklinePoints([{ t: 0, v: 1 }], box), "");
});
