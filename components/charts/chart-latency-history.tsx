"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatLatencyMs } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["p50Ms", "p99Ms"];
const LINES = [
  { key: "p50Ms", name: "p50", colour: "--chart-in" },
  { key: "p99Ms", name: "p99", colour: "--chart-out" },
];

/**
 * A canary latency per minute over the picked period, its p50 and p99 read from each point's
 * merged minutes, with the target drawn across. Failed probes are not in these lines (they are
 * no latency); the page counts them beside the chart.
 */
export const ChartLatencyHistory = memo(function ChartLatencyHistory({
  title,
  subtitle,
  testId,
  state,
  targetMs,
}: {
  title: string;
  subtitle: string;
  testId: string;
  state: StoredSeriesState;
  targetMs: number | null;
}) {
  return (
    <StoredSeriesChart
      title={title}
      subtitle={subtitle}
      testId={testId}
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={formatLatencyMs}
      valueText={formatLatencyMs}
      limit={targetMs === null ? null : { y: targetMs, label: `target ${formatLatencyMs(targetMs)}` }}
      height={240}
    />
  );
});
