import { LatencyVerdict } from "@/components/status/latency-verdict";
import { formatExact, formatLatencyMs } from "@/lib/format";
import type { LatencyFigures } from "@/lib/model/types";
import { verdict } from "@/lib/view/latency";

/** One latency of the last 5 minutes against its target: the judged p99 large, the rest beside it. */
export function LatencyNow({ title, what, figures, targetMs, testId }: { title: string; what: string; figures: LatencyFigures; targetMs: number; testId: string }) {
  const failed = figures.timeouts + figures.errors;
  return (
    <section aria-label={title} data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="flex items-center justify-between gap-2 font-semibold">
        {title} <LatencyVerdict verdict={verdict(figures, targetMs)} />
      </h2>
      <p className="mt-2 text-3xl font-semibold tabular-nums" data-testid={`${testId}-p99`}>
        {figures.p99AttemptsMs === null && figures.count + failed > 0 ? "failing" : formatLatencyMs(figures.p99AttemptsMs)}
        <span className="ml-2 text-base font-normal text-slate-500">p99 · target ≤ {formatLatencyMs(targetMs)}</span>
      </p>
      <p className="mt-1 text-sm text-slate-600 tabular-nums">
        p50 {formatLatencyMs(figures.p50Ms)} · p90 {formatLatencyMs(figures.p90Ms)} · max {formatLatencyMs(figures.maxMs)} · {formatExact(figures.count)} {what}
        {failed > 0 && (
          <span className="text-crit-ink">
            {" "}
            · {formatExact(figures.timeouts)} timed out, {formatExact(figures.errors)} failed
          </span>
        )}
      </p>
    </section>
  );
}
