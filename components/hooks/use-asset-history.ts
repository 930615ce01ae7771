"use client";

import type { AssetHistory } from "@/lib/model/types";
import { polledPanelStatus, usePolledJson } from "./use-polled-json";

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

/** Polls one asset's recent in-memory history (stream or consumer) every `periodMs`. */
export function useAssetHistory<T>(url: string | null, initial: AssetHistory<T> | null = null, periodMs = HISTORY_REFRESH_MS): AssetHistoryState<T> {
  const { data, ...rest } = usePolledJson<AssetHistory<T>>(url, periodMs, initial);
  return { history: data, ...rest };
}

/** What a chart of this history says instead of, or beside, its lines. */
export function historyPanelStatus<T>(state: AssetHistoryState<T>, now: number, periodMs = HISTORY_REFRESH_MS): { empty: string | null; notice: string | null } {
  return polledPanelStatus({ ...state, data: state.history }, now, periodMs, {
    loading: "Loading history…",
    notFound: "No history for this asset yet",
    unavailable: "History unavailable",
  });
}
