"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["up"];
const LINES = [{ key: "up", name: "state", colour: "--chart-up" }];
const upDown = (v: number) => (v >= 1 ? "up" : "down");

/**
 * Whether the node answered: up for a point only when it answered at every poll in it, down when
 * it missed any; a gap is time the dashboard was not recording, not an outage.
 */
export const ChartNodeUp = memo(function ChartNodeUp({ state }: { state: StoredSeriesState }) {
  return (
    <StoredSeriesChart
      title="Up / down"
      subtitle="down if any poll in the point failed; gaps: not recording"
      testId="chart-node-up"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={upDown}
      valueText={upDown}
      yDomain={[0, 1]}
      yTicks={[0, 1]}
      steps
      height={140}
    />
  );
});
