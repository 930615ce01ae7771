import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { AlertsClient, type AlertLists } from "./client";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default clusterPage(({ collector, cluster, initial }) => {
  const engine = collector.alerts();
  const lists: AlertLists = { firing: engine.firing(), pending: engine.pending(), resolved: engine.history(), transitions: engine.log() };
  return <AlertsClient cluster={cluster} initial={initial()} initialLists={lists} stateKept={collector.alertStateKept()} />;
});
