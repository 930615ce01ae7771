import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { LatencyClient } from "./client";

export const metadata: Metadata = { title: "Latency" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, initial, alertThresholds }) => (
  <LatencyClient cluster={cluster} initial={initial()} skewLimitMs={alertThresholds.clockSkewWarnMs} />
));
