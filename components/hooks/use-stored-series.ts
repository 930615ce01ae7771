"use client";

import { useCallback, useMemo } from "react";
import type { RangeName } from "@/lib/history/range";
import type { SeriesTarget } from "@/lib/history/store";
import { choiceIsLive, choicePeriod, rangeChoiceParams, readRangeChoice, refreshPeriodMs, storedSeriesUrl, type RangeChoice } from "@/lib/view/history-range";
import type { StoredSeries } from "@/lib/view/series-chart";
import { useNow } from "./use-cluster-stream";
import { polledPanelStatus, usePolledJson } from "./use-polled-json";
import { useUrlQuery } from "./use-url-query";

export interface StoredSeriesState {
  series: StoredSeries | null;
  /** Shown instead of the chart: loading, or why there is nothing (the API's message). */
  empty: string | null;
  /** Shown beside a chart whose refreshes fail. */
  notice: string | null;
  /** Switches the page to a custom period from `from`, as long as the current one (for "show the raw samples"). */
  showFrom: (from: number) => void;
}

export interface RangeState {
  choice: RangeChoice;
  problem: string | null;
  fallback: RangeName;
  setChoice: (choice: RangeChoice) => void;
}

/** The page's range (`?range=` or `?from=&to=`), and a setter that writes it to the URL. */
export function useRangeChoice(fallback: RangeName): RangeState {
  const parse = useCallback((params: URLSearchParams) => readRangeChoice(params, fallback), [fallback]);
  const [{ choice, problem }, update] = useUrlQuery(parse);
  const setChoice = useCallback((next: RangeChoice) => update(rangeChoiceParams(next)), [update]);
  return { choice, problem, fallback, setChoice };
}

/**
 * One target's stored series over the page's period. A period that has not ended is fetched again
 * every step, at most every 30 s; one in the past is fetched once.
 */
export function useStoredSeries(cluster: string, target: SeriesTarget, range: RangeState): StoredSeriesState {
  const { choice, setChoice } = range;
  const now = useNow(5000);
  const url = storedSeriesUrl(cluster, target, choice);
  const live = choiceIsLive(choice, now);
  const state = usePolledJson<StoredSeries>(url, (series) => (choiceIsLive(choice, Date.now()) ? refreshPeriodMs(series?.stepMs) : null));
  const status = polledPanelStatus(state, now, live ? refreshPeriodMs(state.data?.stepMs) : null, {
    loading: "Loading history…",
    notFound: "History unavailable — unknown cluster",
    unavailable: "History unavailable",
  });
  const showFrom = useCallback(
    (from: number) => {
      const period = choicePeriod(choice, Date.now());
      setChoice({ kind: "custom", from, to: from + (period.to - period.from) });
    },
    [choice, setChoice],
  );
  // One object per change, so memoized charts redraw only when their data or state changes, not
  // on every poll or clock tick of the page around them.
  const { empty, notice } = status;
  return useMemo(() => ({ series: state.data, empty, notice, showFrom }), [state.data, empty, notice, showFrom]);
}
