/**
 * Reading the record of a period for the trial report and the pages: runs, outages, events, alert
 * transitions, message counts, peaks, stored messages per stream, the worst consumers and storage.
 * Each figure reads raw samples where they reach back and rollups before them.
 */
import type { AlertTransition } from "../../alerts/engine";
import { consumerKey } from "../../model/assets";
import type { ClusterEvent } from "../../model/types";
import type { ConsumerWorst, CounterTotals, NodeStorage, Outage, PeakRates, Session, StoredAlertTransition, StreamAdvance } from "../store";
import { alignDown, alignUp, MINUTE, type Row, type StoreContext } from "./context";
import { assetWatermark, minuteWatermark } from "./maintain";

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function sessions(s: StoreContext, cluster: string, from: number, to: number): Session[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.sessionsBetween.all(id, from, to) as Row[]).map((r) => ({ started: r.started as number, last: r.last as number, pollIntervalMs: r.poll_ms as number }));
}

export function outages(s: StoreContext, cluster: string, from: number, to: number): Outage[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.outagesBetween.all(id, to, from) as Row[]).map((r) => ({
    scope: r.scope as Outage["scope"],
    node: (r.node as string | null) ?? null,
    start: r.start as number,
    end: (r.end as number | null) ?? null,
    endObserved: r.end_observed === 1,
    reason: (r.reason as string | null) ?? "",
  }));
}

export function events(s: StoreContext, cluster: string, from: number, to: number, kinds?: readonly string[]): ClusterEvent[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  const rows = s.sql.eventsBetween.all({ cluster: id, from, to, kinds: kinds?.length ? JSON.stringify(kinds) : null }) as Row[];
  return rows.map((r) => ({
    id: `h${r.id}`,
    at: new Date(r.at as number).toISOString(),
    kind: r.kind as ClusterEvent["kind"],
    source: r.source as ClusterEvent["source"],
    account: r.account as string | null,
    stream: r.stream as string | null,
    consumer: r.consumer as string | null,
    server: r.server as string | null,
    fromLeader: r.from_leader as string | null,
    toLeader: r.to_leader as string | null,
    leaderlessSince: r.leaderless_since as string | null,
    leaderlessMs: r.leaderless_ms as number | null,
    detail: (r.detail as string | null) ?? "",
  }));
}

/** An alert_transitions row as the engine's transition. */
export function alertTransitionOf(r: Row): AlertTransition {
  return {
    at: new Date(r.at as number).toISOString(),
    id: r.alert_id as string,
    rule: r.rule as StoredAlertTransition["rule"],
    severity: r.severity as StoredAlertTransition["severity"],
    subjectLabel: r.subject as string,
    from: (r.from_state as StoredAlertTransition["from"]) ?? null,
    to: r.to_state as StoredAlertTransition["to"],
    message: (r.message as string | null) ?? "",
  };
}

export function alertTransitions(s: StoreContext, cluster: string, from: number, to: number): StoredAlertTransition[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (s.sql.alertTransitionsBetween.all(id, from, to) as Row[]).map((r) => ({ ...alertTransitionOf(r), atMs: r.at as number }));
}

/** Where raw node and cluster samples start, i.e. where the per-minute rollups must take over. */
function rawSplit(s: StoreContext, clusterId: number, from: number, to: number): { minutesFrom: number; split: number } {
  const oldest = s.sql.oldestClusterSample.get(clusterId) as { t: number | null };
  // Raw samples wherever they reach back to; before them, the per-minute rollups (which exist up to
  // the watermark: raw rows are pruned only after their minute was rolled up).
  const firstWholeMinute = oldest.t === null ? null : alignUp(oldest.t, MINUTE);
  const rolledUp = minuteWatermark(s);
  const useMinutes = firstWholeMinute !== null && oldest.t! > from && rolledUp !== null && rolledUp >= firstWholeMinute;
  const split = useMinutes ? Math.min(to, firstWholeMinute) : oldest.t === null && rolledUp !== null ? Math.min(to, rolledUp) : from;
  return { minutesFrom: alignUp(from, MINUTE), split };
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
    const end = storedAt(s, atEnd, streamId, to);
    if (end === null) continue;
    let start = storedAt(s, atStart, streamId, from);
    if (start === null) {
      // First seen inside the period: created in it, everything it holds was stored in it; otherwise
      // only what the dashboard saw arrive counts.
      const created = row.created as number | null;
      if (created !== null && created >= from) start = 0;
      else {
        const first = (s.sql.storedFirstRaw.get(streamId, from, to) ?? s.sql.storedFirstRollup.get(streamId, alignDown(from, s.options.assetRollupMs), to)) as
          | { stored_total: number }
          | undefined;
        start = first?.stored_total ?? end;
      }
    }
    out.push({ account: row.account as string, name: row.name as string, stored: Math.max(0, end - start) });
  }
  return out;
}

export function worstConsumers(s: StoreContext, cluster: string, from: number, to: number, limit: number): ConsumerWorst[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  const size = s.options.assetRollupMs;
  const watermark = assetWatermark(s) ?? -Infinity;
  // Short periods read raw samples; long ones read rollups (at their bucket's resolution) plus the
  // raw samples that are not rolled up yet.
  const rawOnly = to - from <= 2 * size || watermark <= from;
  const rawFrom = rawOnly ? from : Math.max(from, watermark);
  const statement = rawOnly ? s.sql.worstConsumers.raw : s.sql.worstConsumers.withRollups;
  const all = statement.all({ rawFrom, to, size, from, cluster: id }) as Row[];
  const top = (key: "p" | "r", other: "p" | "r") =>
    [...all].sort((a, b) => ((b[key] as number) ?? 0) - ((a[key] as number) ?? 0) || ((b[other] as number) ?? 0) - ((a[other] as number) ?? 0)).slice(0, limit);
  const seen = new Map<string, ConsumerWorst>();
  for (const r of [...top("p", "r"), ...top("r", "p")]) {
    const worst = { account: r.account as string, stream: r.stream as string, name: r.name as string };
    const key = consumerKey(worst);
    if (!seen.has(key))
      seen.set(key, { ...worst, maxPending: (r.p as number | null) ?? 0, maxRedelivered: (r.r as number | null) ?? 0, maxAckPending: (r.a as number | null) ?? 0 });
  }
  return [...seen.values()];
}

export function nodeStorage(s: StoreContext, cluster: string, from: number, to: number): NodeStorage[] {
  const id = s.ids.existingCluster(cluster);
  if (id === null) return [];
  const { minutesFrom, split } = rawSplit(s, id, from, to);
  const rows = s.sql.nodeStorage.all({ cluster: id, from, to, split, mfrom: minutesFrom }) as Row[];
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return rows
    .map((r) => ({
      node: r.name as string,
      first: num(r.first_min) ?? num(r.first_raw),
      last: num(r.last_raw) ?? num(r.last_min),
      peak: maxOf(num(r.peak_raw), num(r.peak_min)),
      limit: maxOf(num(r.limit_raw), num(r.limit_min)),
    }))
    .filter((r) => r.peak !== null);
}
