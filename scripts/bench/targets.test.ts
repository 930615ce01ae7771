import assert from "node:assert/strict";
import { test } from "node:test";
import type { CollectorResult } from "./collector";
import type { FloorResult } from "./floor";
import type { BenchOptions } from "./options";
import type { PageTiming } from "./pages";
import { REFERENCE_PROBE, SYSTEM_PROBE } from "./peer-table";
import type { PeerMeasure, PeerResults } from "./peers";
import type { BenchResults, ServerUsage, SseWindow } from "./results";
import { rssFlatness, type RssSample } from "./rss-timeline";
import type { SseEvent, SseRecording } from "./sse";
import {
  benchTargets,
  collectorOverFloor,
  medianRatio,
  pollOverFullFetch,
  slowestPage,
  systemOverFullFetch,
  targetLines,
  updateOverFirstSnapshot,
  type TargetCheck,
} from "./targets";

function floor(label: string, configs: boolean, bytes: { decoded: number[]; wire: number[] }, cpuMs: number[] = [10]): FloorResult {
  return { label, request: { configs }, wallMs: cpuMs, cpuMs, parseMs: [], decodedBytes: bytes.decoded, wireBytes: bytes.wire, jszBytesPerNode: [], otherStatuses: new Map() };
}

function collector(cpuMs: number[], floorBesideCpuMs: number[] = []): CollectorResult {
  return {
    wallMs: cpuMs, cpuMs, floorBesideCpuMs, mainThreadMs: [], builderBusyMs: [], runner: "worker", builderHeapBytes: [], stepsMs: [], cycleMs: [], snapshotBytes: [], stringifyMs: [],
    failures: [], streams: 10_000, consumers: 30_000, status: "ok", volatility: null, volatilityCaveat: null,
  };
}

function peerMeasure(id: string, receivedBytes: number[]): PeerMeasure {
  return { id, tool: "dashboard", as: "", answers: "", command: "", wallMs: [1], cpuMs: [1], serverCpuMs: [1], outputBytes: [1], receivedBytes, incomplete: [], failures: [] };
}

function peers(systemReceived: number[]): PeerResults {
  return {
    rounds: 3, serverRestPercent: 0, serverRestSpreadPercent: 0, unavailable: [], toolVersions: {},
    // The HTTP collector's count stays empty: only the system account's connection is counted.
    measures: [peerMeasure(REFERENCE_PROBE, []), peerMeasure(SYSTEM_PROBE, systemReceived)],
  };
}

const event = (type: string, bytes: number): SseEvent => ({ type, bytes, atMs: 0, streams: null, consumers: null, cycleMs: null, kind: null });

function recording(events: SseEvent[], path = "/api/v1/events?cluster=bench&include=streams,consumers"): SseRecording {
  return { label: "", path, seconds: 30, status: 200, contentEncoding: "gzip", wireBytes: 0, heartbeats: 0, events, error: null };
}

function sseWindow(label: SseWindow["label"], streamsViewer: SseEvent[]): SseWindow {
  // The overview's stream comes first here, to show the check picks the viewer by what it asks for.
  const overview = recording([event("snapshot", 500), event("delta", 400)], "/api/v1/events?cluster=bench");
  return { label, recordings: [overview, recording(streamsViewer)], traffic: null, dashboardCpuPercent: 0 };
}

function page(label: string, loadMs: number[], missing: string | null = null): PageTiming {
  return { spec: { label, path: "/", selector: "", needsRow: true }, missing, coldMs: null, loadMs, responseMs: [], documentBytes: [], breakdown: [] };
}

/** RSS every 10 s up to `endSeconds`, from `rss(seconds)`. */
function timeline(endSeconds: number, rss: (seconds: number) => number): RssSample[] {
  const samples: RssSample[] = [];
  for (let seconds = 0; seconds <= endSeconds; seconds += 10) samples.push({ seconds, rssBytes: rss(seconds) });
  return samples;
}

const options: BenchOptions = {
  nodes: 5, streams: 10_000, consumersPerStream: 3, concurrency: 12, reps: 3, pollIntervalMs: 2000, sseSeconds: 30, idleSeconds: 1800,
  pageReps: 3, pagePauseMs: 0, trafficRate: 200, browser: true, peers: true, keep: false, simulate: true, serverVersion: "2.15.3", simulatorArgs: [],
};

function server(idleCpuPercent: number, idleEndSeconds: number | null): ServerUsage {
  return {
    rssAfterWarmupBytes: 0, rssAfterIdleBytes: 0, rssAtEndBytes: null, idleSeconds: 1800, idleEndSeconds, idleCpuPercent,
    upstreamCpuWhilePolledPercent: 0, healthLatencyMs: [], pids: [],
  };
}

function results(overrides: Partial<BenchResults>): BenchResults {
  return {
    options, argv: [], upstream: "", upstreamKind: "simulator", upstreamPidsLabel: "the simulator", natsServerVersion: "2.15.3", natsServerBin: "",
    buildId: "", cores: 2, cpuModel: "", memoryBytes: 0, nodeVersion: "", loadAverageAtStart: 0, loadAverageAtEnd: null, startedAt: new Date(0),
    totalSeconds: null, populate: null, natsCpuAtRestPercent: null, upstreamCpuPerFloorPollMs: [], floor: [], fullFetch: [], collector: null,
    server: null, sse: [], pages: null, peers: null, apiCost: null, rssTimeline: [], problems: [],
    ...overrides,
  };
}

