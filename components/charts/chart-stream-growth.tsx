"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatRate } from "@/lib/format";
import type { StreamSample } from "@/lib/model/types";
import { ChartContainer } from "./chart-container";
import { MIN_POINTS, timeLabel, timeTick } from "./time-axis";

/** Messages stored per second (advance of the stream's last sequence), over the recent window. */
export function ChartStreamGrowth({ samples, empty, notice }: { samples: readonly StreamSample[]; empty?: string | null; notice?: string | null }) {
  const data = samples.map((s) => ({ t: Date.parse(s.at), msgsPerSec: s.msgsPerSec }));
  return (
    <ChartContainer
      title="Growth"
      subtitle="messages stored per second"
      empty={empty ?? (data.length < MIN_POINTS ? "Collecting samples…" : null)}
      notice={notice}
      testId="chart-stream-growth"
    >
      <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick} minTickGap={40} fontSize={11} />
        <YAxis tickFormatter={(v: number) => `${formatCount(v)}/s`} width={56} fontSize={11} />
        <Tooltip labelFormatter={timeLabel} formatter={(v) => formatRate(Number(v))} />
        <Line type="linear" dataKey="msgsPerSec" name="msgs/s" stroke="var(--chart-growth)" dot={false} isAnimationActive={false} strokeWidth={2} connectNulls={false} />
      </LineChart>
    </ChartContainer>
  );
}
