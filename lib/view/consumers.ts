/** The consumers table: flags, sorting and filtering. */
import { flagRank, isFlagged } from "../model/trouble";
import type { ConsumerView } from "../model/types";
import { matchesSearch, sortRows, type SortAccessors } from "./sort";
import { saturationPercent, timestampMs } from "./streams";
import type { SortDir, SortState } from "./url-state";

export const CONSUMER_SORT_KEYS = [
  "account",
  "stream",
  "name",
  "leader",
  "unprocessed",
  "ackPending",
  "redelivered",
  "waiting",
  "lastDelivery",
  "lastAck",
  "ackRate",
  "flags",
] as const;
export type ConsumerSortKey = (typeof CONSUMER_SORT_KEYS)[number];

/** Consumers in trouble first. */
export const DEFAULT_CONSUMER_SORT: SortState<ConsumerSortKey> = { key: "flags", dir: "desc" };

const TEXT_KEYS: ReadonlySet<ConsumerSortKey> = new Set(["account", "stream", "name", "leader", "lastDelivery", "lastAck"]);
export const consumerSortDir = (key: ConsumerSortKey): SortDir => (TEXT_KEYS.has(key) ? "asc" : "desc");

/** Acks outstanding as a share of max_ack_pending: at 100 % the server stops delivering. */
export const ackPendingPercent = (c: Pick<ConsumerView, "numAckPending" | "maxAckPending">) =>
  saturationPercent(c.numAckPending, c.maxAckPending !== null && c.maxAckPending > 0 ? c.maxAckPending : null);

const byAge = (iso: string | null) => {
  const ms = timestampMs(iso);
  return ms === null ? null : -ms;
};

const consumerAccessors: SortAccessors<ConsumerView, ConsumerSortKey> = {
  account: (c) => c.account,
  stream: (c) => c.stream,
  name: (c) => c.name,
  leader: (c) => (c.truth === "leader" ? c.leader : null),
  unprocessed: (c) => c.numPending,
  ackPending: (c) => c.numAckPending,
  redelivered: (c) => c.numRedelivered,
  waiting: (c) => c.numWaiting,
  lastDelivery: (c) => byAge(c.lastDeliveryAt),
  lastAck: (c) => byAge(c.lastAckAt),
  ackRate: (c) => c.ackPerSec,
  // Among equally flagged consumers the one with most unprocessed work comes first.
  flags: (c) => flagRank(c) * 1e15 + Math.min(c.numPending ?? 0, 1e15 - 1),
};

const byPath = (a: ConsumerView, b: ConsumerView) =>
  a.account.localeCompare(b.account) || a.stream.localeCompare(b.stream) || a.name.localeCompare(b.name);

export function sortConsumers(consumers: readonly ConsumerView[], sort: SortState<ConsumerSortKey>): ConsumerView[] {
  return sortRows(consumers, consumerAccessors, sort, byPath);
}

export interface ConsumerFilter {
  account: string | null;
  stream: string | null;
  /** Only stalled or falling-behind consumers. */
  flagged: boolean;
  q: string;
}

export function filterConsumers(consumers: readonly ConsumerView[], filter: ConsumerFilter): ConsumerView[] {
  return consumers.filter(
    (c) =>
      (filter.account === null || c.account === filter.account) &&
      (filter.stream === null || c.stream === filter.stream) &&
      (!filter.flagged || isFlagged(c)) &&
      matchesSearch(filter.q, [c.name, c.stream]),
  );
}

/** The distinct stream names consumers belong to, for a stream filter. */
export function streamsOf(consumers: readonly Pick<ConsumerView, "stream">[]): string[] {
  return [...new Set(consumers.map((c) => c.stream))].sort();
}
