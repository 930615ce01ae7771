"use client";

import { useDeferredValue, useMemo } from "react";
import type { LiveListSpec, LivePreview } from "@/components/page/live-list";
import type { ClusterStream } from "./use-cluster-stream";
import { useUrlQuery } from "./use-url-query";

export interface LiveList<Query, Row, Facets> {
  /** The URL's query, for the filter controls. */
  query: Query;
  /** Writes filter changes to the URL. */
  update: (changes: Record<string, string | null>) => void;
  /** The rows to show, filtered and in order. */
  rows: Row[];
  facets: Facets;
  /** How many rows the filter matches. */
  shown: number;
  /** How many assets there are. */
  total: number;
}

const NO_ASSETS: never[] = [];

/**
 * A list page's rows over the live stream. Until the stream brings the whole list, the server's
 * preview of the first rows stands in. The rows follow a deferred copy of the query, so typing in
 * a search box stays responsive with thousands of rows.
 */
export function useLiveList<Asset, Query, Row, Facets>(
  live: ClusterStream,
  preview: LivePreview<Row, Facets> | null,
  spec: LiveListSpec<Asset, Query, Row, Facets>,
): LiveList<Query, Row, Facets> {
  const [query, update] = useUrlQuery(spec.parse);
  const view = useDeferredValue(query);
  // A delta that changes no asset keeps the list's identity, so an idle cluster recomputes nothing.
  const assets = live.snapshot ? spec.assets(live.snapshot) : NO_ASSETS;
  const facets = useMemo(() => spec.facets(assets), [spec, assets]);
  const rows = useMemo(() => spec.rows(assets, view, facets), [spec, assets, view, facets]);
  if (!live.hasLists && preview !== null) return { query, update, rows: preview.rows, facets: preview.facets, shown: preview.matched, total: preview.total };
  return { query, update, rows, facets, shown: rows.length, total: assets.length };
}
