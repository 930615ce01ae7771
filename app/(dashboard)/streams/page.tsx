import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { listPreview } from "@/lib/view/first-paint";
import { accountsOf } from "@/lib/view/placement";
import { searchStreams, sortStreams } from "@/lib/view/streams";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../_components/unknown-cluster";
import { StreamsClient } from "./client";
import { parseStreamsQuery } from "./search-params";

export const metadata: Metadata = { title: "Streams" };
export const dynamic = "force-dynamic";

export default async function StreamsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const requested = readParam(params, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  if (!snapshot) return <StreamsClient cluster={collector.cluster.name} initial={null} preview={null} />;
  // First paint: the rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  const query = parseStreamsQuery(params);
  const preview = { ...listPreview(sortStreams(searchStreams(snapshot.streams, query), query.sort), snapshot.streams.length), accounts: accountsOf(snapshot.streams) };
  return <StreamsClient cluster={collector.cluster.name} initial={restrictSnapshot(snapshot, { streams: false, consumers: false })} preview={preview} />;
}
