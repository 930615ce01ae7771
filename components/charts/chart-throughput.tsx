"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatTime } from "@/lib/format";
import type { ThroughputSample } from "@/lib/model/types";
import { ChartContainer } from "./chart-container";

/** Messages per second in and out over the recent window, summed over nodes. */
export function ChartThroughput({ samples }: { samples: ThroughputSample[] }) {
  const basis = samples.at(-1)?.basis;
  const data = samples.map((s) => ({ t: Date.parse(s.at), in: s.inMsgsPerSec, out: s.outMsgsPerSec }));
  return (
    <ChartContainer
      title="Throughput"
      subtitle={
        basis === "clients"
          ? "client messages/s, summed over nodes"
          : "messages/s summed over nodes (these servers count route traffic too)"
      }
      empty={data.length < 2 ? "Collecting samples…" : null}
    >
      <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatTime(new Date(t).toISOString())} minTickGap={40} fontSize={11} />
        <YAxis tickFormatter={(v: number) => `${formatCount(v)}/s`} width={64} fontSize={11} />
        <Tooltip labelFormatter={(t) => formatTime(new Date(Number(t)).toISOString())} formatter={(v) => `${formatCount(Number(v))} msgs/s`} />
        <Legend />
        <Line type="monotone" dataKey="in" name="in" stroke="var(--chart-in)" dot={false} isAnimationActive={false} strokeWidth={2} />
        <Line type="monotone" dataKey="out" name="out" stroke="var(--chart-out)" dot={false} isAnimationActive={false} strokeWidth={2} />
      </LineChart>
    </ChartContainer>
  );
}
