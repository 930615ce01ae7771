/** Summaries of repeated measurements and the plain-text tables the benchmark prints. */

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: with few repetitions p95 is simply the worst but one (or the worst). */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { n: sorted.length, median, p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1] };
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(2)} MB`;
  if (bytes >= 10_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${Math.round(bytes)} B`;
}

export function formatPercent(percent: number): string {
  return `${percent.toFixed(1)} %`;
}

export type Unit = "ms" | "bytes" | "%";

const FORMATTERS: Record<Unit, (value: number) => string> = { ms: formatMs, bytes: formatBytes, "%": formatPercent };

export function formatValue(value: number, unit: Unit): string {
  return FORMATTERS[unit](value);
}

/** One measured quantity, repeated. */
export interface Row {
  label: string;
  unit: Unit;
  values: number[];
  /** Shown after the count, e.g. "first load 812 ms". */
  note?: string;
  /** Shown instead of the numbers when there are none, e.g. "n/a (page missing)". */
  whenEmpty?: string;
}

export function row(label: string, unit: Unit, values: number[], text: { note?: string; whenEmpty?: string } = {}): Row {
  return { label, unit, values, ...text };
}

/** A left-aligned text table; every column as wide as its widest cell. */
export function textTable(header: string[], cells: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => (line[column] ?? "").length)));
  const render = (line: string[]) => line.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  return [render(header), render(widths.map((width) => "-".repeat(width))), ...cells.map(render)].join("\n");
}

/** The standard table of the benchmark: median, p95, min, max and the number of repetitions. */
export function summaryTable(rows: Row[]): string {
  const cells = rows.map((r) => {
    const s = summarize(r.values);
    if (!s) return [r.label, r.whenEmpty ?? "n/a", "", "", "", ""];
    const f = (value: number) => formatValue(value, r.unit);
    return [r.label, f(s.median), f(s.p95), f(s.min), f(s.max), r.note ? `${s.n}  ${r.note}` : String(s.n)];
  });
  return textTable(["measure", "median", "p95", "min", "max", "n"], cells);
}

/** Median of `values` formatted in `unit`, or "n/a" when there are none. */
export function medianText(values: number[], unit: Unit): string {
  const s = summarize(values);
  return s ? formatValue(s.median, unit) : "n/a";
}

/** "median X (p95 Y)" for the summary block. */
export function medianP95Text(values: number[], unit: Unit): string {
  const s = summarize(values);
  return s ? `${formatValue(s.median, unit)} (p95 ${formatValue(s.p95, unit)})` : "n/a";
}

export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
