/**
 * Reading and writing the list pages' URL state (sort, filters, search). Pure: the server page
 * hands in its `searchParams` record, the client its `URLSearchParams`, and both read the same.
 */

export type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

export type SortDir = "asc" | "desc";

export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

/** The first value of a query parameter, or null when absent or empty. */
export function readParam(source: ParamSource, name: string): string | null {
  const raw = source instanceof URLSearchParams ? source.get(name) : source[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === null || value === "" ? null : value;
}

/** `sort=<key>&dir=asc|desc`; an unknown key falls back, a missing dir takes the key's natural one. */
export function readSort<K extends string>(
  source: ParamSource,
  keys: readonly K[],
  fallback: SortState<K>,
  naturalDir: (key: K) => SortDir = () => "asc",
): SortState<K> {
  const key = readParam(source, "sort");
  if (key === null || !(keys as readonly string[]).includes(key)) return fallback;
  const dir = readParam(source, "dir");
  return { key: key as K, dir: dir === "asc" || dir === "desc" ? dir : naturalDir(key as K) };
}

/** Clicking a column header: the same column flips, another column starts in its natural direction. */
export function nextSort<K extends string>(current: SortState<K>, key: K, naturalDir: SortDir): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: naturalDir };
}

export function sortParams<K extends string>(sort: SortState<K>, fallback: SortState<K>): Record<string, string | null> {
  const isDefault = sort.key === fallback.key && sort.dir === fallback.dir;
  return isDefault ? { sort: null, dir: null } : { sort: sort.key, dir: sort.dir };
}

/**
 * The query string after applying `changes` to `current`: null (or "") removes a parameter, and
 * every other parameter (e.g. `cluster`) is kept. Returns "" or "?a=b".
 */
export function withParams(current: URLSearchParams | string, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === "") next.delete(name);
    else next.set(name, value);
  }
  const query = next.toString();
  return query ? `?${query}` : "";
}

/** `?cluster=NAME` for links between pages, so a chosen cluster survives navigation. */
export function clusterQuery(cluster: string | null | undefined): string {
  return cluster ? `?${new URLSearchParams({ cluster }).toString()}` : "";
}
