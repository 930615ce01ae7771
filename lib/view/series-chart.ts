/**
 * Stored series as charts see them: rows with the gaps kept as nulls, a time axis whose ticks and
 * labels fit the period (times of day for hours, dates for weeks), and the words under a chart
 * that say what a point is. Pure and client-safe; times are shown in the browser's local zone.
 */
import type { Series } from "../history/store";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A series as the API answers it: the grid plus what one stored sample stands for. */
export interface StoredSeries extends Series {
  /** Time between two stored samples (raw) or the width of a rollup bucket. */
  sampleMs: number;
  /** When the dashboard first recorded this cluster; null when it never did. */
  recordedFrom: number | null;
  /** Whether raw samples of this series are stored at all (the canary's latency is stored per minute only). */
  rawKept: boolean;
}

export type ChartRow = { t: number } & Record<string, number | null>;

/** One row per grid point; a value the store does not have stays null so the line breaks there. */
export function seriesRows(series: Series, keys: readonly string[]): ChartRow[] {
  return series.points.map((p) => {
    const row: ChartRow = { t: p.at };
    for (const key of keys) {
      const v = p.values[key];
      row[key] = typeof v === "number" && Number.isFinite(v) ? v : null;
    }
    return row;
  });
}

/**
 * Per-second advance of a cumulative `key` between neighbouring points, written to `as`. A point
 * after a gap has no rate (nothing says when the advance happened), nor does a counter that went back.
 */
export function withRate(rows: readonly ChartRow[], key: string, as: string): ChartRow[] {
  return rows.map((row, i) => {
    const prev = rows[i - 1];
    const a = prev?.[key];
    const b = row[key];
    const ok = typeof a === "number" && typeof b === "number" && b >= a && row.t > prev.t;
    return { ...row, [as]: ok ? ((b - (a as number)) * 1000) / (row.t - prev.t) : null };
  });
}

/** Points that have no neighbour with a value: a line cannot show them, so the chart draws a dot. */
export function isolatedPoints(rows: readonly ChartRow[], key: string): Set<number> {
  const isolated = new Set<number>();
  const has = (i: number) => i >= 0 && i < rows.length && rows[i][key] !== null && rows[i][key] !== undefined;
  for (let i = 0; i < rows.length; i++) if (has(i) && !has(i - 1) && !has(i + 1)) isolated.add(i);
  return isolated;
}

export interface SeriesSummary {
  /** Grid points where at least one of the keys has a value. */
  withData: number;
  total: number;
  /** The newest point with a value for any key, and those values. */
  latest: ChartRow | null;
}

export function summarize(rows: readonly ChartRow[], keys: readonly string[]): SeriesSummary {
  let withData = 0;
  let latest: ChartRow | null = null;
  for (const row of rows) {
    if (keys.some((k) => row[k] !== null && row[k] !== undefined)) {
      withData += 1;
      latest = row;
    }
  }
  return { withData, total: rows.length, latest };
}

