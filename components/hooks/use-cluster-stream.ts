"use client";

import { useEffect, useRef, useState } from "react";
import type { ClusterSnapshot, ThroughputSample } from "@/lib/model/types";

export interface ClusterStream {
  snapshot: ClusterSnapshot | null;
  recent: ThroughputSample[];
  connected: boolean;
  /** Browser time when the last snapshot arrived; staleness is judged on this, not on server clocks. */
  receivedAt: number | null;
  /** True when no new snapshot arrived for three poll intervals. */
  stale: boolean;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Follows `/api/v1/events` for one cluster. EventSource reconnects by itself after network
 * errors, but gives up on HTTP errors (e.g. a restarted server answering 503 while it boots),
 * so we reopen with backoff whenever it reports CLOSED.
 */
export function useClusterStream(cluster: string, initial: ClusterSnapshot | null, initialRecent: ThroughputSample[]): ClusterStream {
  const [snapshot, setSnapshot] = useState<ClusterSnapshot | null>(initial);
  const [recent, setRecent] = useState<ThroughputSample[]>(initialRecent);
  const [connected, setConnected] = useState(false);
  const [receivedAt, setReceivedAt] = useState<number | null>(() => (initial ? Date.now() : null));
  const [now, setNow] = useState(() => Date.now());
  const windowSize = useRef(Math.max(initialRecent.length, 450));

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let backoff = 1000;
    let disposed = false;

    const open = () => {
      source = new EventSource(`/api/v1/events?cluster=${encodeURIComponent(cluster)}`);
      source.addEventListener("open", () => {
        setConnected(true);
        backoff = 1000;
      });
      source.addEventListener("hello", (e) => {
        const hello = JSON.parse((e as MessageEvent<string>).data) as { recent: ThroughputSample[] };
        setRecent(hello.recent);
      });
      source.addEventListener("snapshot", (e) => {
        const next = JSON.parse((e as MessageEvent<string>).data) as ClusterSnapshot;
        setSnapshot(next);
        setReceivedAt(Date.now());
        const sample = next.throughput;
        if (sample)
          setRecent((prev) =>
            prev.length > 0 && prev[prev.length - 1].at === sample.at ? prev : [...prev, sample].slice(-windowSize.current),
          );
      });
      source.addEventListener("error", () => {
        setConnected(false);
        if (source?.readyState === EventSource.CLOSED && !disposed) {
          source.close();
          retry = setTimeout(open, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
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
  }, [cluster]);

  const interval = snapshot?.pollIntervalMs ?? 2000;
  const stale = receivedAt === null || now - receivedAt > 3 * interval;
  return { snapshot, recent, connected, receivedAt, stale };
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
