/**
 * The leader placement matrix: which node leads each stream and how its followers are doing.
 * Replica states come only from the stream leader's report (the snapshot already enforces that).
 */
import { assetPath } from "../model/assets";
import { isReplicaLagging } from "../model/trouble";
import type { ReplicaView, StreamView } from "../model/types";
import { matchesSearch } from "./sort";

/**
 * What a node is for a stream. `unknown`: the node hosts a replica, but without the leader's view
 * (leaderless, or the leader does not answer) its state cannot be trusted, so none is shown.
 */
export type PlacementRole = "leader" | "current" | "lagging" | "offline" | "unknown" | "none";

export interface PlacementCell {
  node: string;
  role: PlacementRole;
  /** The follower as the leader reports it; null for the leader itself and for unplaced nodes. */
  replica: ReplicaView | null;
}

export interface PlacementRow {
  /** "ACCOUNT/NAME" */
  key: string;
  stream: StreamView;
  cells: PlacementCell[];
  /** 0: no trustworthy leader, 1: under-replicated, 2: a follower lags or is offline, 3: healthy. */
  trouble: 0 | 1 | 2 | 3;
}

export function followerRole(replica: ReplicaView): "current" | "lagging" | "offline" {
  if (replica.offline) return "offline";
  return isReplicaLagging(replica) ? "lagging" : "current";
}

/** n2 before n10. */
export const compareNodeNames = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/**
 * The matrix columns: the polled nodes by name, then any other node a stream names (a peer the
 * dashboard does not poll), so no placement is hidden. Sorted by name rather than taken in the
 * snapshot's order, so a column never moves when its node goes down.
 */
export function placementNodes(polledNodes: readonly string[], streams: readonly StreamView[]): string[] {
  const known = new Set(polledNodes);
  const extra = new Set<string>();
  for (const s of streams) {
    for (const name of [s.leader, ...(s.replicas ?? []).map((r) => r.name), ...s.hostedOn]) {
      if (name && !known.has(name)) extra.add(name);
    }
  }
  return [...[...known].sort(compareNodeNames), ...[...extra].sort(compareNodeNames)];
}

function cellsOf(stream: StreamView, nodes: readonly string[]): PlacementCell[] {
  const followers = new Map((stream.replicas ?? []).map((r) => [r.name, r]));
  return nodes.map((node): PlacementCell => {
    if (node === stream.leader) return { node, role: "leader", replica: null };
    const replica = followers.get(node);
    if (replica) return { node, role: followerRole(replica), replica };
    if (stream.replicas === null && stream.hostedOn.includes(node)) return { node, role: "unknown", replica: null };
    return { node, role: "none", replica: null };
  });
}

function troubleOf(stream: StreamView, cells: PlacementCell[]): PlacementRow["trouble"] {
  if (stream.truth !== "leader") return 0;
  if (stream.underReplicated) return 1;
  if (cells.some((c) => c.role === "lagging" || c.role === "offline")) return 2;
  return 3;
}

/** One row per stream, streams in trouble first, then by account and name. */
export function placementRows(streams: readonly StreamView[], nodes: readonly string[]): PlacementRow[] {
  const rows = streams.map((stream) => {
    const cells = cellsOf(stream, nodes);
    return { key: assetPath(stream.account, stream.name), stream, cells, trouble: troubleOf(stream, cells) };
  });
  return rows.sort(
    (a, b) => a.trouble - b.trouble || a.stream.account.localeCompare(b.stream.account) || a.stream.name.localeCompare(b.stream.name),
  );
}

export interface StreamFilter {
  account: string | null;
  q: string;
}

export function filterStreams<S extends Pick<StreamView, "account" | "name" | "subjects">>(
  streams: readonly S[],
  filter: StreamFilter,
  searchSubjects = false,
): S[] {
  return streams.filter(
    (s) =>
      (filter.account === null || s.account === filter.account) &&
      matchesSearch(filter.q, searchSubjects ? [s.name, ...s.subjects] : [s.name]),
  );
}

/** The distinct accounts of some assets, sorted, for an account filter. */
export function accountsOf(assets: readonly { account: string }[]): string[] {
  return [...new Set(assets.map((a) => a.account))].sort();
}
