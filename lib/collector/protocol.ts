/**
 * Messages between a collector and its worker thread. Everything crosses by structured clone; the
 * system account's raw reply bytes are transferred, not copied. A cycle's streams and consumers
 * cross only when they changed: cloning 4000 unchanged assets every poll would cost the main
 * thread more than the worker saves it. A worker answers with changes only against the cycle the
 * collector says it holds (`assetsOf`), so a restarted worker simply sends everything again.
 */
import { headOf, type SerializedAssets } from "../model/delta";
import type { ConsumerView, MergedSnapshot, StreamView } from "../model/types";
import type { CycleRequest, CycleResult } from "./cycle";

export type ToWorker = { type: "cycle"; id: number; request: CycleRequest; assetsOf: number | null };

/** A list of assets in snapshot order; `null` where the asset is the same as in the base cycle. */
export interface PackedList<T> {
  keys: string[];
  changed: (T | null)[];
  json: (string | null)[];
}

export interface PackedResult extends Omit<CycleResult, "snapshot" | "assets"> {
  /** The snapshot without its asset lists. */
  head: Omit<MergedSnapshot, "streams" | "consumers">;
  /** The cycle whose assets the `null` entries refer to; null when every asset is sent. */
  base: number | null;
  streams: PackedList<StreamView>;
  consumers: PackedList<ConsumerView>;
}

export type FromWorker =
  | { type: "result"; id: number; result: PackedResult }
  | { type: "needs-configs"; id: number }
  | { type: "failed"; id: number; message: string };

/** What the collector keeps of the last cycle it unpacked, to resolve the next one's `null` entries. */
export interface HeldAssets {
  id: number;
  streams: Map<string, StreamView>;
  consumers: Map<string, ConsumerView>;
  assets: SerializedAssets;
}

function packList<T>(items: T[], json: Map<string, string>, base: Map<string, string> | null): PackedList<T> {
  const keys = [...json.keys()];
  const changed: (T | null)[] = [];
  const texts: (string | null)[] = [];
  keys.forEach((key, i) => {
    const text = json.get(key) as string;
    const same = base !== null && base.get(key) === text;
    changed.push(same ? null : items[i]);
    texts.push(same ? null : text);
  });
  return { keys, changed, json: texts };
}

/** `assets` must be `serializeAssets(result.snapshot)` (same order); `base` the assets of cycle `baseId`. */
export function packResult(result: CycleResult, base: { id: number; assets: SerializedAssets } | null): PackedResult {
  const { snapshot, assets } = result;
  return {
    findings: result.findings,
    evaluatedAt: result.evaluatedAt,
    busyMs: result.busyMs,
    stepsMs: result.stepsMs,
    configsDueAt: result.configsDueAt,
    heapBytes: result.heapBytes,
    head: headOf(snapshot),
    base: base?.id ?? null,
    streams: packList(snapshot.streams, assets.streams, base?.assets.streams ?? null),
    consumers: packList(snapshot.consumers, assets.consumers, base?.assets.consumers ?? null),
  };
}

function unpackList<T>(list: PackedList<T>, items: Map<string, T> | null, texts: Map<string, string> | null, what: string) {
  const out: T[] = [];
  const byKey = new Map<string, T>();
  const json = new Map<string, string>();
  list.keys.forEach((key, i) => {
    const item = list.changed[i] ?? items?.get(key);
    const text = list.json[i] ?? texts?.get(key);
    if (item === undefined || text === undefined) throw new Error(`collector worker: ${what} ${JSON.stringify(key)} is said unchanged but was not held`);
    out.push(item);
    byKey.set(key, item);
    json.set(key, text);
  });
  return { out, byKey, json };
}

/** The full result again, and what to hold for the next one. Throws if `held` is not the result's base. */
export function unpackResult(id: number, packed: PackedResult, held: HeldAssets | null): { result: CycleResult; held: HeldAssets } {
  if (packed.base !== null && packed.base !== held?.id) throw new Error(`collector worker: changes against cycle ${packed.base}, but cycle ${held?.id ?? "none"} is held`);
  const base = packed.base === null ? null : held;
  const streams = unpackList(packed.streams, base?.streams ?? null, base?.assets.streams ?? null, "stream");
  const consumers = unpackList(packed.consumers, base?.consumers ?? null, base?.assets.consumers ?? null, "consumer");
  const assets: SerializedAssets = { streams: streams.json, consumers: consumers.json };
  const snapshot: MergedSnapshot = { ...packed.head, streams: streams.out, consumers: consumers.out };
  return {
    result: {
      snapshot,
      assets,
      findings: packed.findings,
      evaluatedAt: packed.evaluatedAt,
      busyMs: packed.busyMs,
      stepsMs: packed.stepsMs,
      configsDueAt: packed.configsDueAt,
      heapBytes: packed.heapBytes,
    },
    held: { id, streams: streams.byKey, consumers: consumers.byKey, assets },
  };
}

/** The buffers a cycle request may hand over instead of copying. */
export function transferables(request: CycleRequest): ArrayBuffer[] {
  const raw = request.system?.raw;
  if (!raw?.ok) return [];
  const buffers = new Set<ArrayBuffer>();
  for (const reply of [...raw.varz, ...raw.jsz, ...raw.healthz, ...raw.connz]) {
    const buffer = reply.data.buffer;
    // Only a buffer the reply owns whole: a view into a shared one would detach its neighbours.
    if (buffer instanceof ArrayBuffer && reply.data.byteOffset === 0 && reply.data.byteLength === buffer.byteLength) buffers.add(buffer);
  }
  return [...buffers];
}

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
