/**
 * The arithmetic of reading a period, for both stores (sqlite/, postgres/): where raw samples
 * take over from rollups, a stream's messages stored from its totals at either end, the worst
 * consumers, node storage, the latency rows to read and how they add up, and a chart's grid.
 * The stores fetch the rows; what the rows mean is decided here, once.
 */
import { consumerKey } from "../model/assets";
import { addTally, decodeHistogram, figuresOf, newTally, type Tally } from "../model/latency/histogram";
import { maxOf } from "./rows";
import { NODE_ROLLUP_MS, type ConsumerWorst, type LatencyTotal, type NodeStorage, type Series } from "./store";

export const MINUTE = NODE_ROLLUP_MS;
export const HOUR = 60 * MINUTE;
export const alignDown = (t: number, step: number) => Math.floor(t / step) * step;
export const alignUp = (t: number, step: number) => Math.ceil(t / step) * step;

/**
 * Where raw node and cluster samples start, i.e. where the per-minute rollups must take over:
 * raw samples wherever they reach back to; before them, the per-minute rollups (which exist up to
 * the watermark: raw rows are pruned only after their minute was rolled up).
 */
export function rawSplit(oldestRaw: number | null, rolledUp: number | null, from: number, to: number): { minutesFrom: number; split: number } {
  const firstWholeMinute = oldestRaw === null ? null : alignUp(oldestRaw, MINUTE);
  const useMinutes = firstWholeMinute !== null && oldestRaw! > from && rolledUp !== null && rolledUp >= firstWholeMinute;
  const split = useMinutes ? Math.min(to, firstWholeMinute) : oldestRaw === null && rolledUp !== null ? Math.min(to, rolledUp) : from;
  return { minutesFrom: alignUp(from, MINUTE), split };
}

/** The precision of a stored-messages count: a minute where rollups answer part of it, else the poll interval. */
export const storedPrecisionMs = (split: number, from: number, pollMs: number) => (split > from ? Math.max(MINUTE, pollMs) : pollMs);

/** What is known of one stream for its advance over a period. */
export interface StreamEnds {
  /** Its stored total at the period's end and start (the newest stored poll by then, else the newest rollup ended by then). */
  end: number | null;
  start: number | null;
  created: number | null;
  /** The first stored total seen inside the period (raw, else rollup), for a stream first seen in it. */
  firstSeen: number | null;
}

/** Messages a stream stored in the period; null when it has no figure at the end. */
export function streamAdvance(e: StreamEnds, from: number): number | null {
  if (e.end === null) return null;
  // First seen inside the period: created in it, everything it holds was stored in it; otherwise
  // only what the dashboard saw arrive counts.
  const start = e.start ?? (e.created !== null && e.created >= from ? 0 : (e.firstSeen ?? e.end));
  return Math.max(0, e.end - start);
}

/** Short periods read raw samples only; long ones the rollups up to the asset watermark and raw samples after it. */
export function worstPlan(from: number, to: number, rollupMs: number, watermark: number | null): { rawOnly: boolean; rawFrom: number } {
  const rawOnly = to - from <= 2 * rollupMs || (watermark ?? -Infinity) <= from;
  return { rawOnly, rawFrom: rawOnly ? from : Math.max(from, watermark!) };
}

/** Per consumer its worst figures (p: pending, r: redelivered, a: ack pending); the `limit` worst by pending and by redeliveries. */
export function worstOf(rows: { account: string; stream: string; name: string; p: number | null; r: number | null; a: number | null }[], limit: number): ConsumerWorst[] {
  const top = (key: "p" | "r", other: "p" | "r") => [...rows].sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0) || (b[other] ?? 0) - (a[other] ?? 0)).slice(0, limit);
  const seen = new Map<string, ConsumerWorst>();
  for (const r of [...top("p", "r"), ...top("r", "p")]) {
    const worst = { account: r.account, stream: r.stream, name: r.name };
    const key = consumerKey(worst);
    if (!seen.has(key)) seen.set(key, { ...worst, maxPending: r.p ?? 0, maxRedelivered: r.r ?? 0, maxAckPending: r.a ?? 0 });
  }
  return [...seen.values()];
}

const num = (v: unknown) => (typeof v === "number" ? v : null);

/** A node's storage over the period from its raw (after the split) and per-minute (before it) figures; nodes without any are left out. */
export function nodeStorageOf(rows: Record<string, unknown>[]): NodeStorage[] {
  return rows
    .map((r) => ({
      node: r.name as string,
      first: num(r.first_min) ?? num(r.first_raw),
      last: num(r.last_raw) ?? num(r.last_min),
      peak: maxOf(num(r.peak_raw), num(r.peak_min)),
      limit: maxOf(num(r.limit_raw), num(r.limit_min)),
    }))
    .filter((r) => r.peak !== null);
}

/** Which latency rows cover [from, to): minutes at the edges, merged hours in between (up to the hours' watermark), unless `minutesOnly`. */
export function latencyRanges(from: number, to: number, hoursMerged: number | null, minutesOnly: boolean): { kind: "minutes" | "hours"; from: number; to: number }[] {
  const start = alignDown(from, MINUTE);
  const h0 = alignUp(start, HOUR);
  const h1 = Math.min(alignDown(to, HOUR), hoursMerged ?? -Infinity);
  if (minutesOnly || h1 <= h0) return [{ kind: "minutes", from: start, to }];
  return [
    { kind: "minutes", from: start, to: h0 },
    { kind: "hours", from: h0, to: h1 },
    { kind: "minutes", from: h1, to },
  ];
}

export interface LatencyRow {
  start: number;
  /** Minutes the row holds: 1 for a minute, up to 60 for an hour. */
  minutes: number;
  span: number;
  tally: Tally;
}

