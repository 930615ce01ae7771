import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { storageLevelsOf } from "@/lib/view/storage";
import { StorageClient } from "./client";

export const metadata: Metadata = { title: "Storage" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, initial, alertThresholds }) => (
  <StorageClient cluster={cluster} initial={initial({ streams: true })} storageLevels={storageLevelsOf(alertThresholds)} />
));
