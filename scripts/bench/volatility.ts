/**
 * Which fields of the stream and consumer views change from one cycle to the next. A delta to the
 * browser carries every asset with any changed field, so one field that moves on every poll (a
 * "time since" for instance) puts every asset into every delta.
 */
import type { ClusterSnapshot, ConsumerView, StreamView } from "../../lib/model/types";

export interface FieldChurn {
  /** Field path, with array positions folded: "replicas[].activeMs". */
  field: string;
  /** Assets (present in both snapshots) in which it changed. */
  assets: number;
}

export interface Volatility {
  streams: { compared: number; changed: number; fields: FieldChurn[] };
  consumers: { compared: number; changed: number; fields: FieldChurn[] };
}

/** Leaf values by path ("replicas[1].lag" → "0"). */
function flatten(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (Array.isArray(value)) value.forEach((item, index) => flatten(item, `${path}[${index}]`, out));
  else if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out);
  else out.set(path, JSON.stringify(value));
  return out;
}

const foldPositions = (path: string) => path.replace(/\[\d+\]/g, "[]");

function compare<T>(before: T[], after: T[], keyOf: (asset: T) => string) {
  const previous = new Map(before.map((asset) => [keyOf(asset), asset]));
  const churn = new Map<string, number>();
  let compared = 0;
  let changed = 0;
  for (const asset of after) {
    const old = previous.get(keyOf(asset));
    if (!old) continue;
    compared += 1;
    const oldLeaves = flatten(old, "", new Map());
    const newLeaves = flatten(asset, "", new Map());
    const fields = new Set<string>();
    for (const path of new Set([...oldLeaves.keys(), ...newLeaves.keys()])) {
      if (oldLeaves.get(path) !== newLeaves.get(path)) fields.add(foldPositions(path));
    }
    if (fields.size) changed += 1;
    for (const field of fields) churn.set(field, (churn.get(field) ?? 0) + 1);
  }
  const fields = [...churn].map(([field, assets]) => ({ field, assets })).sort((a, b) => b.assets - a.assets);
  return { compared, changed, fields };
}

export function measureVolatility(before: ClusterSnapshot, after: ClusterSnapshot): Volatility {
  return {
    streams: compare<StreamView>(before.streams, after.streams, (s) => `${s.account}\u0000${s.name}`),
    consumers: compare<ConsumerView>(before.consumers, after.consumers, (c) => `${c.account}\u0000${c.stream}\u0000${c.name}`),
  };
}

/** "streams: 1000/1000 changed — replicas[].activeMs 1000, …" */
export function describeVolatility(volatility: Volatility, topFields = 6): string[] {
  const line = (kind: string, v: Volatility["streams"]) =>
    `${kind}: ${v.changed}/${v.compared} changed between two consecutive cycles, no traffic` +
    (v.fields.length ? ` — ${v.fields.slice(0, topFields).map((f) => `${f.field} ${f.assets}`).join(", ")}` : "");
  return [line("streams", volatility.streams), line("consumers", volatility.consumers)];
}
