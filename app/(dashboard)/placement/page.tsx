import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { livePreview } from "@/components/page/live-list";
import { PlacementClient } from "./client";
import { placementList } from "./list";

export const metadata: Metadata = { title: "Leader placement" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, snapshot, initial, query }) => (
  // First paint: the matrix rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  <PlacementClient
    cluster={cluster}
    initial={initial()}
    preview={snapshot && livePreview(placementList(snapshot.nodes.map((n) => n.name)), snapshot, query)}
  />
));
