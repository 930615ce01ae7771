import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../../../_components/unknown-cluster";
import { routeParam } from "../../../_components/route-param";
import { StreamClient } from "./client";

export const dynamic = "force-dynamic";

type Params = Promise<{ account: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Stream ${routeParam((await params).name)}` };
}

export default async function StreamPage({ params, searchParams }: { params: Params; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const segments = await params;
  const account = routeParam(segments.account);
  const name = routeParam(segments.name);
  const requested = readParam(await searchParams, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  // First paint: this stream and its consumers only, not the whole cluster's lists.
  const initial = snapshot && {
    ...snapshot,
    streams: snapshot.streams.filter((s) => s.account === account && s.name === name),
    consumers: snapshot.consumers.filter((c) => c.account === account && c.stream === name),
  };
  return (
    <StreamClient cluster={collector.cluster.name} account={account} name={name} initial={initial} initialHistory={collector.streamHistory(account, name)} />
  );
}
