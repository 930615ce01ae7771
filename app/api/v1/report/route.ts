import { apiError } from "@/lib/api/errors";
import { historyStore, periodParam } from "@/lib/api/history-param";
import { withAuth } from "@/lib/api/with-auth";
import { getConfig } from "@/lib/config";
import { buildReport, reportCsv, reportJudging } from "@/lib/history/report";
import { defaultReportPeriod } from "@/lib/history/range";

export const dynamic = "force-dynamic";

/** The trial-run report for `from=`/`to=` (ISO 8601; default: the configured trial, else the last 24 h) as `format=json` or `csv`. */
export const GET = withAuth(async (req, { collector }) => {
  const format = req.nextUrl.searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return apiError("bad-request", `format: "${format}" must be json or csv`);
  const store = historyStore();
  const config = getConfig();
  const period = periodParam(req, defaultReportPeriod(config.report.trial, Date.now()));
  const report = await buildReport(store, collector.cluster.name, period, reportJudging(config.report.targets, collector.cluster.canary));
  if (format === "json") return Response.json(report, { headers: { "cache-control": "no-store" } });
  const name = `jetstream-watch-report-${collector.cluster.name}-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.csv`;
  return new Response(reportCsv(report), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}, { cluster: true });
