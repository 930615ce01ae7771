/**
 * Compact per-cycle updates for browsers. A cluster with 1000 streams and 3000 consumers makes a
 * snapshot of megabytes; per cycle only the small head (nodes, meta, status, throughput) and the
 * assets that changed are sent: new ones whole, known ones as the fields that changed (a consumer
 * that delivered a message changes a few sequences and times, not its name, config or replicas).
 * A client applies a delta only on top of the exact snapshot it was computed from (`baseSeq`),
 * otherwise it asks for a fresh snapshot.
 */
import { compareConsumers, compareStreams, consumerKey, streamKey } from "./assets";
import type { ClusterSnapshot, ConsumerView, StreamView } from "./types";

export type SnapshotHead = Omit<ClusterSnapshot, "streams" | "consumers">;

/** The fields of an asset the base snapshot holds (by its key, as in `remove`) whose values changed, with their new values. */
export interface AssetPatch {
  key: string;
  set: Record<string, unknown>;
}

export interface AssetChanges<T> {
  /** Assets the base does not hold (or whose fields changed shape), whole. */
  upsert: T[];
  patch: AssetPatch[];
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

/**
 * Whether two plain JSON values (an asset's view) serialize alike. Never true when their JSON
 * differs; may say "differ" for values whose JSON is the same (a key set to undefined against a
 * missing key), which only costs a serialization.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (!sameKeys(x, y)) return false;
  for (const key in x) if (!sameJson(x[key], y[key])) return false;
  return true;
}

/** Whether two objects have the same own keys; for…in over views of one shape uses V8's enum cache, so no key arrays are allocated per asset. */
function sameKeys(x: object, y: object): boolean {
  let keys = 0;
  for (const key in x) {
    keys++;
    if (!Object.hasOwn(y, key)) return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const key in y) keys--;
  return keys === 0;
}

type Held<T> = ReadonlyMap<string, { view: T; json: string }>;

function reuseList<T>(items: T[], keyOf: (item: T) => string, previous: Held<T> | undefined): { json: Map<string, string>; held: Held<T> } {
  const json = new Map<string, string>();
  const held = new Map<string, { view: T; json: string }>();
  for (let i = 0; i < items.length; i++) {
    const key = keyOf(items[i]);
    const before = previous?.get(key);
    if (before && sameJson(before.view, items[i])) {
      items[i] = before.view;
      json.set(key, before.json);
      held.set(key, before);
    } else {
      const text = JSON.stringify(items[i]);
      json.set(key, text);
      held.set(key, { view: items[i], json: text });
    }
  }
  return { json, held };
}

/** The previous cycle's asset views with their JSON, by key, for `serializeAssetsSince`. */
export interface HeldViews {
  streams: Held<StreamView>;
  consumers: Held<ConsumerView>;
}

/**
 * `serializeAssets`, reusing the previous cycle's JSON of every asset whose view did not change (in
 * a quiet cluster, nearly all of them): comparing costs a fraction of serializing. An unchanged
 * view in `snapshot` is replaced by the previous cycle's object, so unchanged assets keep one
 * identity from cycle to cycle and the fresh copies die young.
 */
export function serializeAssetsSince(
  snapshot: Pick<ClusterSnapshot, "streams" | "consumers">,
  previous: HeldViews | null,
): { assets: SerializedAssets; held: HeldViews } {
  const streams = reuseList(snapshot.streams, streamKey, previous?.streams);
  const consumers = reuseList(snapshot.consumers, consumerKey, previous?.consumers);
  return { assets: { streams: streams.json, consumers: consumers.json }, held: { streams: streams.held, consumers: consumers.held } };
}

/** The changed top-level fields of `after` against `before`; null when their field sets differ. */
function changedFields(before: object, after: object): Record<string, unknown> | null {
  if (!sameKeys(before, after)) return null;
  const x = before as Record<string, unknown>;
  const y = after as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  for (const key in y) if (!sameJson(x[key], y[key])) set[key] = y[key];
  return set;
}

function changes<T extends object>(
  base: T[],
  items: T[],
  keyOf: (item: T) => string,
  previous: Map<string, string>,
  current: Map<string, string>,
): AssetChanges<T> {
  const upsert: T[] = [];
  const patch: AssetPatch[] = [];
  let baseByKey: Map<string, T> | null = null;
  for (const item of items) {
    const key = keyOf(item);
    const before = previous.get(key);
    if (before === current.get(key)) continue;
    baseByKey ??= new Map(base.map((b) => [keyOf(b), b]));
    const held = before === undefined ? undefined : baseByKey.get(key);
    const set = held === undefined ? null : changedFields(held, item);
    if (set) patch.push({ key, set });
    else upsert.push(item);
  }
  const remove = [...previous.keys()].filter((key) => !current.has(key));
  return { upsert, patch, remove };
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
    streams: changes(previous.streams, next.streams, streamKey, previousAssets.streams, nextAssets.streams),
    consumers: changes(previous.consumers, next.consumers, consumerKey, previousAssets.consumers, nextAssets.consumers),
  };
}

