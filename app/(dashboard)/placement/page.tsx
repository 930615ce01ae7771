import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { listPreview } from "@/lib/view/first-paint";
import { accountsOf, filterStreams, placementNodes, placementRows } from "@/lib/view/placement";
import { PlacementClient } from "./client";
import { parsePlacementQuery } from "./search-params";

export const metadata: Metadata = { title: "Leader placement" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, snapshot, initial, query }) => {
  if (!snapshot) return <PlacementClient cluster={cluster} initial={null} preview={null} />;
  // First paint: the matrix rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  const streams = snapshot.streams;
  const nodes = placementNodes(snapshot.nodes.map((n) => n.name), streams);
  const preview = {
    ...listPreview(placementRows(filterStreams(streams, parsePlacementQuery(query)), nodes), streams.length),
    accounts: accountsOf(streams),
    nodes,
  };
  return <PlacementClient cluster={cluster} initial={initial()} preview={preview} />;
});
