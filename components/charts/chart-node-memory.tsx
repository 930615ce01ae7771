"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatBytes } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["memBytes"];
const LINES = [{ key: "memBytes", name: "RSS", colour: "--chart-memory" }];

/** A node's resident memory (the largest sample in each point). */
export const ChartNodeMemory = memo(function ChartNodeMemory({ state }: { state: StoredSeriesState }) {
  return <StoredSeriesChart title="Memory" subtitle="resident set size" testId="chart-node-memory" state={state} keys={KEYS} lines={LINES} yTick={formatBytes} valueText={formatBytes} />;
});
