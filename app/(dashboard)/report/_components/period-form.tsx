"use client";

import { useRouter } from "next/navigation";
import { Button, buttonClass } from "@/components/ui/button";
import { PeriodPicker } from "@/components/ui/period-picker";
import type { Period } from "@/lib/history/range";

const DAY_MS = 86_400_000;

/**
 * The report's period, in UTC like every time the report shows, with presets, export links and
 * printing. The URL always holds the period itself (`from=ISO&to=ISO`), so a link reproduces the
 * same report.
 */
export function PeriodForm({ cluster, period, trial }: { cluster: string | null; period: Period; trial: { from: string; to: string } | null }) {
  const router = useRouter();
  const query = (p: Period) => {
    const q = new URLSearchParams({ from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() });
    if (cluster) q.set("cluster", cluster);
    return q.toString();
  };
  const go = (p: Period) => router.push(`/report?${query(p)}`);
  const lastDays = (days: number) => go({ from: Date.now() - days * DAY_MS, to: Date.now() });
  const trialPeriod = trial && { from: Date.parse(trial.from), to: Date.parse(trial.to) };
  const current = query(period);
  return (
    <div className="flex flex-wrap items-start gap-2 print:hidden">
      <PeriodPicker
        label="Period presets"
        presets={[
          ...(trialPeriod
            ? [{ key: "trial", label: "Trial period", pressed: trialPeriod.from === period.from && trialPeriod.to === period.to, select: () => go(trialPeriod) }]
            : []),
          { key: "24h", label: "Last 24 h", select: () => lastDays(1) },
          { key: "7d", label: "Last 7 days", select: () => lastDays(7) },
        ]}
        zone="utc"
        period={period}
        custom="open"
        formLabel="Report period"
        submitLabel="Show"
        onPeriod={go}
      />
      <div className="flex gap-2">
        <a className={buttonClass()} href={`/api/v1/report?${current}&format=csv`}>
          CSV
        </a>
        <a className={buttonClass()} href={`/api/v1/report?${current}&format=json`}>
          JSON
        </a>
        <Button onClick={() => window.print()}>Print</Button>
      </div>
    </div>
  );
}
