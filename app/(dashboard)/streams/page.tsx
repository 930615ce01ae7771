import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { listPreview } from "@/lib/view/first-paint";
import { accountsOf } from "@/lib/view/placement";
import { searchStreams, sortStreams } from "@/lib/view/streams";
import { StreamsClient } from "./client";
import { parseStreamsQuery } from "./search-params";

export const metadata: Metadata = { title: "Streams" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, snapshot, initial, query }) => {
  if (!snapshot) return <StreamsClient cluster={cluster} initial={null} preview={null} />;
  // First paint: the rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  const q = parseStreamsQuery(query);
  const preview = { ...listPreview(sortStreams(searchStreams(snapshot.streams, q), q.sort), snapshot.streams.length), accounts: accountsOf(snapshot.streams) };
  return <StreamsClient cluster={cluster} initial={initial()} preview={preview} />;
});
