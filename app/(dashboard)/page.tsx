import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { storageLevelsOf } from "@/lib/view/storage";
import { ClustersSummary } from "./_components/clusters-summary";
import { OverviewClient } from "./client";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default clusterPage(({ hub, collector, cluster, initial, alertThresholds }) => {
  const summaries = hub.summaries();
  return (
    <div className="space-y-4">
      {summaries.length > 1 && <ClustersSummary initial={summaries} current={cluster} />}
      <OverviewClient cluster={cluster} initial={initial()} initialRecent={collector.recentThroughput()} storageLevels={storageLevelsOf(alertThresholds)} clockLimitMs={alertThresholds.clockSkewWarnMs} />
    </div>
  );
});