const byWhat = (checks: TargetCheck[], start: string): TargetCheck => {
  const found = checks.find((check) => check.what.startsWith(start));
  assert.ok(found, `no check "${start}…" in ${checks.map((check) => check.what).join(" | ")}`);
  return found;
};

test("a ratio of medians, not of means nor of the first values; nothing to divide by is no ratio", () => {
  assert.equal(medianRatio([1, 2, 100], [30, 10, 20]), 0.1);
  assert.equal(medianRatio([4, 6], [10]), 0.5);
  assert.equal(medianRatio([], [10]), null);
  assert.equal(medianRatio([1], []), null);
  assert.equal(medianRatio([1], [0]), null);
});

test("a poll's bytes are compared decoded, with the full fetch from the same target", () => {
  const poll = floor("direct", false, { decoded: [650, 660, 640], wire: [99, 99, 99] });
  const full = floor("direct", true, { decoded: [1000], wire: [1000] });
  assert.equal(pollOverFullFetch(poll, full), 0.65);
  assert.equal(pollOverFullFetch(poll, undefined), null);
});

test("the system account's bytes per cycle are its median count (a rare config read is not the poll) over the full HTTP fetch", () => {
  const full = floor("direct", true, { decoded: [2_000_000, 2_000_000, 2_100_000], wire: [1] });
  assert.equal(systemOverFullFetch(peers([60_000, 5_000_000, 40_000]), full), 0.03);
  assert.equal(systemOverFullFetch(null, full), null);
  assert.equal(systemOverFullFetch(peers([]), full), null);
});

test("the collector's CPU over the raw fetch and parse, medians of each", () => {
  const raw = floor("via nginx", false, { decoded: [1], wire: [1] }, [100, 90, 110]);
  assert.equal(collectorOverFloor(collector([125, 500, 120]), raw), 1.25);
  assert.equal(collectorOverFloor(null, raw), null);
});

test("the floor taken in turns with the cycles is the one held against them, when there is one", () => {
  const apart = floor("via nginx", false, { decoded: [1], wire: [1] }, [50, 50, 50]);
  assert.equal(collectorOverFloor(collector([125, 500, 120], [100, 90, 110]), apart), 1.25);
  assert.equal(collectorOverFloor(collector([125, 500, 120], [100, 90, 110]), undefined), 1.25);
  assert.equal(collectorOverFloor(collector([125, 500, 120]), undefined), null);
});

test("a viewer's p95 update against its first snapshot; whole snapshots sent as updates count as such", () => {
  const deltas = Array.from({ length: 20 }, (_, i) => event("delta", 100 * (i + 1)));
  const quiet = updateOverFirstSnapshot(recording([event("hello", 50), event("snapshot", 20_000), ...deltas, event("cluster-event", 9_999)]));
  // Nearest rank of 20: the 19th smallest, 1900 bytes.
  assert.deepEqual(quiet, { firstSnapshotBytes: 20_000, p95UpdateBytes: 1900, ratio: 0.095 });
  const snapshots = updateOverFirstSnapshot(recording([event("snapshot", 20_000), event("snapshot", 19_000), event("snapshot", 21_000)]));
  assert.equal(typeof snapshots === "string" ? snapshots : snapshots.ratio, 1.05);
  assert.equal(updateOverFirstSnapshot(recording([event("delta", 10)])), "no snapshot received");
  assert.equal(updateOverFirstSnapshot(recording([event("snapshot", 10)])), "no update within 30 s");
  assert.equal(updateOverFirstSnapshot({ ...recording([]), status: 401 }), "HTTP 401");
});

test("RSS at the end of the polling window over RSS at two minutes; what came after the window is left out", () => {
  // Grows to 400 MB in the first minute, then 1 MB a minute; viewers after the window add 300 MB.
  const samples = timeline(2000, (s) => (s < 60 ? 200e6 + (s / 60) * 200e6 : s <= 1810 ? 400e6 + (s / 60) * 1e6 : 700e6));
  const flat = rssFlatness(samples, 1815);
  assert.ok(typeof flat !== "string", String(flat));
  assert.deepEqual([flat.settled.seconds, flat.end.seconds], [120, 1810]);
  assert.equal(flat.settled.rssBytes, 402e6);
  assert.ok(Math.abs(flat.ratio - (400e6 + (1810 / 60) * 1e6) / 402e6) < 1e-12);
  assert.equal(flat.maxBytes, flat.end.rssBytes);
  assert.match(rssFlatness(samples.slice(0, 8), 70) as string, /ended 70 s after the dashboard started, too soon/);
  assert.equal(typeof rssFlatness(samples, 125), "string", "the sample at 2 min is also the last: nothing to compare");
});

