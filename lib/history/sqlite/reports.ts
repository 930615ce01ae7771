/**
 * Reading the record of a period for the trial report and the pages: runs, outages, events, alert
 * transitions, message counts, peaks, stored messages per stream, the worst consumers and storage.
 * Each figure reads raw samples where they reach back and rollups before them.
 */
import type { ClusterEvent } from "../../model/types";
import { alignDown, nodeStorageOf, rawSplit as splitOf, storedPrecisionMs, streamAdvance, worstOf, worstPlan } from "../figures";
import { alertTransitionOf, eventOf, maxOf, outageOf, type Row } from "../rows";
import type { ConsumerWorst, CounterTotals, NodeStorage, Outage, PeakRates, Session, StoredAlertTransition, StoredCount, StreamAdvance } from "../store";
import type { StoreContext } from "./context";
import { assetWatermark, minuteWatermark } from "./maintain";

export function sessions(s: StoreContext, cluster: string, from: number, to: number): Session[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.sessionsBetween.all(id, from, to) as Row[]).map((r) => ({ started: r.started as number, last: r.last as number, pollIntervalMs: r.poll_ms as number }));
}

export function outages(s: StoreContext, cluster: string, from: number, to: number): Outage[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.outagesBetween.all(id, to, from) as Row[]).map(outageOf);
}

export function events(s: StoreContext, cluster: string, from: number, to: number, kinds?: readonly string[]): ClusterEvent[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.eventsBetween.all({ cluster: id, from, to, kinds: kinds?.length ? JSON.stringify(kinds) : null }) as Row[]).map(eventOf);
}

export function alertTransitions(s: StoreContext, cluster: string, from: number, to: number): StoredAlertTransition[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.alertTransitionsBetween.all(id, from, to) as Row[]).map((r) => ({ ...alertTransitionOf(r), atMs: r.at as number }));
}

/** Where raw node and cluster samples start, i.e. where the per-minute rollups must take over. */
function rawSplit(s: StoreContext, clusterId: number, from: number, to: number): { minutesFrom: number; split: number } {
  const oldest = s.sql.oldestClusterSample.get(clusterId) as { t: number | null };
  return splitOf(oldest.t, minuteWatermark(s), from, to);
}

export function counterTotals(s: StoreContext, cluster: string, from: number, to: number): CounterTotals {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return { inMsgs: 0, outMsgs: 0, inBytes: 0, outBytes: 0 };
  const { minutesFrom, split } = rawSplit(s, id, from, to);
  const raw = s.sql.countersRaw.get(id, from, split, to) as Record<string, number>;
  const rolled = s.sql.countersRolled.get(id, minutesFrom, split) as Record<string, number>;
  return { inMsgs: raw.a + rolled.a, outMsgs: raw.b + rolled.b, inBytes: raw.c + rolled.c, outBytes: raw.d + rolled.d };
}

export function peakRates(s: StoreContext, cluster: string, from: number, to: number): PeakRates {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return { storedMsgsPerSec: null, inMsgsPerSec: null };
  const { minutesFrom, split } = rawSplit(s, id, from, to);
  const raw = s.sql.peaksRaw.get(id, from, split, to) as { s: number | null; i: number | null };
  const rolled = s.sql.peaksRolled.get(id, minutesFrom, split) as { s: number | null; i: number | null };
  return { storedMsgsPerSec: maxOf(raw.s, rolled.s), inMsgsPerSec: maxOf(raw.i, rolled.i) };
}

export function storedMessages(s: StoreContext, cluster: string, from: number, to: number): StoredCount {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return { messages: 0, precisionMs: 0 };
  const { minutesFrom, split } = rawSplit(s, id, from, to);
  const raw = s.sql.storedRaw.get(id, from, split, to) as { n: number };
  const rolled = s.sql.storedRolled.get(id, minutesFrom, split) as { n: number };
  const pollMs = Math.max(0, ...sessions(s, cluster, from, to).map((r) => r.pollIntervalMs));
  return { messages: raw.n + rolled.n, precisionMs: storedPrecisionMs(split, from, pollMs) };
}

/** Every stream's raw sample from the newest stored asset poll at or before `t`. */
export function streamsAt(s: StoreContext, clusterId: number, t: number): Map<number, { last_seq: number; stored_total: number }> {
  const cycle = s.sql.latestStreamCycle.get(clusterId, Number.isFinite(t) ? t : Number.MAX_SAFE_INTEGER) as { at: number } | undefined;
  if (!cycle) return new Map();
  const rows = s.sql.streamCycle.all(cycle.at, clusterId) as { stream_id: number; last_seq: number; stored_total: number }[];
  return new Map(rows.map((r) => [r.stream_id, r]));
}

/** The stored total of a stream as of `t`: its sample in the newest stored poll at or before it, else the newest rollup that ended by then. */
function storedAt(s: StoreContext, raw: Map<number, { stored_total: number }>, streamId: number, t: number): number | null {
  const sample = raw.get(streamId);
  if (sample) return sample.stored_total;
  const rolled = s.sql.storedAtRollup.get(streamId, s.options.assetRollupMs, t) as { stored_total: number } | undefined;
  return rolled?.stored_total ?? null;
}

export function streamAdvances(s: StoreContext, cluster: string, from: number, to: number): StreamAdvance[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  const out: StreamAdvance[] = [];
  const atEnd = streamsAt(s, id, to);
  const atStart = streamsAt(s, id, from);
  for (const row of s.sql.streamsOfCluster.all(id) as Row[]) {
    const streamId = row.id as number;
    const firstSeen = () =>
      (
        (s.sql.storedFirstRaw.get(streamId, from, to) ?? s.sql.storedFirstRollup.get(streamId, alignDown(from, s.options.assetRollupMs), to)) as
          | { stored_total: number }
          | undefined
      )?.stored_total ?? null;
    const end = storedAt(s, atEnd, streamId, to);
    const start = end === null ? null : storedAt(s, atStart, streamId, from);
    const created = row.created as number | null;
    const stored = streamAdvance({ end, start, created, firstSeen: end !== null && start === null && !(created !== null && created >= from) ? firstSeen() : null }, from);
    if (stored !== null) out.push({ account: row.account as string, name: row.name as string, stored });
  }
  return out;
}

export function worstConsumers(s: StoreContext, cluster: string, from: number, to: number, limit: number): ConsumerWorst[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  const size = s.options.assetRollupMs;
  const { rawOnly, rawFrom } = worstPlan(from, to, size, assetWatermark(s));
  const statement = rawOnly ? s.sql.worstConsumers.raw : s.sql.worstConsumers.withRollups;
  return worstOf(statement.all({ rawFrom, to, size, from, cluster: id }) as Parameters<typeof worstOf>[0], limit);
}

export function nodeStorage(s: StoreContext, cluster: string, from: number, to: number): NodeStorage[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  const { minutesFrom, split } = rawSplit(s, id, from, to);
  return nodeStorageOf(s.sql.nodeStorage.all({ cluster: id, from, to, split, mfrom: minutesFrom }) as Row[]);
}
