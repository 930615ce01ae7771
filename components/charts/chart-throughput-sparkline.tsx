import type { ThroughputSample } from "@/lib/model/types";
import { SPARKLINE_WINDOW_MS, sparklinePoints, throughputSeries } from "@/lib/view/wall";

const WIDTH = 1000;
const HEIGHT = 200;

/**
 * Messages per second in and out over the last 15 minutes, as two lines without axes (the wall's
 * key number gives the value). Plain SVG: nothing to lay out, nothing animated.
 */
export function ChartThroughputSparkline({ samples }: { samples: ThroughputSample[] }) {
  const series = throughputSeries(samples);
  const toMs = series.in.at(-1)?.t;
  if (toMs === undefined || series.in.length < 2) return <p className="text-[2.4vh] text-zinc-500">collecting samples…</p>;
  const box = { fromMs: toMs - SPARKLINE_WINDOW_MS, toMs, maxValue: Math.max(1, ...series.in.map((p) => p.v), ...series.out.map((p) => p.v)), width: WIDTH, height: HEIGHT };
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="h-full w-full" role="img" aria-label="Throughput over the last 15 minutes">
      <line x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} stroke="var(--wall-grid)" strokeWidth={2} vectorEffect="non-scaling-stroke" />
      <polyline points={sparklinePoints(series.out, box)} fill="none" stroke="var(--wall-out)" strokeWidth={3} vectorEffect="non-scaling-stroke" />
      <polyline points={sparklinePoints(series.in, box)} fill="none" stroke="var(--wall-in)" strokeWidth={4} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
