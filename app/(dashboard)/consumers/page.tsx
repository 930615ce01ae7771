import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { isFlagged } from "@/lib/model/trouble";
import { filterConsumers, sortConsumers, streamsOf } from "@/lib/view/consumers";
import { listPreview } from "@/lib/view/first-paint";
import { accountsOf } from "@/lib/view/placement";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../_components/unknown-cluster";
import { ConsumersClient } from "./client";
import { parseConsumersQuery } from "./search-params";

export const metadata: Metadata = { title: "Consumers" };
export const dynamic = "force-dynamic";

export default async function ConsumersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const requested = readParam(params, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  if (!snapshot) return <ConsumersClient cluster={collector.cluster.name} initial={null} preview={null} />;
  // First paint: the rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  // unprocessedPercent already relates each consumer to its stream, so streams are not sent.
  const query = parseConsumersQuery(params);
  const consumers = snapshot.consumers;
  const preview = {
    ...listPreview(sortConsumers(filterConsumers(consumers, query), query.sort), consumers.length),
    accounts: accountsOf(consumers),
    streams: streamsOf(consumers),
    flagged: consumers.filter(isFlagged).length,
  };
  return <ConsumersClient cluster={collector.cluster.name} initial={restrictSnapshot(snapshot, { streams: false, consumers: false })} preview={preview} />;
}
