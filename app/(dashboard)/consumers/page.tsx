import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { filterConsumers, isFlagged, sortConsumers, streamsOf } from "@/lib/view/consumers";
import { listPreview } from "@/lib/view/first-paint";
import { accountsOf } from "@/lib/view/placement";
import { ConsumersClient } from "./client";
import { parseConsumersQuery } from "./search-params";

export const metadata: Metadata = { title: "Consumers" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, snapshot, initial, query }) => {
  if (!snapshot) return <ConsumersClient cluster={cluster} initial={null} preview={null} />;
  // First paint: the rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  // unprocessedPercent already relates each consumer to its stream, so streams are not sent.
  const q = parseConsumersQuery(query);
  const consumers = snapshot.consumers;
  const preview = {
    ...listPreview(sortConsumers(filterConsumers(consumers, q), q.sort), consumers.length),
    accounts: accountsOf(consumers),
    streams: streamsOf(consumers),
    flagged: consumers.filter(isFlagged).length,
  };
  return <ConsumersClient cluster={cluster} initial={initial()} preview={preview} />;
});
