"use client";

import type { RangeState } from "@/components/hooks/use-stored-series";
import { PeriodPicker } from "@/components/ui/period-picker";
import { RANGE_LABELS, RANGE_NAMES } from "@/lib/view/history-range";

/**
 * A titled group of stored charts with the period picker that drives them all: a named range
 * ending now, or a period typed in the browser's local time.
 */
export function HistorySection({ title, range, className = "", children }: { title: string; range: RangeState; className?: string; children: React.ReactNode }) {
  const { choice, setChoice, problem, fallback } = range;
  return (
    <section aria-label={title} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        <PeriodPicker
          label="Time range"
          presets={RANGE_NAMES.map((name) => ({
            key: name,
            label: name,
            title: RANGE_LABELS[name],
            pressed: choice.kind === "range" && choice.range === name,
            select: () => setChoice({ kind: "range", range: name }),
          }))}
          zone="local"
          period={choice.kind === "custom" ? { from: choice.from, to: choice.to } : null}
          customPressed={choice.kind === "custom"}
          onPeriod={(period) => setChoice({ kind: "custom", ...period })}
          problem={problem && `The address asks for a range that cannot be shown (${problem}); showing the ${RANGE_LABELS[fallback]} instead.`}
        />
      </div>
      <div className={className}>{children}</div>
    </section>
  );
}
