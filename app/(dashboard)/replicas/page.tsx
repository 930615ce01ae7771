import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { ReplicasClient } from "./client";

export const metadata: Metadata = { title: "Replica lag" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, initial }) => <ReplicasClient cluster={cluster} initial={initial({ streams: true })} />);
