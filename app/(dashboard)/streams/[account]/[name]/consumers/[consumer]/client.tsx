"use client";

import { HistorySection } from "@/components/charts/history-section";
import { ChartConsumerAckRate, ChartConsumerPending, ChartConsumerPendingHistory, ChartConsumerRedeliveredHistory, ChartLatencyHistory } from "@/components/charts/lazy";
import { consumerHistoryUrl, historyPanelStatus, useAssetHistory } from "@/components/hooks/use-asset-history";
import { useClusterStream, useNow } from "@/components/hooks/use-cluster-stream";
import { useRangeChoice, useStoredSeries } from "@/components/hooks/use-stored-series";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { ClusterInfo } from "@/components/status/cluster-info";
import { ConsumerFlags } from "@/components/status/consumer-flags";
import { AppLink } from "@/components/ui/app-link";
import type { AssetHistory, ClusterSnapshot, ConsumerSample } from "@/lib/model/types";
import { streamHref } from "@/lib/view/hrefs";
import { clusterQuery } from "@/lib/view/url-state";
import { AssetNotFound } from "../../../../_components/asset-not-found";
import { TruthBanner } from "../../../../_components/truth-banner";
import { AckLatencyFacts } from "./_components/ack-latency-facts";
import { ConsumerConfig } from "./_components/consumer-config";
import { ConsumerCounters } from "./_components/consumer-counters";

export function ConsumerClient({
  cluster,
  account,
  stream,
  name,
  initial,
  initialHistory,
}: {
  cluster: string;
  account: string;
  stream: string;
  name: string;
  initial: ClusterSnapshot | null;
  initialHistory: AssetHistory<ConsumerSample> | null;
}) {
  const live = useClusterStream({ cluster, initial, include: { consumers: true } });
  const history = useAssetHistory<ConsumerSample>(consumerHistoryUrl(cluster, account, stream, name), initialHistory);
  const now = useNow();
  const range = useRangeChoice("24h");
  const stored = useStoredSeries(cluster, { kind: "consumer", account, stream, name }, range);
  const acks = useStoredSeries(cluster, { kind: "latency", series: `ack:${stream}/${name}` }, range);
  const snapshot = live.snapshot;
  const consumer = snapshot?.consumers.find((c) => c.account === account && c.stream === stream && c.name === name) ?? null;
  const samples = history.history?.samples ?? [];
  const status = historyPanelStatus(history, now);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <AppLink href={`/consumers${clusterQuery(cluster)}`} className="hover:underline">
          Consumers
        </AppLink>{" "}
        › {account} ›{" "}
        <AppLink href={streamHref(cluster, account, stream)} className="hover:underline">
          {stream}
        </AppLink>
      </nav>
      <PageHeading
        title={
          <>
            <span data-testid="consumer-name">{name}</span>
            {consumer && (
              <span className="ml-3 align-middle text-base">
                <ConsumerFlags consumer={consumer} />
              </span>
            )}
          </>
        }
        live={live}
      />
      {!snapshot ? (
        <WaitingForPoll />
      ) : !consumer ? (
        <AssetNotFound cluster={cluster} what={`Consumer ${name} of stream ${stream} in account ${account}`} />
      ) : (
        <>
          {consumer.truth !== "leader" && <TruthBanner asset={consumer} />}
          <LiveSection label="Consumer" stale={live.stale} className="grid gap-4 lg:grid-cols-3">
            <ConsumerConfig consumer={consumer} configsReadAt={snapshot.configsReadAt} now={now} />
            <ConsumerCounters consumer={consumer} now={now} />
            <ClusterInfo
              leader={consumer.leader}
              truth={consumer.truth}
              truthNote={consumer.truthNote}
              replicas={consumer.replicas}
              leaderSince={consumer.leaderSince}
            />
          </LiveSection>
          <AckLatencyFacts
            latency={snapshot.latency}
            ack={snapshot.latency?.ackLatency?.find((a) => a.stream === stream && a.consumer === name && (a.account === null || a.account === account)) ?? null}
          />
          <section aria-label="Recent history" className="grid gap-4 lg:grid-cols-2">
            <ChartConsumerPending samples={samples} maxAckPending={consumer.maxAckPending} empty={status.empty} notice={status.notice} />
            <ChartConsumerAckRate samples={samples} empty={status.empty} notice={status.notice} />
          </section>
          <HistorySection title="History" range={range} className="grid gap-4 lg:grid-cols-2">
            <ChartConsumerPendingHistory state={stored} maxAckPending={consumer.maxAckPending} />
            <ChartConsumerRedeliveredHistory state={stored} />
            <ChartLatencyHistory
              title="Ack latency"
              subtitle="per minute, delivery → ack of the sampled acks (sample_freq)"
              testId="chart-consumer-ack-latency"
              state={acks}
              targetMs={null}
            />
          </HistorySection>
        </>
      )}
    </div>
  );
}
