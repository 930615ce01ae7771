import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { readParam } from "@/lib/view/url-state";
import { routeParam } from "../../_components/route-param";
import { UnknownCluster } from "../../_components/unknown-cluster";
import { NodeClient } from "./client";

export const dynamic = "force-dynamic";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Node ${routeParam((await params).name)}` };
}

export default async function NodePage({ params, searchParams }: { params: Params; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const name = routeParam((await params).name);
  const requested = readParam(await searchParams, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  return <NodeClient cluster={collector.cluster.name} name={name} initial={snapshot && restrictSnapshot(snapshot, { streams: false, consumers: false })} />;
}
