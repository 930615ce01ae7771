/**
 * Compact per-cycle updates for browsers. A cluster with 1000 streams and 3000 consumers makes a
 * snapshot of megabytes; per cycle only the small head (nodes, meta, status, throughput) and the
 * assets that changed are sent. A client applies a delta only on top of the exact snapshot it was
 * computed from (`baseSeq`), otherwise it asks for a fresh snapshot.
 */
import { compareConsumers, compareStreams, consumerKey, streamKey } from "./assets";
import type { ClusterSnapshot, ConsumerView, StreamView } from "./types";

export type SnapshotHead = Omit<ClusterSnapshot, "streams" | "consumers">;

export interface AssetChanges<T> {
  upsert: T[];
  remove: string[];
}

export interface SnapshotDelta {
  baseSeq: number;
  head: SnapshotHead;
  streams: AssetChanges<StreamView>;
  consumers: AssetChanges<ConsumerView>;
}

/** Which asset lists a viewer wants; the overview needs neither. */
export interface SnapshotInclude {
  streams: boolean;
  consumers: boolean;
  /**
   * Only the streams and consumers in trouble (the wall display): a full, small snapshot every
   * cycle instead of deltas, since an asset leaving the trouble list would need a removal the
   * cycle's delta does not know about.
   */
  trouble?: boolean;
}

/** Serialized form of every asset of the previous cycle, so each cycle serializes each asset once. */
export interface SerializedAssets {
  streams: Map<string, string>;
  consumers: Map<string, string>;
}

export function serializeAssets(snapshot: Pick<ClusterSnapshot, "streams" | "consumers">): SerializedAssets {
  return {
    streams: new Map(snapshot.streams.map((s) => [streamKey(s), JSON.stringify(s)])),
    consumers: new Map(snapshot.consumers.map((c) => [consumerKey(c), JSON.stringify(c)])),
  };
}

function changes<T>(items: T[], keyOf: (item: T) => string, previous: Map<string, string>, current: Map<string, string>): AssetChanges<T> {
  const upsert = items.filter((item) => {
    const key = keyOf(item);
    return previous.get(key) !== current.get(key);
  });
  const remove = [...previous.keys()].filter((key) => !current.has(key));
  return { upsert, remove };
}

/** A snapshot (merged or published) without its asset lists. */
export function headOf<S extends Pick<ClusterSnapshot, "streams" | "consumers">>(snapshot: S): Omit<S, "streams" | "consumers"> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { streams, consumers, ...head } = snapshot;
  return head;
}

/** The delta from `previous` to `next`, given both cycles' serialized assets. */
export function diffSnapshots(
  previous: ClusterSnapshot,
  previousAssets: SerializedAssets,
  next: ClusterSnapshot,
  nextAssets: SerializedAssets,
): SnapshotDelta {
  return {
    baseSeq: previous.seq,
    head: headOf(next),
    streams: changes(next.streams, streamKey, previousAssets.streams, nextAssets.streams),
    consumers: changes(next.consumers, consumerKey, previousAssets.consumers, nextAssets.consumers),
  };
}

/** A view of a delta for one viewer: asset lists it did not ask for are left out. */
export function restrictDelta(delta: SnapshotDelta, include: SnapshotInclude): SnapshotDelta {
  const none = { upsert: [], remove: [] };
  return {
    ...delta,
    streams: include.streams ? delta.streams : none,
    consumers: include.consumers ? delta.consumers : none,
  };
}

/**
 * `JSON.stringify(restrictSnapshot(snapshot, include))` (with the lists last), made from the
 * assets' JSON of this cycle instead of serializing megabytes again for each new viewer.
 */
export function snapshotJson(snapshot: ClusterSnapshot, assets: SerializedAssets, include: SnapshotInclude): string {
  const head = JSON.stringify(headOf(snapshot));
  const list = (wanted: boolean, json: Map<string, string>) => (wanted ? [...json.values()].join(",") : "");
  return `${head.slice(0, -1)},"streams":[${list(include.streams, assets.streams)}],"consumers":[${list(include.consumers, assets.consumers)}]}`;
}

export function restrictSnapshot(snapshot: ClusterSnapshot, include: SnapshotInclude): ClusterSnapshot {
  return {
    ...snapshot,
    streams: include.streams ? snapshot.streams : [],
    consumers: include.consumers ? snapshot.consumers : [],
  };
}

function applyChanges<T>(items: T[], keyOf: (item: T) => string, change: AssetChanges<T>, compare: (a: T, b: T) => number): T[] {
  if (change.upsert.length === 0 && change.remove.length === 0) return items;
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  for (const key of change.remove) byKey.delete(key);
  for (const item of change.upsert) byKey.set(keyOf(item), item);
  return [...byKey.values()].sort(compare);
}

/** The next snapshot, or null when the delta was not computed from `base` (the caller then resynchronises). */
export function applyDelta(base: ClusterSnapshot, delta: SnapshotDelta): ClusterSnapshot | null {
  if (base.seq !== delta.baseSeq) return null;
  return {
    ...delta.head,
    streams: applyChanges(base.streams, streamKey, delta.streams, compareStreams),
    consumers: applyChanges(base.consumers, consumerKey, delta.consumers, compareConsumers),
  };
}
