"use client";

import { useMemo } from "react";
import { HistorySection } from "@/components/charts/history-section";
import { ChartReplicaLag, ChartStreamBytesHistory, ChartStreamDepth, ChartStreamDepthHistory, ChartStreamGrowth, ChartStreamStoredHistory } from "@/components/charts/lazy";
import { historyPanelStatus, streamHistoryUrl, useAssetHistory } from "@/components/hooks/use-asset-history";
import { useClusterStream, useNow } from "@/components/hooks/use-cluster-stream";
import { useRangeChoice, useStoredSeries } from "@/components/hooks/use-stored-series";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { ClusterInfo } from "@/components/status/cluster-info";
import { AppLink } from "@/components/ui/app-link";
import type { AssetHistory, ClusterSnapshot, StreamSample } from "@/lib/model/types";
import { replicaNodesInHistory } from "@/lib/view/replicas";
import { clusterQuery } from "@/lib/view/url-state";
import { AssetNotFound } from "../../_components/asset-not-found";
import { TruthBanner } from "../../_components/truth-banner";
import { StreamConfig } from "./_components/stream-config";
import { StreamConsumers } from "./_components/stream-consumers";
import { StreamState } from "./_components/stream-state";

export function StreamClient({
  cluster,
  account,
  name,
  initial,
  initialHistory,
}: {
  cluster: string;
  account: string;
  name: string;
  initial: ClusterSnapshot | null;
  initialHistory: AssetHistory<StreamSample> | null;
}) {
  const live = useClusterStream({ cluster, initial, include: { streams: true, consumers: true } });
  const history = useAssetHistory<StreamSample>(streamHistoryUrl(cluster, account, name), initialHistory);
  const now = useNow();
  const range = useRangeChoice("24h");
  const stored = useStoredSeries(cluster, { kind: "stream", account, name }, range);
  const snapshot = live.snapshot;
  const stream = snapshot?.streams.find((s) => s.account === account && s.name === name) ?? null;
  const allConsumers = snapshot?.consumers;
  const consumers = useMemo(() => (allConsumers ?? []).filter((c) => c.account === account && c.stream === name), [allConsumers, account, name]);
  const samples = history.history?.samples ?? [];
  const status = historyPanelStatus(history, now);
  // Followers named now or earlier in the window: a replica that left still has its past drawn.
  const followers = [...new Set([...(stream?.replicas ?? []).map((r) => r.name), ...replicaNodesInHistory(samples)])].sort();

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <AppLink href={`/streams${clusterQuery(cluster)}`} className="hover:underline">
          Streams
        </AppLink>{" "}
        › {account}
      </nav>
      <PageHeading title={<span data-testid="stream-name">{name}</span>} live={live}>
        {stream && <p className="text-sm text-slate-500">{stream.subjects.join(", ")}</p>}
      </PageHeading>
      {!snapshot ? (
        <WaitingForPoll />
      ) : !stream ? (
        <AssetNotFound cluster={cluster} what={`Stream ${name} in account ${account}`} />
      ) : (
        <>
          {stream.truth !== "leader" && <TruthBanner asset={stream} />}
          <LiveSection label="Stream" stale={live.stale} className="grid gap-4 lg:grid-cols-3">
            <StreamConfig stream={stream} configsReadAt={snapshot.configsReadAt} now={now} />
            <StreamState stream={stream} now={now} />
            <ClusterInfo leader={stream.leader} truth={stream.truth} truthNote={stream.truthNote} replicas={stream.replicas} leaderSince={stream.leaderSince} />
          </LiveSection>
          <section aria-label="Recent history" className="grid gap-4 lg:grid-cols-3">
            <ChartStreamDepth samples={samples} maxMsgs={stream.maxMsgs} empty={status.empty} notice={status.notice} />
            <ChartStreamGrowth samples={samples} empty={status.empty} notice={status.notice} />
            <ChartReplicaLag samples={samples} nodes={followers} empty={status.empty} notice={status.notice} />
          </section>
          <HistorySection title="History" range={range} className="grid gap-4 lg:grid-cols-3">
            <ChartStreamDepthHistory state={stored} maxMsgs={stream.maxMsgs} />
            <ChartStreamBytesHistory state={stored} maxBytes={stream.maxBytes} />
            <ChartStreamStoredHistory state={stored} />
          </HistorySection>
          <LiveSection label="Consumers of this stream" stale={live.stale}>
            <StreamConsumers cluster={cluster} consumers={consumers} />
          </LiveSection>
        </>
      )}
    </div>
  );
}
