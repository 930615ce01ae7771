import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { readParam } from "@/lib/view/url-state";
import { UnknownCluster } from "../_components/unknown-cluster";
import { AlertsClient, type AlertLists } from "./client";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = readParam(await searchParams, "cluster");
  const collector = getHub()?.collector(requested);
  if (!collector) return <UnknownCluster requested={requested} />;
  const snapshot = collector.snapshot();
  const engine = collector.alerts();
  const lists: AlertLists = { firing: engine.firing(), pending: engine.pending(), resolved: engine.history(), transitions: engine.log() };
  return <AlertsClient cluster={collector.cluster.name} initial={snapshot && restrictSnapshot(snapshot, { streams: false, consumers: false })} initialLists={lists} />;
}
