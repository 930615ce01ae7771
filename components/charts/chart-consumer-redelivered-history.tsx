"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatCount } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["numRedelivered", "numWaiting"];
const LINES = [
  { key: "numRedelivered", name: "redelivered", colour: "--chart-redelivered" },
  { key: "numWaiting", name: "waiting pulls", colour: "--chart-waiting" },
];

/** Messages redelivered at least once and pull requests waiting, the largest in each point. */
export const ChartConsumerRedeliveredHistory = memo(function ChartConsumerRedeliveredHistory({ state }: { state: StoredSeriesState }) {
  return (
    <StoredSeriesChart
      title="Redelivered and waiting"
      subtitle="redelivered messages, waiting pull requests"
      testId="chart-consumer-redelivered-history"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={formatCount}
      integer
      valueText={formatCount}
    />
  );
});
