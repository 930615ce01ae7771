/**
 * The range picker's state: a named range ending now (`?range=6h`) or a custom period
 * (`?from=ISO&to=ISO`), read from and written to the page URL, and the custom period typed into
 * two datetime-local inputs (the browser's local time). Pure, for server and client alike.
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

const pad = (n: number) => String(n).padStart(2, "0");

/** A time as a datetime-local input's value, in the browser's local time: "2026-11-21T09:05". */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function fromLocalInput(value: string): number | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const d = new Date(year, month - 1, day, hour, minute, second);
  // new Date rolls 31 Feb over into March: refuse instead.
  return d.getMonth() === month - 1 && d.getDate() === day ? d.getTime() : null;
}

/** The two inputs of the custom range as a period, or a message saying what to fix. */
export function parseCustomInputs(from: string, to: string): Period | string {
  if (!from || !to) return "Enter both a start and an end.";
  const start = fromLocalInput(from);
  const end = fromLocalInput(to);
  if (start === null) return "The start is not a valid date and time.";
  if (end === null) return "The end is not a valid date and time.";
  if (start >= end) return "The start must be before the end.";
  const checked = parsePeriod({ from: new Date(start).toISOString(), to: new Date(end).toISOString() }, 0, { from: 0, to: 0 });
  return typeof checked === "string" ? "The period may span at most 400 days." : checked;
}

/** "UTC+01:00" for the browser's zone at `at`, to label the custom inputs. */
export function utcOffsetLabel(at: number): string {
  const minutes = -new Date(at).getTimezoneOffset();
  const sign = minutes < 0 ? "−" : "+";
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}
