import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { EventsClient } from "./client";

export const metadata: Metadata = { title: "Events" };
export const dynamic = "force-dynamic";

export default clusterPage(({ collector, cluster, initial }) => <EventsClient cluster={cluster} initial={initial()} initialEvents={collector.recentEvents(300)} />);
