import type { SnapshotInclude } from "../model/delta";

const VALUES = ["streams", "consumers", "trouble"];

/** `?include=streams,consumers` or `?include=trouble`: which asset lists a viewer wants (none by default). */
export function parseInclude(value: string | null): SnapshotInclude | { error: string } {
  const parts = (value ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !VALUES.includes(p));
  if (unknown.length) return { error: `unknown include value(s): ${unknown.join(", ")}; use streams, consumers or trouble` };
  const trouble = parts.includes("trouble");
  if (trouble && parts.length > 1) return { error: "include=trouble cannot be combined with streams or consumers" };
  return { streams: parts.includes("streams"), consumers: parts.includes("consumers"), trouble };
}
