"use client";

import { useEffect, useRef, useState } from "react";

export interface PolledState<T> {
  data: T | null;
  /** Why the last request failed, with the API's own message; null after a success. */
  error: string | null;
  /** The server answered 404 (it does not know the thing asked for, yet). */
  notFound: boolean;
  /** Browser time of the last successful answer. */
  fetchedAt: number | null;
}

export async function describeFailure(res: Response): Promise<string> {
  if (res.status === 401) return "not logged in any more: reload the page to log in";
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return `${res.status}: ${body.error.message}`;
  } catch {
    // Not our JSON error body (a proxy's HTML page): the status says enough.
  }
  return `HTTP ${res.status}`;
}

type Keyed<T> = PolledState<T> & { url: string | null };

const EMPTY = { data: null, error: null, notFound: false, fetchedAt: null };

/** How long to wait before the next request (null: no more requests), possibly judged on the data. */
export type PollPeriod<T> = number | null | ((data: T | null) => number | null);

/**
 * GETs `url` now and then every `periodMs` (null: once), the next request only after the previous
 * one ended. A failed refresh keeps the data already shown and reports why. A changed period
 * applies from the next refresh on; a changed URL starts over.
 */
export function usePolledJson<T>(url: string | null, periodMs: PollPeriod<T>, initial: T | null = null): PolledState<T> {
  const [state, setState] = useState<Keyed<T>>(() => ({ ...EMPTY, url, data: initial, fetchedAt: initial ? Date.now() : null }));
  // What the server rendered: the first refresh of that URL can wait a whole period.
  const rendered = useRef(initial ? { url, data: initial } : null);
  const period = useRef(periodMs);
  useEffect(() => {
    period.current = periodMs;
  }, [periodMs]);

  useEffect(() => {
    if (url === null) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const seed = rendered.current?.url === url ? rendered.current.data : null;
    rendered.current = null;
    let last: T | null = seed;
    const next = () => (typeof period.current === "function" ? period.current(last) : period.current);
    const keepIfSame = (prev: Keyed<T>) => (prev.url === url ? prev : { ...EMPTY, url });
    const refresh = async () => {
      try {
        const res = await fetch(url, { signal: abort.signal, cache: "no-store" });
        if (res.ok) {
          const data = (await res.json()) as T;
          last = data;
          setState({ url, data, error: null, notFound: false, fetchedAt: Date.now() });
        } else {
          const error = await describeFailure(res);
          setState((prev) => ({ ...keepIfSame(prev), error, notFound: res.status === 404 }));
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        const error = `request failed: ${err instanceof Error ? err.message : String(err)}`;
        setState((prev) => ({ ...keepIfSame(prev), notFound: false, error }));
      }
      const wait = next();
      if (!abort.signal.aborted && wait !== null) timer = setTimeout(refresh, wait);
    };
    timer = setTimeout(refresh, (seed !== null && next()) || 0);
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [url]);

  if (state.url !== url) return EMPTY;
  return state;
}

/**
 * What a panel fed by a polled request says instead of, or beside, its data: loading, unknown,
 * failed (nothing to show), or the data shown is getting old because refreshes fail.
 */
export function polledPanelStatus<T>(
  state: PolledState<T>,
  now: number,
  periodMs: number | null,
  words: { loading: string; notFound: string; unavailable: string },
): { empty: string | null; notice: string | null } {
  if (!state.data) {
    if (state.notFound) return { empty: words.notFound, notice: null };
    if (state.error) return { empty: `${words.unavailable} — ${state.error}`, notice: null };
    return { empty: words.loading, notice: null };
  }
  const old = periodMs !== null && state.fetchedAt !== null && now - state.fetchedAt > 3 * periodMs;
  if (state.error && old) return { empty: null, notice: `not refreshed for ${Math.round((now - (state.fetchedAt ?? now)) / 1000)} s — ${state.error}` };
  return { empty: null, notice: null };
}
