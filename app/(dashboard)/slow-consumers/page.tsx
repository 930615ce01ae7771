import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../_components/unknown-cluster";
import { SlowConsumersClient } from "./client";

export const metadata: Metadata = { title: "Slow consumers" };
export const dynamic = "force-dynamic";

export default async function SlowConsumersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = readParam(await searchParams, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  return (
    <SlowConsumersClient
      cluster={collector.cluster.name}
      initial={snapshot && restrictSnapshot(snapshot, { streams: false, consumers: false })}
      initialDisconnects={collector.recentEvents().filter((e) => e.kind === "slow-consumer-disconnect")}
    />
  );
}
