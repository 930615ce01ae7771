import type { SnapshotInclude } from "../model/delta";

/** `?include=streams,consumers`: which asset lists a viewer wants (none by default). */
export function parseInclude(value: string | null): SnapshotInclude | { error: string } {
  const parts = (value ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => p !== "streams" && p !== "consumers");
  if (unknown.length) return { error: `unknown include value(s): ${unknown.join(", ")}; use streams, consumers` };
  return { streams: parts.includes("streams"), consumers: parts.includes("consumers") };
}