/** "2 s", "1 min", "5 min", "1 h", "1 d": a step or sample interval in its largest whole unit. */
export function formatStep(ms: number): string {
  const units: [number, string][] = [
    [DAY, "d"],
    [HOUR, "h"],
    [MINUTE, "min"],
    [SECOND, "s"],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return ms >= SECOND ? `${(ms / SECOND).toFixed(1)} s` : `${ms} ms`;
}

const UNIT_WORDS: Record<string, string> = { d: "day", h: "hour", min: "minute", s: "second" };

/** "1-minute", "1-hour": the width of a rollup bucket as an adjective. */
function bucketWidth(ms: number): string {
  const [n, unit] = formatStep(ms).split(" ");
  return `${n}-${UNIT_WORDS[unit] ?? unit}`;
}

/** What one point of the chart is: "raw samples every 2 s · one point per 5 s", "1-minute rollups · one point per 5 min". */
export function resolutionText(series: Pick<StoredSeries, "resolution" | "sampleMs" | "stepMs">): string {
  const source = series.resolution === "raw" ? `raw samples every ${formatStep(series.sampleMs)}` : `${bucketWidth(series.sampleMs)} rollups`;
  return `${source} · one point per ${formatStep(series.stepMs)}`;
}

/**
 * Why a chart has no point with data: the dashboard has not recorded the cluster yet, recorded
 * only after the period, or recorded within it but the period is drawn from rollups (the raw
 * samples do not reach back to its start) and no rollup has closed yet.
 */
export function emptySeriesText(series: Pick<StoredSeries, "from" | "to" | "resolution" | "sampleMs" | "recordedFrom" | "rawKept">): string {
  if (series.recordedFrom === null) return "Nothing recorded yet: history starts when the dashboard starts recording this cluster.";
  const since = pointTime(series.recordedFrom);
  const bucket = bucketWidth(series.sampleMs);
  if (rawSinceRecording(series) !== null)
    return `No ${bucket} rollup has closed in this period yet. The dashboard has recorded since ${since}: a custom period from then on shows its raw samples.`;
  if (!series.rawKept && recordingWithin(series))
    return `No ${bucket} rollup has closed in this period yet. The dashboard has recorded since ${since}; this series is stored only in ${bucket} rollups, each once it has closed.`;
  return `Nothing recorded in this period. History starts when the dashboard started recording (${since}).`;
}

/**
 * When the recording began inside a period drawn from rollups: the start of a period its raw
 * samples cover. The first sample follows the start of the recording by one poll, so this is the
 * first whole minute at least 30 s after it (a whole minute also fits the custom range inputs).
 */
export function rawSinceRecording(series: Pick<StoredSeries, "from" | "to" | "resolution" | "recordedFrom" | "rawKept">): number | null {
  if (!series.rawKept || series.resolution !== "rollup" || !recordingWithin(series)) return null;
  return Math.ceil((series.recordedFrom! + 30 * SECOND) / MINUTE) * MINUTE;
}

/** Whether the recording began inside the period (after its start). */
function recordingWithin({ from, to, recordedFrom }: Pick<StoredSeries, "from" | "to" | "recordedFrom">): boolean {
  return recordedFrom !== null && recordedFrom > from && recordedFrom <= to;
}

const TICK_STEPS = [10 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 5 * DAY, 7 * DAY];

/** The browser's offset from UTC at `t`, in ms (positive east of Greenwich). */
const localOffset = (t: number) => -new Date(t).getTimezoneOffset() * MINUTE;

export interface TimeAxis {
  ticks: number[];
  stepMs: number;
  /** Tick label: "14:05", "14:05:30" for sub-minute steps, "14 Nov" for days and at midnight. */
  tick: (t: number) => string;
}

/** Ticks at round local times (every 5 min, 1 h, 6 h, a day…), at most `maxTicks` of them. */
export function timeAxis(from: number, to: number, maxTicks = 8): TimeAxis {
  const span = Math.max(to - from, 0);
  const stepMs = TICK_STEPS.find((s) => span / s <= maxTicks) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const ticks: number[] = [];
  const off = localOffset(from);
  for (let t = Math.ceil((from + off) / stepMs) * stepMs - off; t <= to; t += stepMs) ticks.push(t);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: stepMs < MINUTE ? "2-digit" : undefined, hourCycle: "h23" });
  const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
  const tick = (t: number) => {
    const d = new Date(t);
    const midnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
    return stepMs >= DAY || (midnight && span > 6 * HOUR) ? date.format(d) : time.format(d);
  };
  return { ticks, stepMs, tick };
}

const FULL = new Map<string, Intl.DateTimeFormat>();

/** A point's time in a tooltip or a summary: "14 Nov, 10:05:30". */
export function pointTime(t: number): string {
  // Keyed by zone: the browser's zone is fixed, but tests switch it.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let format = FULL.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    FULL.set(zone, format);
  }
  return format.format(new Date(t));
}
