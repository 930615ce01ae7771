/**
 * Where the dashboard stands against issue 16's targets, as this run measured it: ratios of
 * figures measured side by side in the run (a poll's bytes to a full fetch's, the collector's CPU
 * to the raw fetch + parse of the same answers, an update to the first snapshot, RSS at the end of
 * the polling window to RSS after two minutes), and, against the simulator, absolute figures at
 * its scale. Each with its bound and whether it is met; the report prints them as one block.
 */
import type { CollectorResult } from "./collector";
import type { FloorResult } from "./floor";
import type { PageTiming } from "./pages";
import { SYSTEM_PROBE } from "./peer-table";
import type { PeerResults } from "./peers";
import type { BenchResults, SseWindow } from "./results";
import { RSS_SETTLED_SECONDS, rssFlatness } from "./rss-timeline";
import { updateEvents, eventsOfType, type SseRecording } from "./sse";
import { formatBytes, formatMs, formatPercent, medianText, summarize, textTable } from "./stats";

export const BOUNDS = {
  /** A poll's bytes ÷ a full fetch with configs, over HTTP. */
  pollOverFullFetch: 0.7,
  /** A system-account poll's bytes on the wire ÷ a full fetch with configs over HTTP. */
  systemOverFullFetch: 0.1,
  /** The collector's CPU ÷ the raw fetch + JSON.parse of the same request set. */
  collectorOverFloor: 1.25,
  /** RSS at the end of the polling window may differ from RSS after two minutes by this share. */
  rssDrift: 0.1,
  /** A browser update's p95 ÷ the first snapshot, for the streams+consumers viewer. */
  updateOverFirstSnapshot: 0.1,
  /** Against the simulator: the dashboard's CPU polling with no viewer, % of one core. */
  idleCpuPercent: 50,
  /** Against the simulator: the dashboard's largest RSS in the run (formatBytes' MB: 10^6 bytes). */
  rssBytes: 600_000_000,
  /** Against the simulator: the slowest page's median time to its first row. */
  pageFirstRowMs: 1000,
} as const;

