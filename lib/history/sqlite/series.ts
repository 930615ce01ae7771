/** Chart series: raw samples where they reach back far enough, rollups otherwise, on a fixed grid. */
import { alignDown, gridPoints, MINUTE, rawAnswers } from "../figures";
import type { Row } from "../rows";
import type { Series, SeriesTarget } from "../store";
import type { StoreContext } from "./context";
import { latencySeries } from "./latency";
import { SERIES_NAMES, type SeriesKind } from "../sql";

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

function rawAnswersFor(s: StoreContext, clusterId: number, kind: SeriesKind, id: number, from: number, to: number): boolean {
  const statements = s.sql.series[kind];
  const oldest = (statements.oldestRaw.get(id) as { t: number | null }).t;
  const firstRun = (s.sql.sessionFirst.get(clusterId) as { t: number | null }).t;
  const asset = kind === "stream" || kind === "consumer";
  return rawAnswers(oldest, firstRun, asset, asset && statements.anyRollup.get(id) !== undefined, from, to);
}

export function series(s: StoreContext, cluster: string, target: SeriesTarget, from: number, to: number, requestedStepMs: number): Series {
  const clusterId = s.ids.existingCluster(cluster);
  if (target.kind === "latency") return latencySeries(s, clusterId, target.series, from, to, requestedStepMs);
  const id = clusterId === null ? null : targetId(s, clusterId, target);
  const resolution = clusterId !== null && id !== null && rawAnswersFor(s, clusterId, target.kind, id, from, to) ? "raw" : "rollup";
  // Rollups cannot be drawn finer than their buckets.
  const rollupMs = target.kind === "cluster" || target.kind === "node" ? MINUTE : s.options.assetRollupMs;
  const stepMs = id !== null && resolution === "rollup" ? Math.max(requestedStepMs, rollupMs) : requestedStepMs;
  const grid = { from: alignDown(from, stepMs), to, stepMs };
  if (id === null) return { ...grid, resolution: "raw", points: [] };
  const rows = s.sql.series[target.kind][resolution].all({ id, step: stepMs, from: grid.from, to }) as Row[];
  return { ...grid, resolution, points: gridPoints(grid, SERIES_NAMES[target.kind], rows) };
}
