import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { StorageClient } from "./client";

export const metadata: Metadata = { title: "Storage" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, initial }) => <StorageClient cluster={cluster} initial={initial({ streams: true })} />);
