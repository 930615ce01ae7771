"use client";

import { useEffect, useRef, useState } from "react";
import { applyDelta, type SnapshotDelta, type SnapshotInclude } from "@/lib/model/delta";
import type { ClusterEvent, ClusterSnapshot, ThroughputSample } from "@/lib/model/types";
import { staleFrom } from "@/lib/view/freshness";

export interface ClusterStream {
  snapshot: ClusterSnapshot | null;
  recent: ThroughputSample[];
  connected: boolean;
  /** Browser time when the last update arrived; staleness is judged on this, not on server clocks. */
  receivedAt: number | null;
  /** True when no new update arrived for three poll intervals. */
  stale: boolean;
  /**
   * The server refused this page's credentials when it reconnected (HTTP 401): the login session
   * ended, or the wall's display link is no longer valid. Cleared when the stream opens again.
   */
  refused: boolean;
  /** The browser time staleness was last judged at: every second, and the moment an update becomes overdue. */
  now: number;
  /** Events received live since the page opened, newest first. */
  events: ClusterEvent[];
  /**
   * Whether `snapshot` holds the asset lists asked for in `include`. False until the stream's first
   * snapshot when the server's first paint sent only a preview of them (`initialHasLists: false`).
   */
  hasLists: boolean;
}

export interface ClusterStreamOptions {
  cluster: string;
  initial: ClusterSnapshot | null;
  initialRecent?: ThroughputSample[];
  /** Which asset lists to receive; pages that show no streams or consumers leave them out. */
  include?: Partial<SnapshotInclude>;
  /** The wall's display token, sent along as `display=` (the page's own link carries it). */
  display?: string | null;
  /** The server's poll interval, for judging staleness before the first snapshot says it. */
  pollIntervalMs?: number;
  /** How old `initial` already was when the server rendered it, so an old snapshot is not shown as fresh. */
  initialAgeMs?: number;
  /** False when `initial` was sent without the lists in `include` (the page shows a preview until they come). */
  initialHasLists?: boolean;
}

const MAX_BACKOFF_MS = 30_000;
const RECENT_WINDOW = 450;
const LIVE_EVENTS = 200;

export function eventsUrl(cluster: string, include: Partial<SnapshotInclude> = {}, display?: string | null): string {
  const lists = (["streams", "consumers", "trouble"] as const).filter((k) => include[k]);
  const params = new URLSearchParams({ cluster });
  if (lists.length) params.set("include", lists.join(","));
  if (display) params.set("display", display);
  return `/api/v1/events?${params.toString()}`;
}

/**
 * Follows `/api/v1/events` for one cluster: a full `snapshot` first, then one `delta` per poll.
 * A delta that does not fit the snapshot we hold (a missed message) makes us reconnect for a
 * fresh snapshot. EventSource reconnects by itself after network errors but gives up on HTTP
 * errors (e.g. a restarting server answering 503), so we reopen with backoff when it is CLOSED.
 */
export function useClusterStream({
  cluster,
  initial,
  initialRecent = [],
  include = {},
  display,
  pollIntervalMs = 2000,
  initialAgeMs = 0,
  initialHasLists = true,
}: ClusterStreamOptions): ClusterStream {
  const [snapshot, setSnapshot] = useState<ClusterSnapshot | null>(initial);
  const [recent, setRecent] = useState<ThroughputSample[]>(initialRecent);
  const [connected, setConnected] = useState(false);
  const [receivedAt, setReceivedAt] = useState<number | null>(() => (initial ? Date.now() - initialAgeMs : null));
  const [now, setNow] = useState(() => Date.now());
  const [events, setEvents] = useState<ClusterEvent[]>([]);
  const current = useRef<ClusterSnapshot | null>(initial);
  const [hasLists, setHasLists] = useState(initialHasLists);
  const [refused, setRefused] = useState(false);
  // A delta's lists apply only on top of a snapshot that holds them.
  const listsHeld = useRef(initialHasLists);
  const url = eventsUrl(cluster, include, display);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let backoff = 1000;
    let disposed = false;

    const accept = (next: ClusterSnapshot) => {
      current.current = next;
      setSnapshot(next);
      setReceivedAt(Date.now());
      const sample = next.throughput;
      if (sample)
        setRecent((prev) => (prev.length > 0 && prev[prev.length - 1].at === sample.at ? prev : [...prev, sample].slice(-RECENT_WINDOW)));
    };
    const reopen = () => {
      source?.close();
      if (disposed) return;
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
    // EventSource does not say why it gave up; HEAD on the same URL answers the status without a stream.
    const askWhyClosed = () => {
      fetch(url, { method: "HEAD", cache: "no-store" })
        .then((res) => {
          if (!disposed) setRefused(res.status === 401);
        })
        .catch(() => undefined); // unreachable: the reason is unknown, keep what we knew
    };
    const open = () => {
      source = new EventSource(url);
      source.addEventListener("open", () => {
        setConnected(true);
        setRefused(false);
        backoff = 1000;
      });
      source.addEventListener("hello", (e) => {
        const hello = JSON.parse((e as MessageEvent<string>).data) as { recent: ThroughputSample[] };
        setRecent(hello.recent);
      });
      source.addEventListener("snapshot", (e) => {
        accept(JSON.parse((e as MessageEvent<string>).data) as ClusterSnapshot);
        listsHeld.current = true;
        setHasLists(true);
      });
      source.addEventListener("delta", (e) => {
        const delta = JSON.parse((e as MessageEvent<string>).data) as SnapshotDelta;
        const next = current.current && listsHeld.current ? applyDelta(current.current, delta) : null;
        if (next) accept(next);
        else {
          // We missed an update: start over from a full snapshot.
          backoff = 0;
          reopen();
        }
      });
      source.addEventListener("cluster-event", (e) => {
        const event = JSON.parse((e as MessageEvent<string>).data) as ClusterEvent;
        setEvents((prev) => (prev.some((p) => p.id === event.id) ? prev : [event, ...prev].slice(0, LIVE_EVENTS)));
      });
      source.addEventListener("error", () => {
        setConnected(false);
        if (source?.readyState === EventSource.CLOSED) {
          askWhyClosed();
          reopen();
        }
      });
    };
    open();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      disposed = true;
      source?.close();
      if (retry) clearTimeout(retry);
      clearInterval(tick);
    };
  }, [url]);

  const interval = snapshot?.pollIntervalMs ?? pollIntervalMs;
  // Judge again the moment the next update is overdue, not up to a second later.
  useEffect(() => {
    if (receivedAt === null) return;
    const id = setTimeout(() => setNow(Date.now()), Math.max(0, staleFrom(receivedAt, interval) + 1 - Date.now()));
    return () => clearTimeout(id);
  }, [receivedAt, interval]);
  const stale = receivedAt === null || now > staleFrom(receivedAt, interval);
  return { snapshot, recent, connected, receivedAt, stale, refused, now, events, hasLists };
}

/** Re-renders every second so relative times ("12 s ago") stay true. */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(id);
  }, [periodMs]);
  return now;
}
