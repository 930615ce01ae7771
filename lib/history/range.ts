/**
 * Time ranges for charts and the report: the named ranges of the range picker, custom periods
 * from ISO times, and a chart step that gives a few hundred points at most. Shared by routes and
 * client components, so no server imports here.
 */

export const RANGES = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type RangeName = keyof typeof RANGES;

export const isRangeName = (value: string | null | undefined): value is RangeName => value !== null && value !== undefined && Object.hasOwn(RANGES, value);

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);
const MAX_POINTS = 360;
const MAX_PERIOD_MS = 400 * 86_400_000;

/** The smallest step from the nice list that keeps the chart under MAX_POINTS and is not finer than the data. */
export function chartStep(periodMs: number, finestMs: number): number {
  const wanted = Math.max(finestMs, periodMs / MAX_POINTS);
  return NICE_STEPS.find((s) => s >= wanted) ?? NICE_STEPS[NICE_STEPS.length - 1];
}

export type Period = { from: number; to: number };

/**
 * `range=1h` (ending now), or `from` and `to` as ISO 8601 times; `fallback` when none is given.
 * Returns a message naming the bad parameter instead of throwing.
 */
export function parsePeriod(params: { range?: string | null; from?: string | null; to?: string | null }, now: number, fallback: Period): Period | string {
  if (params.range) {
    if (!isRangeName(params.range)) return `range: "${params.range}" must be one of ${Object.keys(RANGES).join(", ")}`;
    return { from: now - RANGES[params.range], to: now };
  }
  if (!params.from && !params.to) return fallback;
  const parse = (name: string, value: string | null | undefined) => {
    if (!value) return `${name}: missing (give both from and to, ISO 8601 such as 2026-11-01T00:00:00Z)`;
    const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
    return Number.isFinite(ms) ? ms : `${name}: "${value}" is not an ISO 8601 time such as 2026-11-01T00:00:00Z`;
  };
  const from = parse("from", params.from);
  const to = parse("to", params.to);
  if (typeof from === "string") return from;
  if (typeof to === "string") return to;
  if (from >= to) return "from: must be before to";
  if (to - from > MAX_PERIOD_MS) return "from: the period may span at most 400 days";
  return { from, to };
}

/** The configured trial period, else the last 24 hours. */
export function defaultReportPeriod(trial: { from: string; to: string } | null, now: number): Period {
  return trial ? { from: Date.parse(trial.from), to: Date.parse(trial.to) } : { from: now - 24 * 3_600_000, to: now };
}
