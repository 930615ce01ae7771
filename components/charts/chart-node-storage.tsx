"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatBytes } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["storageBytes"];
const LINES = [{ key: "storageBytes", name: "used", colour: "--chart-storage" }];

/** JetStream file storage a node uses, against its limit (max_file_store, or 75 % of the disk free at start). */
export const ChartNodeStorage = memo(function ChartNodeStorage({ state, limitBytes }: { state: StoredSeriesState; limitBytes: number | null }) {
  return (
    <StoredSeriesChart
      title="JetStream storage"
      subtitle={limitBytes ? `bytes used; limit ${formatBytes(limitBytes)}` : "bytes used"}
      testId="chart-node-storage"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={formatBytes}
      valueText={formatBytes}
      limit={limitBytes ? { y: limitBytes, label: "limit" } : null}
    />
  );
});
