"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/lib/format";
import type { StreamSample } from "@/lib/model/types";
import { ChartContainer } from "./chart-container";
import { MIN_POINTS, timeLabel, timeTick } from "./time-axis";

const REPLICA_COLOURS = ["--chart-replica-1", "--chart-replica-2", "--chart-replica-3", "--chart-replica-4", "--chart-replica-5"];

/**
 * Raft operations each follower is behind its stream leader, one line per follower. A sample in
 * which the leader did not report a follower is a gap, not a zero.
 */
export function ChartReplicaLag({
  samples,
  nodes,
  title = "Replica lag",
  empty,
  notice,
}: {
  samples: readonly StreamSample[];
  nodes: readonly string[];
  title?: string;
  empty?: string | null;
  notice?: string | null;
}) {
  const data = samples.map((s) => {
    const point: Record<string, number | null> = { t: Date.parse(s.at) };
    for (const node of nodes) point[node] = s.replicaLag[node] ?? null;
    return point;
  });
  const noFollowers = nodes.length === 0 ? "No followers: the stream has a single replica" : null;
  return (
    <ChartContainer
      title={title}
      subtitle="operations behind the stream leader"
      empty={empty ?? noFollowers ?? (data.length < MIN_POINTS ? "Collecting samples…" : null)}
      notice={notice}
      testId="chart-replica-lag"
    >
      <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick} minTickGap={40} fontSize={11} />
        <YAxis tickFormatter={(v: number) => formatCount(v)} width={56} fontSize={11} allowDecimals={false} />
        <Tooltip labelFormatter={timeLabel} formatter={(v) => `${formatCount(Number(v))} ops behind`} />
        <Legend />
        {nodes.map((node, i) => (
          <Line
            key={node}
            type="stepAfter"
            dataKey={node}
            name={node}
            stroke={`var(${REPLICA_COLOURS[i % REPLICA_COLOURS.length]})`}
            dot={false}
            isAnimationActive={false}
            strokeWidth={2}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </ChartContainer>
  );
}
