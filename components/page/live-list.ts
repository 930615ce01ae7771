/**
 * How a list page makes its rows, written once for both ends: the server renders the first rows
 * from the hub's snapshot (`livePreview`), the browser the whole list from the live stream
 * (`useLiveList`), with the same functions, so the first paint and the live page always agree.
 */
import type { ClusterSnapshot } from "@/lib/model/types";
import { listPreview, type ListPreview } from "@/lib/view/first-paint";
import type { ParamSource } from "@/lib/view/url-state";

export interface LiveListSpec<Asset, Query, Row, Facets> {
  /** The page's filter, sort and search, from the URL. */
  parse: (params: ParamSource) => Query;
  /** The assets the page lists. */
  assets: (snapshot: ClusterSnapshot) => readonly Asset[];
  /** What the page shows of all the assets, whatever the filter: the filters' choices, counts. */
  facets: (assets: readonly Asset[]) => Facets;
  /** The rows the query matches, in the page's order. */
  rows: (assets: readonly Asset[], query: Query, facets: Facets) => Row[];
}

/** The server's first paint of a list: the rows in view, the counts and the facets. */
export type LivePreview<Row, Facets> = ListPreview<Row> & { facets: Facets };

export function livePreview<Asset, Query, Row, Facets>(spec: LiveListSpec<Asset, Query, Row, Facets>, snapshot: ClusterSnapshot, params: ParamSource): LivePreview<Row, Facets> {
  const assets = spec.assets(snapshot);
  const facets = spec.facets(assets);
  return { ...listPreview(spec.rows(assets, spec.parse(params), facets), assets.length), facets };
}
