import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { listPreview } from "@/lib/view/first-paint";
import { accountsOf, filterStreams, placementNodes, placementRows } from "@/lib/view/placement";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../_components/unknown-cluster";
import { PlacementClient } from "./client";
import { parsePlacementQuery } from "./search-params";

export const metadata: Metadata = { title: "Leader placement" };
export const dynamic = "force-dynamic";

export default async function PlacementPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const requested = readParam(params, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  if (!snapshot) return <PlacementClient cluster={collector.cluster.name} initial={null} preview={null} />;
  // First paint: the matrix rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  const streams = snapshot.streams;
  const nodes = placementNodes(snapshot.nodes.map((n) => n.name), streams);
  const preview = {
    ...listPreview(placementRows(filterStreams(streams, parsePlacementQuery(params)), nodes), streams.length),
    accounts: accountsOf(streams),
    nodes,
  };
  return <PlacementClient cluster={collector.cluster.name} initial={restrictSnapshot(snapshot, { streams: false, consumers: false })} preview={preview} />;
}
