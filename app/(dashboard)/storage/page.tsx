import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../_components/unknown-cluster";
import { StorageClient } from "./client";

export const metadata: Metadata = { title: "Storage" };
export const dynamic = "force-dynamic";

export default async function StoragePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = readParam(await searchParams, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  return <StorageClient cluster={collector.cluster.name} initial={snapshot && restrictSnapshot(snapshot, { streams: true, consumers: false })} />;
}
