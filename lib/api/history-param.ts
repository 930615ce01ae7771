import "server-only";
import type { NextRequest } from "next/server";
import { getConfig } from "../config";
import { getHistory } from "../history/runtime";
import { chartStep, parsePeriod, type Period } from "../history/range";
import { NODE_ROLLUP_MS, type HistoryStore, type SeriesTarget } from "../history/store";
import type { ClusterCollector } from "../hub";
import type { StoredSeries } from "../view/series-chart";
import { ApiError } from "./errors";

/** The history store; a 503 says why there is none. */
export function historyStore(): HistoryStore {
  const history = getHistory();
  if (!history) throw new ApiError("unavailable", "the history store is starting");
  if (!history.store) throw new ApiError("unavailable", history.unavailable ?? "no history store");
  return history.store;
}

/** `range=` or `from=`/`to=` (ISO 8601), or the fallback; a 400 names the bad parameter. */
export function periodParam(req: NextRequest, fallback: Period, now = Date.now()): Period {
  const q = req.nextUrl.searchParams;
  const period = parsePeriod({ range: q.get("range"), from: q.get("from"), to: q.get("to") }, now, fallback);
  if (typeof period === "string") throw new ApiError("bad-request", period);
  return period;
}

export const wantsStoredHistory = (req: NextRequest) => ["range", "from", "to"].some((p) => req.nextUrl.searchParams.has(p));

/**
 * A chart series from the store at a step fitting the period (never finer than what is stored),
 * with what one stored sample stands for and since when the dashboard has recorded the cluster,
 * so a chart can say "raw samples every 2 s" and why it is empty.
 */
export async function seriesResponse(req: NextRequest, collector: ClusterCollector, target: SeriesTarget): Promise<Response> {
  const store = historyStore();
  const now = Date.now();
  const period = periodParam(req, { from: now - 3_600_000, to: now }, now);
  const { pollIntervalMs, history } = getConfig();
  // Latency is stored per minute only; nodes and the cluster every poll, then per minute.
  const nodeLevel = target.kind === "cluster" || target.kind === "node" || target.kind === "latency";
  const finest = target.kind === "latency" ? NODE_ROLLUP_MS : nodeLevel ? pollIntervalMs : history.assetStepMs;
  const cluster = collector.cluster.name;
  const [series, sessions] = await Promise.all([
    store.series(cluster, target, period.from, period.to, chartStep(period.to - period.from, finest)),
    store.sessions(cluster, 0, now),
  ]);
  const body: StoredSeries = {
    ...series,
    sampleMs: series.resolution === "raw" ? finest : nodeLevel ? NODE_ROLLUP_MS : history.assetRollupMs,
    recordedFrom: sessions[0]?.started ?? null,
    rawKept: target.kind !== "latency",
  };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
