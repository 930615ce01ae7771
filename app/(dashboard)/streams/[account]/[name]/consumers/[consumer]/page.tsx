import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../../../../../_components/unknown-cluster";
import { routeParam } from "../../../../../_components/route-param";
import { ConsumerClient } from "./client";

export const dynamic = "force-dynamic";

type Params = Promise<{ account: string; name: string; consumer: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Consumer ${routeParam((await params).consumer)}` };
}

export default async function ConsumerPage({ params, searchParams }: { params: Params; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const segments = await params;
  const account = routeParam(segments.account);
  const stream = routeParam(segments.name);
  const name = routeParam(segments.consumer);
  const requested = readParam(await searchParams, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  const initial = snapshot && {
    ...snapshot,
    streams: [],
    consumers: snapshot.consumers.filter((c) => c.account === account && c.stream === stream && c.name === name),
  };
  return (
    <ConsumerClient
      cluster={collector.cluster.name}
      account={account}
      stream={stream}
      name={name}
      initial={initial}
      initialHistory={collector.consumerHistory(account, stream, name)}
    />
  );
}
