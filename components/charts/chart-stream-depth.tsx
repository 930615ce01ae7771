"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/lib/format";
import type { StreamSample } from "@/lib/model/types";
import { ChartContainer } from "./chart-container";
import { MIN_POINTS, timeLabel, timeTick } from "./time-axis";

/** Messages stored in a stream over the recent window, against its max_msgs limit when it has one. */
export function ChartStreamDepth({
  samples,
  maxMsgs,
  empty,
  notice,
}: {
  samples: readonly StreamSample[];
  maxMsgs: number | null;
  empty?: string | null;
  notice?: string | null;
}) {
  const data = samples.map((s) => ({ t: Date.parse(s.at), messages: s.messages }));
  return (
    <ChartContainer
      title="Depth"
      subtitle={maxMsgs === null ? "messages stored" : `messages stored; max_msgs ${formatCount(maxMsgs)}`}
      empty={empty ?? (data.length < MIN_POINTS ? "Collecting samples…" : null)}
      notice={notice}
      testId="chart-stream-depth"
    >
      <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick} minTickGap={40} fontSize={11} />
        <YAxis tickFormatter={(v: number) => formatCount(v)} width={56} fontSize={11} allowDecimals={false} />
        <Tooltip labelFormatter={timeLabel} formatter={(v) => `${formatCount(Number(v))} messages`} />
        {maxMsgs !== null && <ReferenceLine y={maxMsgs} stroke="var(--chart-limit)" strokeDasharray="4 4" label={{ value: "max_msgs", fontSize: 10, position: "insideTopRight" }} />}
        <Line type="linear" dataKey="messages" name="messages" stroke="var(--chart-depth)" dot={false} isAnimationActive={false} strokeWidth={2} connectNulls={false} />
      </LineChart>
    </ChartContainer>
  );
}
