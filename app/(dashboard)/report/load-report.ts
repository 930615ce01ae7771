import "server-only";
import { getConfig } from "@/lib/config";
import { buildReport, reportJudging, type TrialReport } from "@/lib/history/report";
import { defaultReportPeriod, parsePeriod, type Period } from "@/lib/history/range";
import { getHistory } from "@/lib/history/runtime";
import type { ClusterCollector } from "@/lib/hub";

export interface ReportPageData {
  period: Period;
  trial: { from: string; to: string } | null;
  report: TrialReport | null;
  /** Why there is no report: a bad period, or no history store. */
  problem: { kind: "bad-period" | "no-history"; message: string } | null;
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
  return {
    period,
    trial,
    report: await buildReport(history.store, cluster, period, reportJudging(config.report.targets, collector.cluster.canary), now),
    problem: null,
    storeError: history.recorders.get(cluster)?.lastError ?? null,
  };
}
