/**
 * Reading the latency canary's stored histograms: each period from its whole hours' merges where
 * they exist and from minutes at its edges (and where the hours are not merged yet), so a two-week
 * report decodes a few hundred rows, not twenty thousand.
 */
import { alignDown, latencyGrid, latencyRanges, latencyRowOf, latencySeriesOf, latencyTotalOf, MINUTE, prefixEnd, type LatencyRow } from "../figures";
import type { Row } from "../rows";
import type { LatencyTotal, Series } from "../store";
import type { StoreContext } from "./context";
import { latencyHourWatermark } from "./maintain";

/** A series' rows covering [from, to): minutes at the edges, hours in between where they are merged (unless `minutesOnly`). */
function latencyRows(s: StoreContext, clusterId: number, series: string, from: number, to: number, minutesOnly = false): LatencyRow[] {
  return latencyRanges(from, to, latencyHourWatermark(s), minutesOnly).flatMap((range) =>
    (s.sql[range.kind === "hours" ? "latencyHourRows" : "latencyRows"].all(clusterId, series, range.from, range.to) as Row[]).map(latencyRowOf(range.kind)),
  );
}

/** The named series over the period, each merged; series without data are left out. */
export function latencyTotals(s: StoreContext, cluster: string, series: readonly string[], from: number, to: number): Map<string, LatencyTotal> {
  const out = new Map<string, LatencyTotal>();
  const id = s.ids.existingCluster(cluster);
  if (id === null) return out;
  for (const name of series) {
    const total = latencyTotalOf(latencyRows(s, id, name, from, to), from, to);
    if (total) out.set(name, total);
  }
  return out;
}

export function latencySeriesNames(s: StoreContext, cluster: string, prefix: string, from: number, to: number): string[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.latencyNames.all({ cluster: id, lo: prefix, hi: prefixEnd(prefix), from: alignDown(from, MINUTE), to }) as Row[]).map((r) => r.series as string);
}

/** A latency series on a grid of whole minutes (hours where the step is whole hours). */
export function latencySeries(s: StoreContext, clusterId: number | null, name: string, from: number, to: number, requestedStepMs: number): Series {
  const grid = latencyGrid(from, to, requestedStepMs);
  return latencySeriesOf(grid, clusterId === null ? [] : latencyRows(s, clusterId, name, grid.from, to + 1, grid.minutesOnly));
}
