"use client";

import { memo } from "react";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { formatCount } from "@/lib/format";
import { StoredSeriesChart } from "./stored-series-chart";

const KEYS = ["numPending", "numAckPending"];
const LINES = [
  { key: "numPending", name: "unprocessed", colour: "--chart-pending" },
  { key: "numAckPending", name: "ack pending", colour: "--chart-ack-pending" },
];

/** A consumer's unprocessed messages and deliveries awaiting an ack (the largest in each point), against max_ack_pending. */
export const ChartConsumerPendingHistory = memo(function ChartConsumerPendingHistory({ state, maxAckPending }: { state: StoredSeriesState; maxAckPending: number | null }) {
  return (
    <StoredSeriesChart
      title="Pending"
      subtitle="unprocessed and awaiting ack"
      testId="chart-consumer-pending-history"
      state={state}
      keys={KEYS}
      lines={LINES}
      yTick={formatCount}
      integer
      valueText={(v) => `${formatCount(v)} messages`}
      limit={maxAckPending !== null && maxAckPending > 0 ? { y: maxAckPending, label: "max_ack_pending" } : null}
    />
  );
});
