"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatCount, formatRate } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["inMsgsPerSec", "outMsgsPerSec"];
const LINES = [
  { key: "inMsgsPerSec", name: "in", colour: "--chart-in" },
  { key: "outMsgsPerSec", name: "out", colour: "--chart-out" },
];

/** One node's messages per second in and out (all connections, routes included). */
export const ChartNodeThroughput = memo(function ChartNodeThroughput({ state }: { state: StoredSeriesState }) {
  return (
    <StoredSeriesChart
      title="Messages"
      subtitle="msgs/s in and out, all connections incl. routes"
      testId="chart-node-throughput"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={(v) => `${formatCount(v)}/s`}
      valueText={(v) => formatRate(v)}
    />
  );
});
