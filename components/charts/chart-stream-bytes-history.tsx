"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatBytes } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["bytes"];
const LINES = [{ key: "bytes", name: "bytes", colour: "--chart-bytes" }];

/** Bytes a stream held over the picked period, against max_bytes. */
export const ChartStreamBytesHistory = memo(function ChartStreamBytesHistory({ state, maxBytes }: { state: StoredSeriesState; maxBytes: number | null }) {
  return (
    <StoredSeriesChart
      title="Size"
      subtitle={maxBytes === null ? "bytes stored" : `bytes stored; max_bytes ${formatBytes(maxBytes)}`}
      testId="chart-stream-bytes-history"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={formatBytes}
      valueText={formatBytes}
      limit={maxBytes === null ? null : { y: maxBytes, label: "max_bytes" }}
    />
  );
});
