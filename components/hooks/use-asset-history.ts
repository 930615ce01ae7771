"use client";

import { useEffect, useRef, useState } from "react";
import type { AssetHistory } from "@/lib/model/types";

export interface AssetHistoryState<T> {
  history: AssetHistory<T> | null;
  /** Why the last refresh failed; null after a success. */
  error: string | null;
  /** The server does not know the asset (yet): answered 404. */
  notFound: boolean;
  /** Browser time of the last successful refresh. */
  fetchedAt: number | null;
}

export const HISTORY_REFRESH_MS = 10_000;

export function streamHistoryUrl(cluster: string, account: string, stream: string): string {
  return `/api/v1/history/stream?${new URLSearchParams({ cluster, account, name: stream }).toString()}`;
}

export function consumerHistoryUrl(cluster: string, account: string, stream: string, consumer: string): string {
  return `/api/v1/history/consumer?${new URLSearchParams({ cluster, account, stream, name: consumer }).toString()}`;
}

async function describeFailure(res: Response): Promise<string> {
  if (res.status === 401) return "not logged in any more: reload the page to log in";
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return `${res.status}: ${body.error.message}`;
  } catch {
    // Not our JSON error body (a proxy's HTML page): the status says enough.
  }
  return `HTTP ${res.status}`;
}

type Keyed<T> = AssetHistoryState<T> & { url: string | null };

/**
 * Polls one asset's recent history (stream or consumer) every `periodMs`, the next request only
 * after the previous one ended. A failed refresh keeps the samples already shown and reports why.
 */
export function useAssetHistory<T>(url: string | null, initial: AssetHistory<T> | null = null, periodMs = HISTORY_REFRESH_MS): AssetHistoryState<T> {
  const [state, setState] = useState<Keyed<T>>(() => ({
    url,
    history: initial,
    error: null,
    notFound: false,
    fetchedAt: initial ? Date.now() : null,
  }));
  // The URL whose samples the server rendered: its first refresh can wait a whole period.
  const renderedUrl = useRef(initial ? url : null);

  useEffect(() => {
    if (url === null) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = async () => {
      try {
        const res = await fetch(url, { signal: abort.signal, cache: "no-store" });
        if (res.ok) {
          const history = (await res.json()) as AssetHistory<T>;
          setState({ url, history, error: null, notFound: false, fetchedAt: Date.now() });
        } else {
          const error = await describeFailure(res);
          setState((prev) => ({ ...(prev.url === url ? prev : { history: null, fetchedAt: null }), url, error, notFound: res.status === 404 }));
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        const error = `history request failed: ${err instanceof Error ? err.message : String(err)}`;
        setState((prev) => ({ ...(prev.url === url ? prev : { history: null, fetchedAt: null, notFound: false }), url, error }));
      }
      if (!abort.signal.aborted) timer = setTimeout(refresh, periodMs);
    };
    const rendered = renderedUrl.current === url;
    renderedUrl.current = null;
    timer = setTimeout(refresh, rendered ? periodMs : 0);
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [url, periodMs]);

  if (state.url !== url) return { history: null, error: null, notFound: false, fetchedAt: null };
  return state;
}

/**
 * What a chart of this history should say instead of, or beside, its lines: loading, the asset
 * is unknown, the request failed (nothing to show), or the shown samples are getting old.
 */
export function historyPanelStatus<T>(state: AssetHistoryState<T>, now: number, periodMs = HISTORY_REFRESH_MS): { empty: string | null; notice: string | null } {
  if (!state.history) {
    if (state.notFound) return { empty: "No history for this asset yet", notice: null };
    if (state.error) return { empty: `History unavailable — ${state.error}`, notice: null };
    return { empty: "Loading history…", notice: null };
  }
  const old = state.fetchedAt !== null && now - state.fetchedAt > 3 * periodMs;
  if (state.error && old) return { empty: null, notice: `not refreshed for ${Math.round((now - (state.fetchedAt ?? now)) / 1000)} s — ${state.error}` };
  return { empty: null, notice: null };
}
