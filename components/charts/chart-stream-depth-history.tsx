"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatCount } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["messages"];
const LINES = [{ key: "messages", name: "messages", colour: "--chart-depth" }];

/** Messages a stream held over the picked period (the largest sample in each point), against max_msgs. */
export const ChartStreamDepthHistory = memo(function ChartStreamDepthHistory({ state, maxMsgs }: { state: StoredSeriesState; maxMsgs: number | null }) {
  return (
    <StoredSeriesChart
      title="Depth"
      subtitle={maxMsgs === null ? "messages stored" : `messages stored; max_msgs ${formatCount(maxMsgs)}`}
      testId="chart-stream-depth-history"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={formatCount}
      integer
      valueText={(v) => `${formatCount(v)} messages`}
      limit={maxMsgs === null ? null : { y: maxMsgs, label: "max_msgs" }}
    />
  );
});
