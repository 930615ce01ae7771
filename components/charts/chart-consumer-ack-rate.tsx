"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatRate } from "@/lib/format";
import type { ConsumerSample } from "@/lib/model/types";
import { ChartContainer } from "./chart-container";
import { MIN_POINTS, timeLabel, timeTick } from "./time-axis";

/** Deliveries acknowledged per second (advance of the ack floor), over the recent window. */
export function ChartConsumerAckRate({ samples, empty, notice }: { samples: readonly ConsumerSample[]; empty?: string | null; notice?: string | null }) {
  const data = samples.map((s) => ({ t: Date.parse(s.at), ackPerSec: s.ackPerSec }));
  return (
    <ChartContainer
      title="Ack rate"
      subtitle="deliveries acknowledged per second"
      empty={empty ?? (data.length < MIN_POINTS ? "Collecting samples…" : null)}
      notice={notice}
      testId="chart-consumer-ack-rate"
    >
      <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick} minTickGap={40} fontSize={11} />
        <YAxis tickFormatter={(v: number) => `${formatCount(v)}/s`} width={56} fontSize={11} />
        <Tooltip labelFormatter={timeLabel} formatter={(v) => formatRate(Number(v), "acks")} />
        <Line type="linear" dataKey="ackPerSec" name="acks/s" stroke="var(--chart-ack-rate)" dot={false} isAnimationActive={false} strokeWidth={2} connectNulls={false} />
      </LineChart>
    </ChartContainer>
  );
}
