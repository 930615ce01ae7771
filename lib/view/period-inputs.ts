/**
 * A period typed into two datetime-local inputs, in the time zone the picker names on its labels:
 * the browser's local time (chart history) or UTC (the trial report, whose figures are all in
 * UTC). An input has no zone of its own, so the picker must always say which one it means.
 */
import { parsePeriod, type Period } from "../history/range";

export type InputZone = "local" | "utc";

const pad = (n: number) => String(n).padStart(2, "0");

/** "UTC+01:00" for the browser's zone at `at`. */
export function utcOffsetLabel(at: number): string {
  const minutes = -new Date(at).getTimezoneOffset();
  const sign = minutes < 0 ? "−" : "+";
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The zone as the inputs' labels show it: "UTC", or "local time, UTC+01:00" for the browser's zone at `at`. */
export function zoneLabel(zone: InputZone, at: number): string {
  return zone === "utc" ? "UTC" : `local time, ${utcOffsetLabel(at)}`;
}

/** A time as a datetime-local input's value, in the browser's local time: "2026-11-21T09:05". */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A time as an input's value in the zone: "2026-11-21T09:05". */
export function toZoneInput(ms: number, zone: InputZone): string {
  return zone === "utc" ? new Date(ms).toISOString().slice(0, 16) : toLocalInput(ms);
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function fromZoneInput(value: string, zone: InputZone): number | null {
  const m = INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  if (zone === "utc") {
    const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    // Date.UTC rolls 31 Feb over into March: refuse instead.
    return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d.getTime() : null;
  }
  const d = new Date(year, month - 1, day, hour, minute, second);
  return d.getMonth() === month - 1 && d.getDate() === day ? d.getTime() : null;
}

/** The two inputs as a period, or a message saying what to fix (the same words in either zone). */
export function parseZoneInputs(from: string, to: string, zone: InputZone): Period | string {
  if (!from || !to) return "Enter both a start and an end.";
  const start = fromZoneInput(from, zone);
  const end = fromZoneInput(to, zone);
  if (start === null) return "The start is not a valid date and time.";
  if (end === null) return "The end is not a valid date and time.";
  if (start >= end) return "The start must be before the end.";
  const checked = parsePeriod({ from: new Date(start).toISOString(), to: new Date(end).toISOString() }, 0, { from: 0, to: 0 });
  return typeof checked === "string" ? "The period may span at most 400 days." : checked;
}
