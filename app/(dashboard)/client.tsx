"use client";

import { HistorySection } from "@/components/charts/history-section";
import { ChartThroughput, ChartThroughputHistory } from "@/components/charts/lazy";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useRangeChoice, useStoredSeries } from "@/components/hooks/use-stored-series";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { ClusterBanner } from "@/components/status/cluster-banner";
import { LatencyTile } from "@/components/status/latency-tile";
import { MetaPanel } from "@/components/status/meta-panel";
import { NodeCard } from "@/components/status/node-card";
import { SourcesPanel } from "@/components/status/sources-panel";
import type { SeriesTarget } from "@/lib/history/store";
import type { ClusterSnapshot, ThroughputSample } from "@/lib/model/types";
import { nodeHref } from "@/lib/view/hrefs";
import type { StorageLevels } from "@/lib/view/storage";

const CLUSTER: SeriesTarget = { kind: "cluster" };

export function OverviewClient({
  cluster,
  initial,
  initialRecent,
  storageLevels,
  clockLimitMs,
}: {
  cluster: string;
  initial: ClusterSnapshot | null;
  initialRecent: ThroughputSample[];
  storageLevels: StorageLevels;
  clockLimitMs: number;
}) {
  const live = useClusterStream({ cluster, initial, initialRecent });
  const { snapshot } = live;
  const range = useRangeChoice("24h");
  const history = useStoredSeries(cluster, CLUSTER, range);
  return (
    <div className="space-y-6">
      <PageHeading
        title={
          <>
            Cluster <span data-testid="cluster-name">{cluster}</span>
          </>
        }
        live={live}
      />
      {snapshot ? (
        <LiveSection label="Cluster now" stale={live.stale} className="space-y-6">
          <ClusterBanner snapshot={snapshot} />
          <section aria-label="Nodes" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {snapshot.nodes.map((node) => (
              <NodeCard key={node.url} node={node} href={nodeHref(cluster, node.name)} storageLevels={storageLevels} clockLimitMs={clockLimitMs} />
            ))}
          </section>
          <div className="grid gap-4 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <ChartThroughput samples={live.recent} />
            </div>
            <div className="space-y-4">
              <LatencyTile cluster={cluster} latency={snapshot.latency} />
              <MetaPanel meta={snapshot.meta} />
              <SourcesPanel sources={snapshot.sources} />
            </div>
          </div>
        </LiveSection>
      ) : (
        <WaitingForPoll />
      )}
      {/* Recorded history does not wait for the first poll. */}
      <HistorySection title="History" range={range}>
        <ChartThroughputHistory state={history} />
      </HistorySection>
    </div>
  );
}
