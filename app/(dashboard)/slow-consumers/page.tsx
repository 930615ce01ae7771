import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { isSlowConsumerDisconnect } from "@/lib/view/slow-consumers";
import { SlowConsumersClient } from "./client";

export const metadata: Metadata = { title: "Slow consumers" };
export const dynamic = "force-dynamic";

export default clusterPage(({ collector, cluster, initial }) => (
  <SlowConsumersClient
    cluster={cluster}
    initial={initial()}
    initialDisconnects={collector.recentEvents().filter(isSlowConsumerDisconnect)}
  />
));