/** A latency_minutes or latency_hours row (start, minutes, count, timeouts, errors, hist) with its histogram decoded. */
export const latencyRowOf =
  (kind: "minutes" | "hours") =>
  (r: Record<string, unknown>): LatencyRow => ({
    start: Number(r.start),
    minutes: Number(r.minutes),
    span: kind === "hours" ? HOUR : MINUTE,
    tally: { hist: decodeHistogram(r.hist as string), timeouts: Number(r.timeouts), errors: Number(r.errors) },
  });

/** A series' rows over the period, merged; null when there are none. */
export function latencyTotalOf(rows: LatencyRow[], from: number, to: number): LatencyTotal | null {
  if (rows.length === 0) return null;
  const total: LatencyTotal = { tally: newTally(), minutes: 0, measuredMs: 0 };
  for (const r of rows) {
    addTally(total.tally, r.tally);
    total.minutes += r.minutes;
    // An hour counts the minutes it holds (it lies inside the period); a minute its overlap with it.
    total.measuredMs += r.span === HOUR ? r.minutes * MINUTE : Math.max(0, Math.min(to, r.start + MINUTE) - Math.max(from, r.start));
  }
  return total;
}

/** The grid of a latency chart: whole minutes (hours where the step is whole hours). */
export function latencyGrid(from: number, to: number, requestedStepMs: number) {
  const stepMs = Math.max(MINUTE, alignDown(requestedStepMs, MINUTE));
  return { from: alignDown(from, stepMs), to, stepMs, minutesOnly: stepMs % HOUR !== 0 };
}

/** A latency chart from its rows: each bucket's rows merged, never their percentiles averaged. */
export function latencySeriesOf(grid: { from: number; to: number; stepMs: number }, rows: LatencyRow[]): Series {
  const buckets = new Map<number, Tally>();
  for (const r of rows) {
    const at = alignDown(r.start, grid.stepMs);
    let sum = buckets.get(at);
    if (!sum) {
      sum = newTally();
      buckets.set(at, sum);
    }
    addTally(sum, r.tally);
  }
  const points: Series["points"] = [];
  for (let at = grid.from; at <= grid.to; at += grid.stepMs) {
    const t = buckets.get(at);
    const f = t ? figuresOf(t) : null;
    points.push({ at, values: { p50Ms: f?.p50Ms ?? null, p99Ms: f?.p99Ms ?? null, maxMs: f?.maxMs ?? null, count: f?.count ?? null, failed: f ? f.timeouts + f.errors : null } });
  }
  return { from: grid.from, to: grid.to, stepMs: grid.stepMs, resolution: "rollup", points };
}

/** Every name with the prefix sorts from the prefix up to (not including) this. */
export const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** Longer periods chart an asset from its rollups: raw rows of one asset are spread over every poll's rows. */
export const ASSET_RAW_CHART_MAX_MS = 6 * 3_600_000;

/**
 * Whether raw samples answer a chart of [from, to] (rollups do otherwise): they reach back far
 * enough, or they are all there is (they start within a minute of the first run, nothing before
 * them has been pruned into rollups); an asset's long periods only when it has no rollup yet.
 */
export function rawAnswers(oldestRaw: number | null, firstRun: number | null, asset: boolean, hasRollup: boolean, from: number, to: number): boolean {
  if (oldestRaw === null) return false;
  const reachesBack = oldestRaw <= from || (firstRun !== null && oldestRaw <= firstRun + MINUTE);
  if (!reachesBack) return false;
  if (!asset || to - from <= ASSET_RAW_CHART_MAX_MS) return true;
  return !hasRollup;
}

/** A chart's points on its grid: each bucket's row, null where nothing was recorded. */
export function gridPoints(grid: { from: number; to: number; stepMs: number }, names: readonly string[], rows: Record<string, unknown>[]): Series["points"] {
  const byBucket = new Map(rows.map((r) => [Number(r.b), r]));
  const points: Series["points"] = [];
  for (let at = grid.from; at <= grid.to; at += grid.stepMs) {
    const r = byBucket.get(at);
    points.push({ at, values: Object.fromEntries(names.map((n) => [n, r ? ((r[n] as number | null) ?? null) : null])) });
  }
  return points;
}

/** A minute is rolled up once this long has passed after its end (the cycle that ends in it is written). */
export const SETTLE_MS = 5_000;
/**
 * A latency minute reaches the store once its probes had their time (the canary's timeout, a minute
 * at most, plus the hub's grace and closing interval): an hour is merged only well after that.
 */
export const LATENCY_SETTLE_MS = 5 * MINUTE;

/** One hour's latency minutes (rows of cluster_id, series, count, timeouts, errors, hist) merged per cluster and series. */
export function mergeLatencyMinutes(rows: Record<string, unknown>[]): { clusterId: number; series: string; minutes: number; tally: Tally }[] {
  const merged = new Map<string, { clusterId: number; series: string; minutes: number; tally: Tally }>();
  for (const r of rows) {
    const key = `${String(r.cluster_id)}\u0000${r.series as string}`;
    let m = merged.get(key);
    if (!m) {
      m = { clusterId: Number(r.cluster_id), series: r.series as string, minutes: 0, tally: newTally() };
      merged.set(key, m);
    }
    m.minutes++;
    addTally(m.tally, { hist: decodeHistogram(r.hist as string), timeouts: Number(r.timeouts), errors: Number(r.errors) });
  }
  return [...merged.values()];
}

/** `work` one run at a time: a call while a run is going gets that run (rollups of several clusters' recorders share one store). */
export function oneAtATime(work: (now: number) => Promise<void>): (now: number) => Promise<void> {
  let running: Promise<void> | null = null;
  return (now) => (running ??= work(now).finally(() => (running = null)));
}
