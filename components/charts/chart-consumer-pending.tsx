"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/lib/format";
import type { ConsumerSample } from "@/lib/model/types";
import { ChartContainer } from "./chart-container";
import { MIN_POINTS, timeLabel, timeTick } from "./time-axis";

/**
 * Unprocessed messages (num_pending) and deliveries awaiting an ack (num_ack_pending). At
 * max_ack_pending the server stops delivering, so that limit is drawn.
 */
export function ChartConsumerPending({
  samples,
  maxAckPending,
  empty,
  notice,
}: {
  samples: readonly ConsumerSample[];
  maxAckPending: number | null;
  empty?: string | null;
  notice?: string | null;
}) {
  const data = samples.map((s) => ({ t: Date.parse(s.at), numPending: s.numPending, numAckPending: s.numAckPending }));
  return (
    <ChartContainer
      title="Pending"
      subtitle="unprocessed and awaiting ack"
      empty={empty ?? (data.length < MIN_POINTS ? "Collecting samples…" : null)}
      notice={notice}
      testId="chart-consumer-pending"
    >
      <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick} minTickGap={40} fontSize={11} />
        <YAxis tickFormatter={(v: number) => formatCount(v)} width={56} fontSize={11} allowDecimals={false} />
        <Tooltip labelFormatter={timeLabel} formatter={(v) => formatCount(Number(v))} />
        <Legend />
        {maxAckPending !== null && maxAckPending > 0 && (
          <ReferenceLine y={maxAckPending} stroke="var(--chart-limit)" strokeDasharray="4 4" label={{ value: "max_ack_pending", fontSize: 10, position: "insideTopRight" }} />
        )}
        <Line type="linear" dataKey="numPending" name="unprocessed" stroke="var(--chart-pending)" dot={false} isAnimationActive={false} strokeWidth={2} connectNulls={false} />
        <Line type="linear" dataKey="numAckPending" name="ack pending" stroke="var(--chart-ack-pending)" dot={false} isAnimationActive={false} strokeWidth={2} connectNulls={false} />
      </LineChart>
    </ChartContainer>
  );
}
