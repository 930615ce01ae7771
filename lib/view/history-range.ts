/**
 * The range picker's state: a named range ending now (`?range=6h`) or a custom period
 * (`?from=ISO&to=ISO`), read from and written to the page URL. The custom period's inputs are
 * read by period-inputs.ts. Pure, for server and client alike.
 */
import { isRangeName, parsePeriod, RANGES, type Period, type RangeName } from "../history/range";
import type { SeriesTarget } from "../history/store";
import { readParam, type ParamSource } from "./url-state";

export type RangeChoice = { kind: "range"; range: RangeName } | { kind: "custom"; from: number; to: number };

export const RANGE_LABELS: Record<RangeName, string> = {
  "15m": "last 15 minutes",
  "1h": "last hour",
  "6h": "last 6 hours",
  "24h": "last 24 hours",
  "7d": "last 7 days",
  "30d": "last 30 days",
};

export const RANGE_NAMES = Object.keys(RANGES) as RangeName[];

/**
 * The choice in the URL, or `fallback` with the reason when the URL names a bad one (the page
 * then shows the fallback and says why, instead of an error page).
 */
export function readRangeChoice(source: ParamSource, fallback: RangeName): { choice: RangeChoice; problem: string | null } {
  const range = readParam(source, "range");
  const from = readParam(source, "from");
  const to = readParam(source, "to");
  const standard = { choice: { kind: "range", range: fallback } as RangeChoice, problem: null };
  if (range === null && from === null && to === null) return standard;
  if (range !== null && isRangeName(range)) return { choice: { kind: "range", range }, problem: null };
  const period = parsePeriod({ range, from, to }, 0, { from: 0, to: 0 });
  if (typeof period === "string") return { ...standard, problem: period };
  return { choice: { kind: "custom", from: period.from, to: period.to }, problem: null };
}

/** The URL parameters that hold a choice; the other two are removed. */
export function rangeChoiceParams(choice: RangeChoice): Record<"range" | "from" | "to", string | null> {
  if (choice.kind === "range") return { range: choice.range, from: null, to: null };
  return { range: null, from: new Date(choice.from).toISOString(), to: new Date(choice.to).toISOString() };
}

/** The query of `/api/v1/history/*` for a choice: a named range lets the server say what "now" is. */
export function rangeChoiceQuery(choice: RangeChoice): Record<string, string> {
  const params = rangeChoiceParams(choice);
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
}

/** `/api/v1/history/<kind>?cluster=…&<target>&<period>`: the stored series of one target. */
export function storedSeriesUrl(cluster: string, target: SeriesTarget, choice: RangeChoice): string {
  const { kind, ...names } = target;
  return `/api/v1/history/${kind}?${new URLSearchParams({ cluster, ...names, ...rangeChoiceQuery(choice) }).toString()}`;
}

export function choicePeriod(choice: RangeChoice, now: number): Period {
  return choice.kind === "range" ? { from: now - RANGES[choice.range], to: now } : { from: choice.from, to: choice.to };
}

/** A chart of a period that has not ended keeps refreshing; one wholly in the past never changes. */
export function choiceIsLive(choice: RangeChoice, now: number): boolean {
  return choice.kind === "range" || choice.to > now;
}

/** Refresh a live chart once per step, but no more often than every 30 s. */
export function refreshPeriodMs(stepMs: number | null | undefined): number {
  return Math.max(stepMs ?? 0, 30_000);
}
