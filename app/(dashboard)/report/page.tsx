import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { readParam } from "@/lib/view/url-state";
import { PeriodForm } from "./_components/period-form";
import { ReportView } from "./_components/report-view";
import { loadReport } from "./load-report";

export const metadata: Metadata = { title: "Report" };
export const dynamic = "force-dynamic";

export default clusterPage(async ({ collector, cluster, requested, query }) => {
  const data = await loadReport(collector, readParam(query, "from") ?? undefined, readParam(query, "to") ?? undefined);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Trial report · {cluster}</h1>
          <p className="text-sm text-slate-500">
            {data.trial
              ? `Configured trial period ${data.trial.from} – ${data.trial.to}.`
              : "No trial period configured (report.trial); the default period is the last 24 hours."}
          </p>
        </div>
        <PeriodForm cluster={requested ? cluster : null} period={data.period} trial={data.trial} />
      </div>
      {data.problem && (
        <p role="alert" className={`rounded border p-3 ${data.problem.kind === "bad-period" ? "border-red-300 bg-red-50 text-red-800" : "border-amber-300 bg-amber-50 text-amber-900"}`}>
          {data.problem.kind === "no-history" ? `No report: ${data.problem.message}.` : data.problem.message}
        </p>
      )}
      {data.report && <ReportView report={data.report} storeError={data.storeError} />}
    </div>
  );
});
