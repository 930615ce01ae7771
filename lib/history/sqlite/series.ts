/** Chart series: raw samples where they reach back far enough, rollups otherwise, on a fixed grid. */
import type { Series, SeriesTarget } from "../store";
import { alignDown, MINUTE, type Row, type StoreContext } from "./context";
import { latencySeries } from "./latency";
import { SERIES_NAMES, type SeriesKind } from "./statements";

/** Longer periods chart an asset from its rollups: raw rows of one asset are spread over every poll's rows. */
const ASSET_RAW_CHART_MAX_MS = 6 * 3_600_000;

type TableTarget = Exclude<SeriesTarget, { kind: "latency" }>;

/** The row whose series is charted: the cluster, or a node, stream or consumer of it; null when never recorded. */
function targetId(s: StoreContext, clusterId: number, target: TableTarget): number | null {
  switch (target.kind) {
    case "cluster":
      return clusterId;
    case "node":
      return s.ids.existingNode(clusterId, target.node);
    case "stream":
      return s.ids.existingStream(clusterId, target.account, target.name);
    case "consumer": {
      const stream = s.ids.existingStream(clusterId, target.account, target.stream);
      return stream === null ? null : s.ids.existingConsumer(stream, target.name);
    }
  }
}

/** Whether raw samples answer a chart of [from, to]; rollups do otherwise. */
function rawAnswers(s: StoreContext, clusterId: number, kind: SeriesKind, id: number, from: number, to: number): boolean {
  const statements = s.sql.series[kind];
  const oldest = (statements.oldestRaw.get(id) as { t: number | null }).t;
  if (oldest === null) return false;
  // Raw samples also answer when they are all there is: nothing recorded before them has been
  // pruned into rollups (they start within a minute of the first run).
  const firstRun = (s.sql.sessionFirst.get(clusterId) as { t: number | null }).t;
  const reachesBack = oldest <= from || (firstRun !== null && oldest <= firstRun + MINUTE);
  if (!reachesBack) return false;
  if (kind === "cluster" || kind === "node" || to - from <= ASSET_RAW_CHART_MAX_MS) return true;
  // An asset's raw rows are spread over every stored poll, so long periods chart from rollups,
  // unless the asset has none yet (a young dashboard).
  return statements.anyRollup.get(id) === undefined;
}

export function series(s: StoreContext, cluster: string, target: SeriesTarget, from: number, to: number, requestedStepMs: number): Series {
  const clusterId = s.ids.existingCluster(cluster);
  if (target.kind === "latency") return latencySeries(s, clusterId, target.series, from, to, requestedStepMs);
  const id = clusterId === null ? null : targetId(s, clusterId, target);
  const resolution = clusterId !== null && id !== null && rawAnswers(s, clusterId, target.kind, id, from, to) ? "raw" : "rollup";
  // Rollups cannot be drawn finer than their buckets.
  const rollupMs = target.kind === "cluster" || target.kind === "node" ? MINUTE : s.options.assetRollupMs;
  const stepMs = id !== null && resolution === "rollup" ? Math.max(requestedStepMs, rollupMs) : requestedStepMs;
  const grid = { from: alignDown(from, stepMs), to, stepMs };
  if (id === null) return { ...grid, resolution: "raw", points: [] };
  const rows = s.sql.series[target.kind][resolution].all({ id, step: stepMs, from: grid.from, to }) as Row[];
  const byBucket = new Map(rows.map((r) => [r.b as number, r]));
  const names = SERIES_NAMES[target.kind];
  const points: Series["points"] = [];
  for (let at = grid.from; at <= to; at += stepMs) {
    const r = byBucket.get(at);
    points.push({ at, values: Object.fromEntries(names.map((n) => [n, r ? ((r[n] as number | null) ?? null) : null])) });
  }
  return { ...grid, resolution, points };
}
