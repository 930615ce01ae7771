import type { SortDir, SortState } from "./url-state";

export type SortValue = string | number | boolean | null;

/** The value a row sorts by, per sortable column. */
export type SortAccessors<Row, K extends string> = Record<K, (row: Row) => SortValue>;

/**
 * Compares one column's values. Unknown values (null: no leader view, no limit, never seen) sort
 * last in both directions, so flipping a column never buries the rows that have figures.
 */
export function compareValues(a: SortValue, b: SortValue, dir: SortDir): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  let order: number;
  if (typeof a === "string" && typeof b === "string") order = a.localeCompare(b, "en", { numeric: true });
  else order = Number(a) - Number(b);
  return dir === "asc" ? order : -order;
}

/** A sorted copy; `tiebreak` keeps rows with equal values in a stable, meaningful order. */
export function sortRows<Row, K extends string>(
  rows: readonly Row[],
  accessors: SortAccessors<Row, K>,
  sort: SortState<K>,
  tiebreak: (a: Row, b: Row) => number,
): Row[] {
  const valueOf = accessors[sort.key];
  // Each value is computed once, not once per comparison: some are ratios or parsed timestamps.
  const keyed = rows.map((row) => ({ row, value: valueOf(row) }));
  keyed.sort((a, b) => compareValues(a.value, b.value, sort.dir) || tiebreak(a.row, b.row));
  return keyed.map((k) => k.row);
}

/** Case-insensitive match of a free-text search against some of a row's texts; "" matches all. */
export function matchesSearch(query: string, texts: readonly (string | null | undefined)[]): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return texts.some((t) => t?.toLowerCase().includes(needle));
}
