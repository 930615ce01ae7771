import "server-only";
import { getConfig } from "@/lib/config";
import { buildReport, reportJudging, type TrialReport } from "@/lib/history/report";
import { defaultReportPeriod, parsePeriod, type Period } from "@/lib/history/range";
import { getHistory } from "@/lib/history/runtime";
import { storeUnavailableMessage, storeUnreachable } from "@/lib/history/unreachable";
import type { ClusterCollector } from "@/lib/hub";

export interface ReportPageData {
  period: Period;
  trial: { from: string; to: string } | null;
  report: TrialReport | null;
  /** Why there is no report: a bad period, no history store, or one that cannot be reached now. */
  problem: { kind: "bad-period" | "no-history" | "store-unavailable"; message: string } | null;
  storeError: string | null;
}

/** The report for the page's `from`/`to` (default: the trial period, else the last 24 h), computed at request time. */
export async function loadReport(collector: ClusterCollector, from: string | undefined, to: string | undefined, now = Date.now()): Promise<ReportPageData> {
  const config = getConfig();
  const trial = config.report.trial;
  const fallback = defaultReportPeriod(trial, now);
  const period = parsePeriod({ from, to }, now, fallback);
  if (typeof period === "string") return { period: fallback, trial, report: null, problem: { kind: "bad-period", message: period }, storeError: null };
  const history = getHistory();
  const cluster = collector.cluster.name;
  if (!history?.store)
    return { period, trial, report: null, problem: { kind: "no-history", message: history?.unavailable ?? "the history store is starting" }, storeError: null };
  let report: TrialReport;
  try {
    report = await buildReport(history.store, cluster, period, reportJudging(config.report.targets, collector.cluster.canary), now);
  } catch (err) {
    const unreachable = storeUnreachable(err);
    if (!unreachable) throw err;
    return { period, trial, report: null, problem: { kind: "store-unavailable", message: `No report: ${storeUnavailableMessage(unreachable)}.` }, storeError: null };
  }
  return { period, trial, report, problem: null, storeError: history.recorders.get(cluster)?.lastError ?? null };
}
