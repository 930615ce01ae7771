"use client";

import { HistorySection } from "@/components/charts/history-section";
import { ChartNodeCpu, ChartNodeMemory, ChartNodeStorage, ChartNodeThroughput, ChartNodeUp } from "@/components/charts/lazy";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useRangeChoice, useStoredSeries } from "@/components/hooks/use-stored-series";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { NodeCard } from "@/components/status/node-card";
import { AppLink } from "@/components/ui/app-link";
import type { ClusterSnapshot } from "@/lib/model/types";
import type { StorageLevels } from "@/lib/view/storage";
import { clusterQuery } from "@/lib/view/url-state";
import { NodeJetStreamFacts, NodeMonitoringFacts } from "./_components/node-facts";

/** One node: its figures now (from the live stream) and over time (from the history store). */
export function NodeClient({
  cluster,
  name,
  initial,
  storageLevels,
  clockLimitMs,
}: {
  cluster: string;
  name: string;
  initial: ClusterSnapshot | null;
  storageLevels: StorageLevels;
  clockLimitMs: number;
}) {
  const live = useClusterStream({ cluster, initial });
  const range = useRangeChoice("24h");
  const history = useStoredSeries(cluster, { kind: "node", node: name }, range);
  const snapshot = live.snapshot;
  const node = snapshot?.nodes.find((n) => n.name === name) ?? null;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <AppLink href={`/${clusterQuery(cluster)}`} className="hover:underline">
          Overview
        </AppLink>{" "}
        › node
      </nav>
      <PageHeading title={<span data-testid="node-name">Node {name}</span>} live={live} />
      {!snapshot ? (
        <WaitingForPoll />
      ) : node ? (
        <LiveSection label="Node now" stale={live.stale} className="grid gap-4 lg:grid-cols-3">
          <NodeCard node={node} storageLevels={storageLevels} clockLimitMs={clockLimitMs} />
          <NodeJetStreamFacts node={node} />
          <NodeMonitoringFacts node={node} />
        </LiveSection>
      ) : (
        <p role="alert" data-testid="node-not-found" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-900">
          The latest poll of cluster {cluster} has no node named {name}. Its recorded history, if any, is below.
        </p>
      )}
      <HistorySection title="History" range={range} className="grid gap-4 lg:grid-cols-2">
        <div className="lg:col-span-2">
          <ChartNodeUp state={history} />
        </div>
        <ChartNodeThroughput state={history} />
        <ChartNodeStorage state={history} limitBytes={node?.jetstream?.storageLimitBytes ?? null} />
        <ChartNodeCpu state={history} />
        <ChartNodeMemory state={history} />
      </HistorySection>
    </div>
  );
}