export interface TargetCheck {
  /** What is measured. */
  what: string;
  /** The value as printed ("0.65×", "412 ms"), or why there is none. */
  measured: string;
  /** The bound as printed ("≤ 0.7×"). */
  bound: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

/** Median of `numerator` ÷ median of `denominator`; null when either is missing or the denominator is not positive. */
export function medianRatio(numerator: number[], denominator: number[]): number | null {
  const top = summarize(numerator)?.median;
  const bottom = summarize(denominator)?.median;
  return top === undefined || bottom === undefined || bottom <= 0 ? null : top / bottom;
}

/** A poll's decoded bytes ÷ the full fetch's with configs, from the same target. */
export function pollOverFullFetch(poll: FloorResult | undefined, full: FloorResult | undefined): number | null {
  return poll && full ? medianRatio(poll.decodedBytes, full.decodedBytes) : null;
}

/** The system-account collector's bytes received per cycle ÷ a full HTTP fetch with configs (decoded: the monitoring port sends it uncompressed). */
export function systemOverFullFetch(peers: PeerResults | null, full: FloorResult | undefined): number | null {
  const system = peers?.measures.find((measure) => measure.id === SYSTEM_PROBE);
  return system && full ? medianRatio(system.receivedBytes, full.decodedBytes) : null;
}

/** collectOnce()'s CPU ÷ the raw fetch + JSON.parse of the same request set from the same target (medians). */
/** The floor the collector's CPU is held against: the one measured in turns with its cycles, else the floor section's. */
export function floorCpuBeside(collector: CollectorResult | null, floor: FloorResult | undefined): number[] {
  return collector?.floorBesideCpuMs.length ? collector.floorBesideCpuMs : (floor?.cpuMs ?? []);
}

export function collectorOverFloor(collector: CollectorResult | null, floor: FloorResult | undefined): number | null {
  const floorCpu = floorCpuBeside(collector, floor);
  return collector && floorCpu.length ? medianRatio(collector.cpuMs, floorCpu) : null;
}

export interface UpdateCost {
  firstSnapshotBytes: number;
  /** p95 over the updates after the first snapshot: deltas, or whole snapshots where the server sent those. */
  p95UpdateBytes: number;
  ratio: number;
}

/** A viewer's p95 update ÷ its first snapshot; why not, when there is nothing to compare. */
export function updateOverFirstSnapshot(recording: SseRecording | undefined): UpdateCost | string {
  if (!recording) return "not recorded";
  if (recording.status !== 200) return `HTTP ${recording.status ?? "no answer"}`;
  const first = eventsOfType(recording, "snapshot")[0];
  if (!first) return "no snapshot received";
  const p95 = summarize(updateEvents(recording).map((event) => event.bytes))?.p95;
  if (p95 === undefined) return `no update within ${recording.seconds} s`;
  return { firstSnapshotBytes: first.bytes, p95UpdateBytes: p95, ratio: p95 / first.bytes };
}

/** The page whose median time to its first row is longest; a page that could not be measured is the answer itself. */
export function slowestPage(pages: PageTiming[]): { label: string; medianMs: number } | string {
  const missing = pages.find((page) => page.missing !== null);
  if (missing) return `${missing.spec.label}: ${missing.missing}`;
  let slowest: { label: string; medianMs: number } | null = null;
  for (const page of pages) {
    const median = summarize(page.loadMs)?.median;
    if (median === undefined) return `${page.spec.label}: no load timed`;
    if (!slowest || median > slowest.medianMs) slowest = { label: page.spec.label, medianMs: median };
  }
  return slowest ?? "no page measured";
}

/** Three decimals: a value just over its bound must not print as the bound itself. */
const times = (value: number) => `${value.toFixed(3)}×`;
const atMost = (value: number, bound: number) => value <= bound;

/** `value` is the ratio of the medians `parts` says, e.g. "14.50 MB of 22.30 MB". */
function ratioCheck(what: string, value: number | null, parts: string, bound: number, whyMissing: string): TargetCheck {
  return value === null
    ? { what, measured: whyMissing, bound: `≤ ${bound}×`, met: null }
    : { what, measured: `${times(value)} (${parts})`, bound: `≤ ${bound}×`, met: atMost(value, bound) };
}

const bytesOf = (values: number[] | undefined) => medianText(values ?? [], "bytes");

/** The streams+consumers viewer of a window (the one that receives every asset). */
function streamsViewer(window: SseWindow | undefined): SseRecording | undefined {
  return window?.recordings.find((recording) => recording.path.includes("include=streams,consumers"));
}

function updateCheck(results: BenchResults, label: SseWindow["label"]): TargetCheck {
  const what = `browser, streams+consumers viewer ${label}: p95 update ÷ first snapshot`;
  const bound = `≤ ${formatPercent(BOUNDS.updateOverFirstSnapshot * 100)}`;
  const cost = updateOverFirstSnapshot(streamsViewer(results.sse.find((window) => window.label === label)));
  if (typeof cost === "string") return { what, measured: `not measured (${cost})`, bound, met: null };
  return {
    what,
    measured: `${formatPercent(cost.ratio * 100)} (${formatBytes(cost.p95UpdateBytes)} of ${formatBytes(cost.firstSnapshotBytes)})`,
    bound,
    met: atMost(cost.ratio, BOUNDS.updateOverFirstSnapshot),
  };
}

function rssFlatCheck(results: BenchResults): TargetCheck {
  const what = `dashboard RSS at the end of the polling window ÷ RSS at ${RSS_SETTLED_SECONDS / 60} min`;
  const bound = `within ${formatPercent(BOUNDS.rssDrift * 100)}`;
  const end = results.server?.idleEndSeconds;
  if (end === undefined || end === null) return { what, measured: "not measured", bound, met: null };
  const flat = rssFlatness(results.rssTimeline, end);
  if (typeof flat === "string") return { what, measured: `not measured (${flat})`, bound, met: null };
  return {
    what,
    measured: `${times(flat.ratio)} (${formatBytes(flat.settled.rssBytes)} → ${formatBytes(flat.end.rssBytes)} at ${Math.round(flat.end.seconds)} s, max ${formatBytes(flat.maxBytes)})`,
    bound,
    // In bytes, not as |ratio − 1|: 440 MB after 400 MB is within 10 %, and 1.1 − 1 is not 0.1 in floating point.
    met: Math.abs(flat.end.rssBytes - flat.settled.rssBytes) <= BOUNDS.rssDrift * flat.settled.rssBytes,
  };
}

function systemCheck(results: BenchResults): TargetCheck {
  const what = "system-account poll on the wire ÷ a full HTTP fetch with configs";
  if (!results.options.peers) return ratioCheck(what, null, "", BOUNDS.systemOverFullFetch, "not measured (--no-peers)");
  const received = results.peers?.measures.find((measure) => measure.id === SYSTEM_PROBE)?.receivedBytes;
  const parts = `${bytesOf(received)} of ${bytesOf(results.fullFetch[0]?.decodedBytes)}`;
  return ratioCheck(what, systemOverFullFetch(results.peers, results.fullFetch[0]), parts, BOUNDS.systemOverFullFetch, "not measured");
}

/** Against the simulator only: what the issue asks at 10 000 streams. */
function simulatedScaleChecks(results: BenchResults): TargetCheck[] {
  const server = results.server;
  const maxRss = results.rssTimeline.length ? Math.max(...results.rssTimeline.map((sample) => sample.rssBytes)) : null;
  const pages = results.options.browser ? (results.pages ? slowestPage(results.pages) : "not measured") : "not measured (--no-browser)";
  const pageBound = `< ${formatMs(BOUNDS.pageFirstRowMs)}`;
  const rssBound = `< ${BOUNDS.rssBytes / 1e6} MB`;
  return [
    server
      ? { what: "dashboard CPU polling, no viewer", measured: `${formatPercent(server.idleCpuPercent)} of one core`, bound: `< ${formatPercent(BOUNDS.idleCpuPercent)}`, met: server.idleCpuPercent < BOUNDS.idleCpuPercent }
      : { what: "dashboard CPU polling, no viewer", measured: "not measured", bound: `< ${formatPercent(BOUNDS.idleCpuPercent)}`, met: null },
    maxRss === null
      ? { what: "dashboard RSS, largest sample of the run", measured: "not measured", bound: rssBound, met: null }
      : { what: "dashboard RSS, largest sample of the run", measured: formatBytes(maxRss), bound: rssBound, met: maxRss < BOUNDS.rssBytes },
    typeof pages === "string"
      ? { what: "slowest page's first row (median of its loads)", measured: pages, bound: pageBound, met: pages.startsWith("not measured") ? null : false }
      : { what: "slowest page's first row (median of its loads)", measured: `${formatMs(pages.medianMs)} (${pages.label})`, bound: pageBound, met: pages.medianMs < BOUNDS.pageFirstRowMs },
  ];
}

export function benchTargets(results: BenchResults): TargetCheck[] {
  const simulated = results.upstreamKind === "simulator";
  const floor = results.floor.at(-1);
  const [poll, full] = [results.floor[0], results.fullFetch[0]];
  return [
    ratioCheck(
      `a poll's bytes ÷ a full fetch with configs (HTTP, decoded, ${poll?.label ?? "?"})`,
      pollOverFullFetch(poll, full),
      `${bytesOf(poll?.decodedBytes)} of ${bytesOf(full?.decodedBytes)}`,
      BOUNDS.pollOverFullFetch,
      "not measured",
    ),
    ...(simulated ? [] : [systemCheck(results)]),
    ratioCheck(
      `collector CPU ÷ raw fetch + JSON.parse of the same request set (${floor?.label ?? "?"}, medians)`,
      collectorOverFloor(results.collector, floor),
      `${medianText(results.collector?.cpuMs ?? [], "ms")} of ${medianText(floorCpuBeside(results.collector, floor), "ms")}${results.collector?.floorBesideCpuMs.length ? ", taken in turns" : ""}`,
      BOUNDS.collectorOverFloor,
      "not measured",
    ),
    rssFlatCheck(results),
    updateCheck(results, "quiet"),
    updateCheck(results, "with traffic"),
    ...(simulated ? simulatedScaleChecks(results) : []),
  ];
}

const MET_TEXT = { true: "✓", false: "✗", null: "–" } as const;

/** The block the report ends with: the run's scale, then one line per target. */
export function targetLines(results: BenchResults, checks: TargetCheck[]): string[] {
  const { options } = results;
  const consumers = results.collector?.consumers ?? options.streams * options.consumersPerStream;
  const scale =
    `${results.upstreamKind === "simulator" ? "simulator" : `nats-server ${results.natsServerVersion}`}, ${options.nodes} nodes, ` +
    `${results.collector?.streams ?? options.streams} streams × ${consumers} consumers, poll every ${options.pollIntervalMs} ms`;
  const met = checks.filter((check) => check.met === true).length;
  const measured = checks.filter((check) => check.met !== null).length;
  return [
    `targets (issue 16) at ${scale}: ${met} of ${measured} measured met, ${checks.length - measured} not measured`,
    textTable(
      ["", "measure", "this run", "target"],
      checks.map((check) => [MET_TEXT[`${check.met}`], check.what, check.measured, check.bound]),
    ),
  ];
}
