/** The replica lag list: every follower its stream leader reports as not current or behind. */
import type { ReplicaView, StreamSample, StreamView } from "../model/types";
import { assetPath } from "../model/assets";
import { isReplicaLagging } from "../model/trouble";
import { sortRows, type SortAccessors } from "./sort";
import type { SortDir, SortState } from "./url-state";

export interface LaggingReplica {
  /** "ACCOUNT/STREAM/NODE" */
  key: string;
  account: string;
  stream: string;
  streamLeader: string | null;
  replica: ReplicaView;
}

export function laggingReplicas(streams: readonly StreamView[]): LaggingReplica[] {
  const rows: LaggingReplica[] = [];
  for (const s of streams) {
    for (const replica of s.replicas ?? []) {
      if (replica.offline || isReplicaLagging(replica))
        rows.push({ key: assetPath(s.account, s.name, replica.name), account: s.account, stream: s.name, streamLeader: s.leader, replica });
    }
  }
  return rows;
}

/** Streams whose replicas cannot be judged: no leader, or the leader does not answer. */
export function streamsWithoutLeaderView(streams: readonly StreamView[]): StreamView[] {
  return streams.filter((s) => s.truth !== "leader");
}

export const REPLICA_SORT_KEYS = ["stream", "account", "node", "state", "lag", "seen", "since"] as const;
export type ReplicaSortKey = (typeof REPLICA_SORT_KEYS)[number];

/** Worst first: offline, then outdated, then by how far behind. */
export const DEFAULT_REPLICA_SORT: SortState<ReplicaSortKey> = { key: "state", dir: "desc" };

export const replicaSortDir = (key: ReplicaSortKey): SortDir => (key === "stream" || key === "account" || key === "node" ? "asc" : "desc");

const stateRank = (r: ReplicaView) => (r.offline ? 2 : r.current ? 0 : 1);

const replicaAccessors: SortAccessors<LaggingReplica, ReplicaSortKey> = {
  stream: (r) => r.stream,
  account: (r) => r.account,
  node: (r) => r.replica.name,
  state: (r) => stateRank(r.replica) * 1e15 + r.replica.lag,
  lag: (r) => r.replica.lag,
  seen: (r) => r.replica.activeMs,
  // Lagging longest sorts first when descending: earlier start = larger duration.
  since: (r) => (r.replica.laggingSince ? -Date.parse(r.replica.laggingSince) : null),
};

const byName = (a: LaggingReplica, b: LaggingReplica) => a.key.localeCompare(b.key);

export function sortReplicas(rows: readonly LaggingReplica[], sort: SortState<ReplicaSortKey>): LaggingReplica[] {
  return sortRows(rows, replicaAccessors, sort, byName);
}

export interface ReplicaFilter {
  account: string | null;
  stream: string | null;
  node: string | null;
}

export function filterReplicas(rows: readonly LaggingReplica[], filter: ReplicaFilter): LaggingReplica[] {
  return rows.filter(
    (r) =>
      (filter.account === null || r.account === filter.account) &&
      (filter.stream === null || r.stream === filter.stream) &&
      (filter.node === null || r.replica.name === filter.node),
  );
}

/** "ACCOUNT/STREAM/NODE" → its parts; null when malformed. Stream names cannot hold "/"; a server name might. */
export function parseReplicaKey(key: string | null): { account: string; stream: string; node: string } | null {
  const [account, stream, ...rest] = key?.split("/") ?? [];
  const node = rest.join("/");
  if (!account || !stream || !node) return null;
  return { account, stream, node };
}

export interface LagPoint {
  t: number;
  lag: number | null;
}

/** One follower's lag over a stream's history; a sample without that follower is a gap, not 0. */
export function replicaLagSeries(samples: readonly StreamSample[], node: string): LagPoint[] {
  return samples.map((s) => ({ t: Date.parse(s.at), lag: s.replicaLag[node] ?? null }));
}

/** Every follower named anywhere in a stream's history, sorted, for a chart with one line each. */
export function replicaNodesInHistory(samples: readonly StreamSample[]): string[] {
  const nodes = new Set<string>();
  for (const s of samples) for (const node of Object.keys(s.replicaLag)) nodes.add(node);
  return [...nodes].sort();
}
