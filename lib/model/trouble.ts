/**
 * Which streams and consumers are in trouble, and why: a domain classification the server uses to
 * send a wall display only those assets, and the pages use to flag and order them. Pure and free
 * of server imports.
 */
import { formatExact } from "../format";
import type { ClusterSnapshot, ConsumerView, ReplicaView, StreamView } from "./types";

/**
 * At most this many streams and this many consumers in trouble are sent to a wall per update;
 * the wall shows a count that reached it as "100+".
 */
export const WALL_TROUBLE_LIMIT = 100;

/** A follower lags when the leader does not call it current, or it is operations behind. */
export function isReplicaLagging(replica: Pick<ReplicaView, "current" | "lag">): boolean {
  return !replica.current || replica.lag > 0;
}

/** Stalled weighs more than falling behind: a stalled consumer delivers nothing at all. */
export const flagRank = (c: Pick<ConsumerView, "stalled" | "fallingBehind">) => (c.stalled ? 2 : 0) + (c.fallingBehind ? 1 : 0);

export const isFlagged = (c: Pick<ConsumerView, "stalled" | "fallingBehind">) => c.stalled || c.fallingBehind;

/** Why a stream is in trouble, worst first; null when it is fine. */
export function streamTrouble(s: StreamView): { rank: number; what: string } | null {
  if (s.truth === "leaderless") return { rank: 0, what: "no leader" };
  if (s.truth === "leader-unreachable") return { rank: 0, what: `leader ${s.leader ?? "?"} does not answer` };
  const offline = (s.replicas ?? []).filter((r) => r.offline);
  if (offline.length) return { rank: 1, what: `replica ${offline.map((r) => r.name).join(", ")} offline` };
  if (s.underReplicated) return { rank: 2, what: "under-replicated" };
  const lagging = (s.replicas ?? []).filter(isReplicaLagging).sort((a, b) => b.lag - a.lag);
  if (lagging.length) {
    const worst = lagging[0];
    return { rank: 3, what: worst.lag > 0 ? `replica ${worst.name} ${formatExact(worst.lag)} ops behind` : `replica ${worst.name} not current` };
  }
  return null;
}

/** Why a consumer is in trouble; null when it is fine. */
export function consumerTrouble(c: ConsumerView): { rank: number; what: string } | null {
  if (c.truth === "leaderless") return { rank: 0, what: "no leader" };
  if (c.truth === "leader-unreachable") return { rank: 0, what: `leader ${c.leader ?? "?"} does not answer` };
  if (isFlagged(c)) return { rank: 4 - flagRank(c), what: c.stalled ? "stalled" : "falling behind" };
  return null;
}

export interface TroubleRow<T> {
  asset: T;
  what: string;
}

function troubleRows<T>(assets: readonly T[], trouble: (a: T) => { rank: number; what: string } | null, size: (a: T) => number): TroubleRow<T>[] {
  return assets
    .map((asset) => ({ asset, trouble: trouble(asset) }))
    .filter((r): r is { asset: T; trouble: { rank: number; what: string } } => r.trouble !== null)
    .sort((a, b) => a.trouble.rank - b.trouble.rank || size(b.asset) - size(a.asset))
    .map((r) => ({ asset: r.asset, what: r.trouble.what }));
}

const worstLag = (s: StreamView) => Math.max(0, ...(s.replicas ?? []).map((r) => r.lag));

/** Streams without a trustworthy leader, then with offline or missing replicas, then lagging (most behind first). */
export const streamsInTrouble = (streams: readonly StreamView[]) => troubleRows(streams, streamTrouble, worstLag);

/** Consumers without a leader, then stalled, then falling behind (most pending first). */
export const consumersInTrouble = (consumers: readonly ConsumerView[]) => troubleRows(consumers, consumerTrouble, (c) => c.numPending ?? 0);

/** The snapshot a wall receives: the head, and only the streams and consumers in trouble (worst first, capped). */
export function troubleSnapshot(snapshot: ClusterSnapshot, limit = WALL_TROUBLE_LIMIT): ClusterSnapshot {
  return {
    ...snapshot,
    streams: streamsInTrouble(snapshot.streams)
      .slice(0, limit)
      .map((r) => r.asset),
    consumers: consumersInTrouble(snapshot.consumers)
      .slice(0, limit)
      .map((r) => r.asset),
  };
}
