/**
 * Reading the latency canary's stored histograms: each period from its whole hours' merges where
 * they exist and from minutes at its edges (and where the hours are not merged yet), so a two-week
 * report decodes a few hundred rows, not twenty thousand.
 */
import { addTally, decodeHistogram, figuresOf, newTally, type Tally } from "../../model/latency/histogram";
import type { LatencyTotal, Series } from "../store";
import { alignDown, alignUp, MINUTE, type Row, type StoreContext } from "./context";
import { latencyHourWatermark } from "./maintain";

const HOUR = 60 * MINUTE;

interface LatencyRow {
  start: number;
  /** Minutes the row holds: 1 for a minute, up to 60 for an hour. */
  minutes: number;
  span: number;
  tally: Tally;
}

/** A series' rows covering [from, to): minutes at the edges, hours in between where they are merged (unless `minutesOnly`). */
function latencyRows(s: StoreContext, clusterId: number, series: string, from: number, to: number, minutesOnly = false): LatencyRow[] {
  const start = alignDown(from, MINUTE);
  const h0 = alignUp(start, HOUR);
  const h1 = Math.min(alignDown(to, HOUR), latencyHourWatermark(s) ?? -Infinity);
  const rows: (Row & { span: number })[] = [];
  const minutes = (a: number, b: number) => rows.push(...(s.sql.latencyRows.all(clusterId, series, a, b) as Row[]).map((r) => ({ ...r, span: MINUTE })));
  if (minutesOnly || h1 <= h0) minutes(start, to);
  else {
    minutes(start, h0);
    rows.push(...(s.sql.latencyHourRows.all(clusterId, series, h0, h1) as Row[]).map((r) => ({ ...r, span: HOUR })));
    minutes(h1, to);
  }
  return rows.map((r) => ({
    start: r.start as number,
    minutes: r.minutes as number,
    span: r.span,
    tally: { hist: decodeHistogram(r.hist as string), timeouts: r.timeouts as number, errors: r.errors as number },
  }));
}

/** The named series over the period, each merged; series without data are left out. */
export function latencyTotals(s: StoreContext, cluster: string, series: readonly string[], from: number, to: number): Map<string, LatencyTotal> {
  const out = new Map<string, LatencyTotal>();
  const id = s.ids.existingCluster(cluster);
  if (id === null) return out;
  for (const name of series) {
    const rows = latencyRows(s, id, name, from, to);
    if (rows.length === 0) continue;
    const total: LatencyTotal = { tally: newTally(), minutes: 0, measuredMs: 0 };
    for (const r of rows) {
      addTally(total.tally, r.tally);
      total.minutes += r.minutes;
      // An hour counts the minutes it holds (it lies inside the period); a minute its overlap with it.
      total.measuredMs += r.span === HOUR ? r.minutes * MINUTE : Math.max(0, Math.min(to, r.start + MINUTE) - Math.max(from, r.start));
    }
    out.set(name, total);
  }
  return out;
}

export function latencySeriesNames(s: StoreContext, cluster: string, prefix: string, from: number, to: number): string[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  // Every name with the prefix sorts between it and the prefix with its last character's successor.
  const hi = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return (s.sql.latencyNames.all({ cluster: id, lo: prefix, hi, from: alignDown(from, MINUTE), to }) as Row[]).map((r) => r.series as string);
}

/** A latency series on a grid of whole minutes (hours where the step is whole hours): each bucket's rows merged, never their percentiles averaged. */
export function latencySeries(s: StoreContext, clusterId: number | null, name: string, from: number, to: number, requestedStepMs: number): Series {
  const stepMs = Math.max(MINUTE, alignDown(requestedStepMs, MINUTE));
  const grid = { from: alignDown(from, stepMs), to, stepMs };
  const buckets = new Map<number, Tally>();
  if (clusterId !== null)
    for (const r of latencyRows(s, clusterId, name, grid.from, to + 1, stepMs % HOUR !== 0)) {
      const at = alignDown(r.start, stepMs);
      let sum = buckets.get(at);
      if (!sum) {
        sum = newTally();
        buckets.set(at, sum);
      }
      addTally(sum, r.tally);
    }
  const points: Series["points"] = [];
  for (let at = grid.from; at <= to; at += stepMs) {
    const t = buckets.get(at);
    const f = t ? figuresOf(t) : null;
    points.push({ at, values: { p50Ms: f?.p50Ms ?? null, p99Ms: f?.p99Ms ?? null, maxMs: f?.maxMs ?? null, count: f?.count ?? null, failed: f ? f.timeouts + f.errors : null } });
  }
  return { ...grid, resolution: "rollup", points };
}
