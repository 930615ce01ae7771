"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatCount, formatRate } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["inMsgsPerSec", "outMsgsPerSec", "storedMsgsPerSec"];
const LINES = [
  { key: "inMsgsPerSec", name: "in", colour: "--chart-in" },
  { key: "outMsgsPerSec", name: "out", colour: "--chart-out" },
  { key: "storedMsgsPerSec", name: "stored", colour: "--chart-growth" },
];

/**
 * The cluster's messages per second over the picked period: in and out at the servers (summed
 * over nodes, route traffic included) and messages stored in streams (each stream counted once).
 */
export const ChartThroughputHistory = memo(function ChartThroughputHistory({ state }: { state: StoredSeriesState }) {
  return (
    <StoredSeriesChart
      title="Throughput over time"
      subtitle="msgs/s in and out at the servers (incl. routes), and stored in streams"
      testId="chart-throughput-history"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={(v) => `${formatCount(v)}/s`}
      valueText={(v) => formatRate(v)}
      height={260}
    />
  );
});
