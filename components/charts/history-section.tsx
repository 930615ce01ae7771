"use client";

import type { RangeState } from "@/components/hooks/use-stored-series";
import { RangePicker } from "@/components/ui/range-picker";

/** A titled group of stored charts with the range picker that drives them all. */
export function HistorySection({ title, range, className = "", children }: { title: string; range: RangeState; className?: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        <RangePicker choice={range.choice} problem={range.problem} fallback={range.fallback} onChange={range.setChoice} />
      </div>
      <div className={className}>{children}</div>
    </section>
  );
}