test("the slowest page by its median; a page that could not be shown is the answer", () => {
  assert.deepEqual(slowestPage([page("/", [100, 900, 120]), page("/consumers", [700, 800, 750]), page("/streams", [300])]), { label: "/consumers", medianMs: 750 });
  assert.equal(slowestPage([page("/", [100]), page("/placement", [], "n/a (HTTP 500)")]), "/placement: n/a (HTTP 500)");
});

test("against the simulator every target is checked at its bound, and the block counts them", () => {
  const settled = 500e6;
  const checks = benchTargets(
    results({
      floor: [floor("direct (simulator)", false, { decoded: [700], wire: [700] }, [100])],
      fullFetch: [floor("direct (simulator)", true, { decoded: [1000], wire: [1000] })],
      collector: collector([126]),
      server: server(49.9, 1810),
      // 10 % below RSS at 2 min is still within 10 %; the largest sample (after the window) is 599 MB.
      rssTimeline: [...timeline(1810, (s) => (s < 120 ? 300e6 : s < 1800 ? settled : settled * 0.9)), { seconds: 1900, rssBytes: 599e6 }],
      sse: [sseWindow("quiet", [event("snapshot", 1000), event("delta", 100)]), sseWindow("with traffic", [event("snapshot", 1000), event("delta", 101)])],
      pages: [page("/", [400]), page("/consumers", [1000])],
      peers: null,
    }),
  );
  const verdicts = Object.fromEntries(checks.map((check) => [check.what.split(" (")[0], [check.measured, check.met]]));
  assert.deepEqual(verdicts, {
    "a poll's bytes ÷ a full fetch with configs": ["0.700× (700 B of 1000 B)", true],
    "collector CPU ÷ raw fetch + JSON.parse of the same request set": ["1.260× (126 ms of 100 ms)", false],
    "dashboard RSS at the end of the polling window ÷ RSS at 2 min": ["0.900× (500.00 MB → 450.00 MB at 1810 s, max 500.00 MB)", true],
    "browser, streams+consumers viewer quiet: p95 update ÷ first snapshot": ["10.0 % (100 B of 1000 B)", true],
    "browser, streams+consumers viewer with traffic: p95 update ÷ first snapshot": ["10.1 % (101 B of 1000 B)", false],
    "dashboard CPU polling, no viewer": ["49.9 % of one core", true],
    "dashboard RSS, largest sample of the run": ["599.00 MB", true],
    "slowest page's first row": ["1000 ms (/consumers)", false],
  });
  const lines = targetLines(results({ collector: collector([1]) }), checks);
  assert.equal(lines[0], "targets (issue 16) at simulator, 5 nodes, 10000 streams × 30000 consumers, poll every 2000 ms: 5 of 8 measured met, 0 not measured");
  assert.match(lines[1], /^✗ +collector CPU ÷ raw fetch/m);
  assert.match(lines[1], /^✓ +dashboard CPU polling, no viewer +49\.9 % of one core +< 50\.0 %$/m);
});

test("on a real cluster: the system account's wire bytes are checked, the simulator's absolute targets are not, and what was not measured says why", () => {
  const direct = { floor: [floor("direct :8222", false, { decoded: [650], wire: [650] })], fullFetch: [floor("direct :8222", true, { decoded: [1000], wire: [1000] })] };
  const real = (overrides: Partial<BenchResults>) => results({ upstreamKind: "cluster", options: { ...options, simulate: false }, ...direct, ...overrides });
  const measured = benchTargets(real({ peers: peers([101]), server: server(80, 60), rssTimeline: timeline(70, () => 1) }));
  assert.deepEqual([byWhat(measured, "system-account poll").measured, byWhat(measured, "system-account poll").met], ["0.101× (101 B of 1000 B)", false]);
  assert.equal(byWhat(measured, "system-account poll").bound, "≤ 0.1×");
  assert.ok(!measured.some((check) => check.what.startsWith("dashboard CPU") || check.what.startsWith("slowest page")));
  const rss = byWhat(measured, "dashboard RSS at the end");
  assert.equal(rss.met, null);
  assert.match(rss.measured, /^not measured \(the polling window ended 60 s after the dashboard started, too soon/);
  const noPeers = benchTargets(real({ options: { ...options, simulate: false, peers: false } }));
  assert.deepEqual([byWhat(noPeers, "system-account poll").measured, byWhat(noPeers, "system-account poll").met], ["not measured (--no-peers)", null]);
  assert.equal(byWhat(noPeers, "browser, streams+consumers viewer quiet").measured, "not measured (not recorded)");
});

test("RSS flat within 10 % holds both ways: shrinking by more is not flat either", () => {
  const rssCheck = (end: number) =>
    byWhat(benchTargets(results({ server: server(1, 1810), rssTimeline: timeline(1810, (s) => (s < 1800 ? 400e6 : end)) })), "dashboard RSS at the end");
  assert.deepEqual([rssCheck(440e6).met, rssCheck(441e6).met, rssCheck(360e6).met, rssCheck(359e6).met], [true, false, true, false]);
  assert.equal(rssCheck(441e6).bound, "within 10.0 %");
});
