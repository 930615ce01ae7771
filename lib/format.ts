/** Display formatting shared by server and client components. Pure functions, no server imports. */

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

// One formatter for every count: toLocaleString builds a new one per call, which dominates big tables.
const NUMBER = new Intl.NumberFormat("en-US");

/** A number with thousands separators and up to three decimals: "12,345", "2.5". */
export function formatExact(n: number): string {
  return NUMBER.format(n);
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (Math.abs(n) < 10_000) return Number.isInteger(n) ? NUMBER.format(n) : n.toFixed(1);
  const units = [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const;
  for (const [size, suffix] of units) if (Math.abs(n) >= size) return `${(n / size).toFixed(n / size >= 100 ? 0 : 1)}${suffix}`;
  return String(n);
}

export function formatRate(perSec: number | null | undefined, unit = "msgs"): string {
  if (perSec === null || perSec === undefined) return "—";
  return `${formatCount(perSec < 10 ? Math.round(perSec * 10) / 10 : Math.round(perSec))} ${unit}/s`;
}

export function formatBytesRate(perSec: number | null | undefined): string {
  if (perSec === null || perSec === undefined) return "—";
  return `${formatBytes(perSec)}/s`;
}

/** "3 s", "4 min", "2 h 5 min", "3 d 4 h" */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60 ? `${s % 60} s` : ""}`.trim();
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60 ? `${m % 60} min` : ""}`.trim();
  const d = Math.floor(h / 24);
  return `${d} d ${h % 24 ? `${h % 24} h` : ""}`.trim();
}

export function formatPercent(part: number | null | undefined, whole: number | null | undefined): string {
  if (part === null || part === undefined || !whole) return "—";
  const pct = (part / whole) * 100;
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`;
}

// toLocaleTimeString's own defaults, built once: it builds a new formatter per call, and chart axes call this per tick.
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "numeric", second: "numeric", hour12: false });

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return TIME.format(new Date(iso));
}

/** "2026-11-21 03:00:05 UTC": the same text on the server and in every browser, whatever their time zones. */
export function formatUtcDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * One CSV line (RFC 4180, CRLF-terminated) that opens as-is in a spreadsheet. Text is quoted when it
 * holds a comma, quote or line break; text starting with = + - @ or a tab is prefixed with ' so a
 * spreadsheet shows it rather than running it as a formula (a user name typed at the login is
 * text anyone can choose). Numbers are written as they are, negative ones included.
 */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  const text = /^[=+\-@\t\r]/.test(String(value)) ? `'${String(value)}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
