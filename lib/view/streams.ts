/** The streams table: limits saturation, sorting and search. */
import type { StreamView } from "../model/types";
import { filterStreams, type StreamFilter } from "./placement";
import { sortRows, type SortAccessors } from "./sort";
import type { SortDir, SortState } from "./url-state";

/** At or above this share of a limit a figure is highlighted (`nats server check` warns at 90 % too). */
export const SATURATION_HIGH_PERCENT = 90;

/** Used as a percentage of its limit; null when there is no limit or the usage is unknown. */
export function saturationPercent(used: number | null, limit: number | null): number | null {
  if (used === null || limit === null || limit <= 0) return null;
  return (used / limit) * 100;
}

/**
 * Rounded down, so a limit shows 100 % only once it is really reached: 89.99 % is "89 %".
 * Below 10 % one decimal, so a small but non-zero usage does not read as 0.
 */
export function formatSaturation(percent: number | null): string {
  if (percent === null) return "—";
  if (percent > 0 && percent < 10) return `${(Math.floor(percent * 10) / 10).toFixed(1)} %`;
  return `${Math.floor(percent)} %`;
}

export const isSaturated = (percent: number | null) => percent !== null && percent >= SATURATION_HIGH_PERCENT;

export interface StreamSaturation {
  messages: number | null;
  bytes: number | null;
  consumers: number | null;
}

export function streamSaturation(s: StreamView): StreamSaturation {
  return {
    messages: saturationPercent(s.messages, s.maxMsgs),
    bytes: saturationPercent(s.bytes, s.maxBytes),
    consumers: saturationPercent(s.consumerCount, s.maxConsumers),
  };
}

/** Epoch ms of a server timestamp; null for none and for Go's zero time ("0001-01-01…"). */
export function timestampMs(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** How long ago, in ms, clamped at 0 against small clock differences between server and browser. */
export function ageMs(iso: string | null, now: number): number | null {
  const ms = timestampMs(iso);
  return ms === null ? null : Math.max(0, now - ms);
}

export const STREAM_SORT_KEYS = [
  "account",
  "name",
  "subjects",
  "storage",
  "replicas",
  "leader",
  "messages",
  "bytes",
  "growth",
  "consumers",
  "messagesSaturation",
  "bytesSaturation",
  "consumersSaturation",
  "retention",
  "firstAge",
  "lastAge",
] as const;
export type StreamSortKey = (typeof STREAM_SORT_KEYS)[number];

export const DEFAULT_STREAM_SORT: SortState<StreamSortKey> = { key: "name", dir: "asc" };

const TEXT_KEYS: ReadonlySet<StreamSortKey> = new Set(["account", "name", "subjects", "storage", "leader", "retention", "firstAge", "lastAge"]);
/** Names read A→Z, ages youngest first; figures start with the largest. */
export const streamSortDir = (key: StreamSortKey): SortDir => (TEXT_KEYS.has(key) ? "asc" : "desc");

// An age grows as its timestamp shrinks, so the negated timestamp orders like the age without a clock.
const byAge = (iso: string | null) => {
  const ms = timestampMs(iso);
  return ms === null ? null : -ms;
};

const streamAccessors: SortAccessors<StreamView, StreamSortKey> = {
  account: (s) => s.account,
  name: (s) => s.name,
  subjects: (s) => s.subjects[0] ?? null,
  storage: (s) => s.storage,
  replicas: (s) => s.numReplicas,
  leader: (s) => (s.truth === "leader" ? s.leader : null),
  messages: (s) => s.messages,
  bytes: (s) => s.bytes,
  growth: (s) => s.msgsPerSec,
  consumers: (s) => s.consumerCount,
  messagesSaturation: (s) => saturationPercent(s.messages, s.maxMsgs),
  bytesSaturation: (s) => saturationPercent(s.bytes, s.maxBytes),
  consumersSaturation: (s) => saturationPercent(s.consumerCount, s.maxConsumers),
  retention: (s) => s.retention,
  firstAge: (s) => byAge(s.firstTs),
  lastAge: (s) => byAge(s.lastTs),
};

const byAccountAndName = (a: StreamView, b: StreamView) => a.account.localeCompare(b.account) || a.name.localeCompare(b.name);

export function sortStreams(streams: readonly StreamView[], sort: SortState<StreamSortKey>): StreamView[] {
  return sortRows(streams, streamAccessors, sort, byAccountAndName);
}

/** Account filter and a search over names and subjects. */
export function searchStreams(streams: readonly StreamView[], filter: StreamFilter): StreamView[] {
  return filterStreams(streams, filter, true);
}
