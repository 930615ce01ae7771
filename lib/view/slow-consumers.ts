/**
 * The slow-consumers page: each node's slow-consumer counters, the connections filling their
 * outbound buffer now, and the disconnects heard over the system account.
 */
import type { ClusterEvent, NodeView } from "../model/types";

export const SLOW_CONSUMER_KINDS = ["clients", "routes", "gateways", "leafs"] as const;

export interface SlowConsumerCounters {
  name: string;
  url: string;
  /** Since the server started; null when the node did not answer. */
  total: number | null;
  /** null before nats-server 2.10, which counts by connection kind. */
  byKind: Record<(typeof SLOW_CONSUMER_KINDS)[number], number> | null;
}

export function slowConsumerCounters(nodes: readonly NodeView[]): SlowConsumerCounters[] {
  return nodes.map((n) => ({ name: n.name, url: n.url, total: n.slowConsumers, byKind: n.slowConsumerStats }));
}

export interface PendingConnectionRow {
  /** "NODE-CID": connection ids are unique per server only. */
  key: string;
  node: string;
  cid: number;
  /** The client's name, or "cid N" when it gave none. */
  label: string;
  account: string | null;
  ip: string | null;
  pendingBytes: number;
  /** The node's max_pending, past which the server cuts the connection off; null when unknown. */
  maxPendingBytes: number | null;
}

/** Connections with outbound bytes waiting, on every node, most pending first (ties by node and cid). */
export function pendingConnections(nodes: readonly NodeView[]): PendingConnectionRow[] {
  const rows: PendingConnectionRow[] = [];
  for (const n of nodes) {
    for (const c of n.topPendingConnections ?? []) {
      if (c.pendingBytes <= 0) continue;
      rows.push({
        key: `${n.name}-${c.cid}`,
        node: n.name,
        cid: c.cid,
        label: c.name ?? `cid ${c.cid}`,
        account: c.account,
        ip: c.ip,
        pendingBytes: c.pendingBytes,
        maxPendingBytes: n.maxPendingBytes,
      });
    }
  }
  return rows.sort((a, b) => b.pendingBytes - a.pendingBytes || a.node.localeCompare(b.node) || a.cid - b.cid);
}

export const isSlowConsumerDisconnect = (e: ClusterEvent) => e.kind === "slow-consumer-disconnect";

/**
 * The disconnects to list, newest first: those heard live since the page opened, then those the
 * server already had when it rendered the page (each once).
 */
export function recentDisconnects(live: readonly ClusterEvent[], initial: readonly ClusterEvent[]): ClusterEvent[] {
  const fresh = live.filter(isSlowConsumerDisconnect);
  const seen = new Set(fresh.map((e) => e.id));
  return [...fresh, ...initial.filter((e) => isSlowConsumerDisconnect(e) && !seen.has(e.id))];
}
