"use client";

import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type DotItemDotProps } from "recharts";
import type { StoredSeriesState } from "@/components/hooks/use-stored-series";
import { Button } from "@/components/ui/button";
import { emptySeriesText, isolatedPoints, rawSinceRecording, pointTime, resolutionText, seriesRows, summarize, timeAxis, type ChartRow } from "@/lib/view/series-chart";
import { ChartContainer } from "./chart-container";

export interface SeriesLine {
  key: string;
  name: string;
  /** A CSS variable from globals.css, e.g. "--chart-in". */
  colour: string;
}

export interface StoredSeriesChartProps {
  title: string;
  subtitle?: string;
  testId: string;
  state: StoredSeriesState;
  /** The series' values to read; `derive` may add more (a rate from a total) for the lines to draw. */
  keys: readonly string[];
  lines: readonly SeriesLine[];
  derive?: (rows: ChartRow[]) => ChartRow[];
  /** Y tick labels, with the unit. */
  yTick: (v: number) => string;
  /** A value in the tooltip and the summary, with the unit. */
  valueText: (v: number) => string;
  yDomain?: [number, number];
  yTicks?: number[];
  /** Draw values as steps (states such as up/down) instead of lines between points. */
  steps?: boolean;
  /** Whole numbers only (message counts): no fractional ticks. */
  integer?: boolean;
  limit?: { y: number; label: string } | null;
  height?: number;
}

function IsolatedDot({ lone, colour, ...p }: DotItemDotProps & { lone: Set<number>; colour: string }) {
  if (!lone.has(p.index) || p.cx === undefined || p.cy === undefined) return null;
  return <circle cx={p.cx} cy={p.cy} r={3} fill={`var(${colour})`} />;
}

/**
 * A chart of one stored series over the picked period: the x axis spans the whole period, a
 * bucket without data is a gap in the line (a lone point between gaps gets a dot), and the
 * footer says what a point is and how many have data.
 */
export function StoredSeriesChart({ title, subtitle, testId, state, keys, lines, derive, yTick, valueText, yDomain, yTicks, steps, integer, limit, height }: StoredSeriesChartProps) {
  const { series } = state;
  const rows = useMemo(() => {
    if (!series) return [];
    const base = seriesRows(series, keys);
    return derive ? derive(base) : base;
  }, [series, keys, derive]);
  const lineKeys = lines.map((l) => l.key);
  const summary = summarize(rows, lineKeys);
  const axis = useMemo(() => (series ? timeAxis(series.from, series.to) : null), [series]);
  const lone = new Map(lineKeys.map((k) => [k, isolatedPoints(rows, k)]));

  const rawFrom = series && rawSinceRecording(series);
  const nothing =
    series && summary.withData === 0 ? (
      <div className="space-y-2">
        <p>{emptySeriesText(series)}</p>
        {rawFrom && (
          <Button size="sm" className="font-medium" onClick={() => state.showFrom(rawFrom)}>
            Show the raw samples from {pointTime(rawFrom)}
          </Button>
        )}
      </div>
    ) : null;
  const latestLine = summary.latest ? lines.find((l) => summary.latest![l.key] !== null && summary.latest![l.key] !== undefined) : undefined;

  return (
    <ChartContainer
      title={title}
      subtitle={subtitle}
      height={height}
      empty={state.empty ?? nothing}
      notice={state.notice}
      testId={testId}
      footer={
        series && (
          <>
            <p data-testid="series-resolution">{resolutionText(series)}</p>
            <p data-testid="series-summary" data-points={summary.withData}>
              {summary.withData} of {summary.total} points with data
              {summary.latest &&
                latestLine &&
                ` · latest ${lines.length > 1 ? `${latestLine.name}: ` : ""}${valueText(summary.latest[latestLine.key] as number)} at ${pointTime(summary.latest.t)}`}
            </p>
          </>
        )
      }
    >
      <LineChart data={rows} margin={{ top: 5, right: 24, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={series ? [series.from, series.to] : ["dataMin", "dataMax"]}
          ticks={axis?.ticks}
          tickFormatter={axis?.tick}
          interval={0}
          fontSize={11}
        />
        <YAxis tickFormatter={yTick} width={64} fontSize={11} domain={yDomain} ticks={yTicks} allowDecimals={!steps && !integer} />
        <Tooltip labelFormatter={(t) => pointTime(Number(t))} formatter={(v) => (v === null || v === undefined ? "no data" : valueText(Number(v)))} />
        {lines.length > 1 && <Legend />}
        {limit && <ReferenceLine y={limit.y} stroke="var(--chart-limit)" strokeDasharray="4 4" label={{ value: limit.label, fontSize: 10, position: "insideTopRight" }} />}
        {lines.map((line) => (
          <Line
            key={line.key}
            type={steps ? "stepAfter" : "linear"}
            dataKey={line.key}
            name={line.name}
            stroke={`var(${line.colour})`}
            strokeWidth={2}
            dot={(p: DotItemDotProps) => <IsolatedDot key={`${line.key}-${p.index}`} {...p} lone={lone.get(line.key) ?? new Set()} colour={line.colour} />}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </ChartContainer>
  );
}
