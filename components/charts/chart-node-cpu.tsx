"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["cpuPercent"];
const LINES = [{ key: "cpuPercent", name: "CPU", colour: "--chart-cpu" }];
const percent = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} %`;

/** A node's CPU use as nats-server reports it: percent of one core, so above 100 % on several. */
export const ChartNodeCpu = memo(function ChartNodeCpu({ state }: { state: StoredSeriesState }) {
  return <StoredSeriesChart title="CPU" subtitle="percent of one core" testId="chart-node-cpu" state={state} keys={KEYS} lines={LINES} yTick={percent} valueText={percent} />;
});
