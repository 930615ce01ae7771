import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { routeParam } from "@/components/page/route-param";
import { storageLevelsOf } from "@/lib/view/storage";
import { NodeClient } from "./client";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Node ${routeParam((await params).name)}` };
}

export default clusterPage<{ name: string }>(({ cluster, initial, alertThresholds, route }) => (
  <NodeClient cluster={cluster} name={route.name} initial={initial()} storageLevels={storageLevelsOf(alertThresholds)} clockLimitMs={alertThresholds.clockSkewWarnMs} />
));