/** A view of a delta for one viewer: asset lists it did not ask for are left out. */
export function restrictDelta(delta: SnapshotDelta, include: SnapshotInclude): SnapshotDelta {
  const none = { upsert: [], patch: [], remove: [] };
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

/**
 * `JSON.stringify(restrictDelta(delta, include))`, made from the changed assets' JSON of this
 * cycle (`assets`, the cycle the delta leads to) instead of serializing them a second time.
 */
export function deltaJson(delta: SnapshotDelta, assets: SerializedAssets, include: SnapshotInclude): string {
  const list = <T>(wanted: boolean, change: AssetChanges<T>, keyOf: (item: T) => string, json: Map<string, string>) =>
    wanted
      ? `{"upsert":[${change.upsert.map((item) => json.get(keyOf(item)) ?? JSON.stringify(item)).join(",")}],` +
        `"patch":${JSON.stringify(change.patch)},"remove":${JSON.stringify(change.remove)}}`
      : `{"upsert":[],"patch":[],"remove":[]}`;
  return (
    `{"baseSeq":${JSON.stringify(delta.baseSeq)},"head":${JSON.stringify(delta.head)},` +
    `"streams":${list(include.streams, delta.streams, streamKey, assets.streams)},` +
    `"consumers":${list(include.consumers, delta.consumers, consumerKey, assets.consumers)}}`
  );
}

export function restrictSnapshot(snapshot: ClusterSnapshot, include: SnapshotInclude): ClusterSnapshot {
  return {
    ...snapshot,
    streams: include.streams ? snapshot.streams : [],
    consumers: include.consumers ? snapshot.consumers : [],
  };
}

/** The base's list with the changes applied; null when a patch names an asset the base does not hold. */
function applyChanges<T>(items: T[], keyOf: (item: T) => string, change: AssetChanges<T>, compare: (a: T, b: T) => number): T[] | null {
  const patches = change.patch;
  if (change.upsert.length === 0 && change.remove.length === 0 && patches.length === 0) return items;
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  for (const { key, set } of patches) {
    const held = byKey.get(key);
    if (held === undefined) return null;
    byKey.set(key, { ...held, ...set });
  }
  for (const key of change.remove) byKey.delete(key);
  for (const item of change.upsert) byKey.set(keyOf(item), item);
  // A patch keeps an asset's key, and with it its place.
  const list = [...byKey.values()];
  return change.upsert.length === 0 && change.remove.length === 0 ? list : list.sort(compare);
}

/** The next snapshot, or null when the delta was not computed from `base` (the caller then resynchronises). */
export function applyDelta(base: ClusterSnapshot, delta: SnapshotDelta): ClusterSnapshot | null {
  if (base.seq !== delta.baseSeq) return null;
  const streams = applyChanges(base.streams, streamKey, delta.streams, compareStreams);
  const consumers = applyChanges(base.consumers, consumerKey, delta.consumers, compareConsumers);
  if (streams === null || consumers === null) return null;
  return { ...delta.head, streams, consumers };
}
