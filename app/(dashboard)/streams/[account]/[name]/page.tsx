import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { routeParam } from "@/components/page/route-param";
import { StreamClient } from "./client";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ account: string; name: string }> }): Promise<Metadata> {
  return { title: `Stream ${routeParam((await params).name)}` };
}

export default clusterPage<{ account: string; name: string }>(({ collector, cluster, snapshot, route: { account, name } }) => {
  // First paint: this stream and its consumers only, not the whole cluster's lists.
  const initial = snapshot && {
    ...snapshot,
    streams: snapshot.streams.filter((s) => s.account === account && s.name === name),
    consumers: snapshot.consumers.filter((c) => c.account === account && c.stream === name),
  };
  return <StreamClient cluster={cluster} account={account} name={name} initial={initial} initialHistory={collector.streamHistory(account, name)} />;
});
