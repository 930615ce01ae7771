import "server-only";
import type { NextRequest } from "next/server";
import { getConfig } from "../config";
import { getHistory } from "../history/runtime";
import { chartStep, parsePeriod, type Period } from "../history/range";
import type { HistoryStore, SeriesTarget } from "../history/store";
import type { ClusterCollector } from "../hub";
import { apiError } from "./errors";

/** The history store, or a 503 saying why there is none. */
export function historyStore(): HistoryStore | Response {
  const history = getHistory();
  if (!history) return apiError("unavailable", "the history store is starting");
  if (!history.store) return apiError("unavailable", history.unavailable ?? "no history store");
  return history.store;
}

/** `range=` or `from=`/`to=` (ISO 8601), or the fallback; a 400 naming the bad parameter. */
export function periodParam(req: NextRequest, fallback: Period, now = Date.now()): Period | Response {
  const q = req.nextUrl.searchParams;
  const period = parsePeriod({ range: q.get("range"), from: q.get("from"), to: q.get("to") }, now, fallback);
  return typeof period === "string" ? apiError("bad-request", period) : period;
}

export const wantsStoredHistory = (req: NextRequest) => ["range", "from", "to"].some((p) => req.nextUrl.searchParams.has(p));

/** A chart series from the store at a step fitting the period (never finer than what is stored). */
export function seriesResponse(req: NextRequest, collector: ClusterCollector, target: SeriesTarget): Response {
  const store = historyStore();
  if (store instanceof Response) return store;
  const period = periodParam(req, { from: Date.now() - 3_600_000, to: Date.now() });
  if (period instanceof Response) return period;
  const config = getConfig();
  const finest = target.kind === "cluster" || target.kind === "node" ? config.pollIntervalMs : config.history.assetStepMs;
  const series = store.series(collector.cluster.name, target, period.from, period.to, chartStep(period.to - period.from, finest));
  return Response.json(series, { headers: { "cache-control": "no-store" } });
}
