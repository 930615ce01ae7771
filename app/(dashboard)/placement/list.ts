import type { LiveListSpec } from "@/components/page/live-list";
import type { StreamView } from "@/lib/model/types";
import { accountsOf, filterStreams, placementNodes, placementRows, type PlacementRow } from "@/lib/view/placement";
import { parsePlacementQuery, type PlacementQuery } from "./search-params";

export interface PlacementFacets {
  accounts: string[];
  /** The matrix's columns. */
  nodes: string[];
}

/** The placement matrix over the polled nodes (and any other node a stream names). */
export function placementList(polledNodes: readonly string[]): LiveListSpec<StreamView, PlacementQuery, PlacementRow, PlacementFacets> {
  return {
    parse: parsePlacementQuery,
    assets: (snapshot) => snapshot.streams,
    facets: (streams) => ({ accounts: accountsOf(streams), nodes: placementNodes(polledNodes, streams) }),
    rows: (streams, query, { nodes }) => placementRows(filterStreams(streams, query), nodes),
  };
}
