"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatCount, formatRate } from "@/lib/format";
import { withRate, type ChartRow } from "@/lib/view/series-chart";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["storedTotal"];
const LINES = [{ key: "storedPerSec", name: "stored", colour: "--chart-growth" }];
const derive = (rows: ChartRow[]) => withRate(rows, "storedTotal", "storedPerSec");

/**
 * Messages a stream stored per second: the advance of its stored total (which survives purges and
 * acks) between neighbouring points; no rate across a gap.
 */
export const ChartStreamStoredHistory = memo(function ChartStreamStoredHistory({ state }: { state: StoredSeriesState }) {
  return (
    <StoredSeriesChart
      title="Growth"
      subtitle="messages stored per second"
      testId="chart-stream-stored-history"
      state={state}
      keys={KEYS}
      lines={LINES}
      derive={derive}
      yTick={(v) => `${formatCount(v)}/s`}
      valueText={(v) => formatRate(v)}
    />
  );
});
