import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { routeParam } from "@/components/page/route-param";
import { ConsumerClient } from "./client";

export const dynamic = "force-dynamic";

type Route = { account: string; name: string; consumer: string };

export async function generateMetadata({ params }: { params: Promise<Route> }): Promise<Metadata> {
  return { title: `Consumer ${routeParam((await params).consumer)}` };
}

export default clusterPage<Route>(({ collector, cluster, snapshot, route: { account, name: stream, consumer: name } }) => {
  const initial = snapshot && {
    ...snapshot,
    streams: [],
    consumers: snapshot.consumers.filter((c) => c.account === account && c.stream === stream && c.name === name),
  };
  return (
    <ConsumerClient
      cluster={cluster}
      account={account}
      stream={stream}
      name={name}
      initial={initial}
      initialHistory={collector.consumerHistory(account, stream, name)}
    />
  );
});
