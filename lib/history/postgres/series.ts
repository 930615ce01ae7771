/** Chart series from PostgreSQL: raw samples where they reach back far enough, rollups otherwise, on a fixed grid (figures.ts). */
import { alignDown, gridPoints, latencyGrid, latencyRanges, latencyRowOf, latencySeriesOf, latencyTotalOf, MINUTE, prefixEnd, rawAnswers, type LatencyRow } from "../figures";
import { SERIES, SERIES_NAMES } from "../sql";
import type { LatencyTotal, Series, SeriesTarget } from "../store";
import { metaNumber, one, rows, type PgContext } from "./context";

type TableTarget = Exclude<SeriesTarget, { kind: "latency" }>;

async function targetId(s: PgContext, clusterId: number, target: TableTarget): Promise<number | null> {
  switch (target.kind) {
    case "cluster":
      return clusterId;
    case "node":
      return s.ids.existingNode(clusterId, target.node);
    case "stream":
      return s.ids.existingStream(clusterId, target.account, target.name);
    case "consumer": {
      const stream = await s.ids.existingStream(clusterId, target.account, target.stream);
      return stream === null ? null : s.ids.existingConsumer(stream, target.name);
    }
  }
}

async function rawAnswersFor(s: PgContext, clusterId: number, target: TableTarget, id: number, from: number, to: number): Promise<boolean> {
  const spec = SERIES[target.kind];
  const asset = target.kind === "stream" || target.kind === "consumer";
  const [oldest, firstRun, rollup] = await Promise.all([
    one(s.pool, `SELECT min(at) AS t FROM ${spec.raw.table} WHERE ${spec.raw.id} = $1`, [id]),
    one(s.pool, "SELECT min(started) AS t FROM sessions WHERE cluster_id = $1", [clusterId]),
    asset ? one(s.pool, `SELECT 1 AS found FROM ${spec.rollup.table} WHERE ${spec.rollup.id} = $1 LIMIT 1`, [id]) : undefined,
  ]);
  return rawAnswers(oldest!.t as number | null, firstRun!.t as number | null, asset, rollup !== undefined, from, to);
}

export async function series(s: PgContext, cluster: string, target: SeriesTarget, from: number, to: number, requestedStepMs: number): Promise<Series> {
  const clusterId = await s.ids.existingCluster(cluster);
  if (target.kind === "latency") return latencySeries(s, clusterId, target.series, from, to, requestedStepMs);
  const id = clusterId === null ? null : await targetId(s, clusterId, target);
  const resolution = clusterId !== null && id !== null && (await rawAnswersFor(s, clusterId, target, id, from, to)) ? "raw" : "rollup";
  // Rollups cannot be drawn finer than their buckets.
  const rollupMs = target.kind === "cluster" || target.kind === "node" ? MINUTE : s.options.assetRollupMs;
  const stepMs = id !== null && resolution === "rollup" ? Math.max(requestedStepMs, rollupMs) : requestedStepMs;
  const grid = { from: alignDown(from, stepMs), to, stepMs };
  if (id === null) return { ...grid, resolution: "raw", points: [] };
  const t = SERIES[target.kind][resolution];
  const found = await rows(
    s.pool,
    `SELECT (${t.time} / $2::bigint) * $2::bigint AS b, ${t.columns} FROM ${t.table}
     WHERE ${t.id} = $1 AND ${t.time} >= $3 AND ${t.time} <= $4 GROUP BY b ORDER BY b`,
    [id, Math.round(stepMs), grid.from, to],
  );
  return { ...grid, resolution, points: gridPoints(grid, SERIES_NAMES[target.kind], found) };
}

export const latencyHourWatermark = (s: PgContext) => metaNumber(s.pool, "wm.latency-hours");

async function latencyRows(s: PgContext, clusterId: number, series: string, from: number, to: number, minutesOnly = false): Promise<LatencyRow[]> {
  const ranges = latencyRanges(from, to, await latencyHourWatermark(s), minutesOnly);
  const parts = await Promise.all(
    ranges.map(async (range) => {
      const sql =
        range.kind === "hours"
          ? "SELECT hour AS start, minutes, count, timeouts, errors, hist FROM latency_hours WHERE cluster_id = $1 AND series = $2 AND hour >= $3 AND hour < $4 ORDER BY hour"
          : "SELECT minute AS start, 1 AS minutes, count, timeouts, errors, hist FROM latency_minutes WHERE cluster_id = $1 AND series = $2 AND minute >= $3 AND minute < $4 ORDER BY minute";
      return (await rows(s.pool, sql, [clusterId, series, range.from, range.to])).map(latencyRowOf(range.kind));
    }),
  );
  return parts.flat();
}

export async function latencyTotals(s: PgContext, cluster: string, series: readonly string[], from: number, to: number): Promise<Map<string, LatencyTotal>> {
  const out = new Map<string, LatencyTotal>();
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return out;
  const totals = await Promise.all(series.map(async (name) => [name, latencyTotalOf(await latencyRows(s, id, name, from, to), from, to)] as const));
  for (const [name, total] of totals) if (total) out.set(name, total);
  return out;
}

export async function latencySeriesNames(s: PgContext, cluster: string, prefix: string, from: number, to: number): Promise<string[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  const found = await rows(
    s.pool,
    `SELECT series FROM latency_minutes WHERE cluster_id = $1 AND series >= $2 AND series < $3 AND minute >= $4 AND minute < $5
     UNION SELECT series FROM latency_hours WHERE cluster_id = $1 AND series >= $2 AND series < $3 AND hour + 3600000 > $4 AND hour < $5 ORDER BY series`,
    [id, prefix, prefixEnd(prefix), alignDown(from, MINUTE), to],
  );
  return found.map((r) => r.series as string);
}

async function latencySeries(s: PgContext, clusterId: number | null, name: string, from: number, to: number, requestedStepMs: number): Promise<Series> {
  const grid = latencyGrid(from, to, requestedStepMs);
  return latencySeriesOf(grid, clusterId === null ? [] : await latencyRows(s, clusterId, name, grid.from, to + 1, grid.minutesOnly));
}
