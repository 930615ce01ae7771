/**
 * A period typed into two datetime-local inputs, in the time zone the picker names on its labels:
 * the browser's local time (chart history) or UTC (the trial report, whose figures are all in
 * UTC). An input has no zone of its own, so the picker must always say which one it means.
 */
import { parsePeriod, type Period } from "../history/range";
import { parseCustomInputs, toLocalInput, utcOffsetLabel } from "./history-range";

export type InputZone = "local" | "utc";

/** The zone as the inputs' labels show it: "UTC", or "local time, UTC+01:00" for the browser's zone at `at`. */
export function zoneLabel(zone: InputZone, at: number): string {
  return zone === "utc" ? "UTC" : `local time, ${utcOffsetLabel(at)}`;
}

/** A time as an input's value in the zone: "2026-11-21T09:05". */
export function toZoneInput(ms: number, zone: InputZone): string {
  return zone === "utc" ? new Date(ms).toISOString().slice(0, 16) : toLocalInput(ms);
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function fromUtcInput(value: string): number | null {
  const m = INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over into March: refuse instead.
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d.getTime() : null;
}

/** The two inputs as a period, or a message saying what to fix (the same words in either zone). */
export function parseZoneInputs(from: string, to: string, zone: InputZone): Period | string {
  if (zone === "local") return parseCustomInputs(from, to);
  if (!from || !to) return "Enter both a start and an end.";
  const start = fromUtcInput(from);
  const end = fromUtcInput(to);
  if (start === null) return "The start is not a valid date and time.";
  if (end === null) return "The end is not a valid date and time.";
  if (start >= end) return "The start must be before the end.";
  const checked = parsePeriod({ from: new Date(start).toISOString(), to: new Date(end).toISOString() }, 0, { from: 0, to: 0 });
  return typeof checked === "string" ? "The period may span at most 400 days." : checked;
}
