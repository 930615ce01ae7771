"use client";

import { HistorySection } from "@/components/charts/history-section";
import { ChartLatencyHistory } from "@/components/charts/lazy";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useRangeChoice, useStoredSeries } from "@/components/hooks/use-stored-series";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { Section } from "@/components/ui/section";
import type { SeriesTarget } from "@/lib/history/store";
import type { ClusterSnapshot } from "@/lib/model/types";
import { CANARY_HOW_TO, nodeLatencyRows } from "@/lib/view/latency";
import { AckLatencyTable } from "./_components/ack-latency-table";
import { CanaryFacts } from "./_components/canary-facts";
import { LatencyNow } from "./_components/latency-now";
import { NodeLatencyTable } from "./_components/node-latency-table";
import { PairMatrix } from "./_components/pair-matrix";

const WRITE: SeriesTarget = { kind: "latency", series: "write" };
const END_TO_END: SeriesTarget = { kind: "latency", series: "e2e" };

export function LatencyClient({ cluster, initial, skewLimitMs }: { cluster: string; initial: ClusterSnapshot | null; skewLimitMs: number }) {
  const live = useClusterStream({ cluster, initial });
  const range = useRangeChoice("1h");
  const writes = useStoredSeries(cluster, WRITE, range);
  const deliveries = useStoredSeries(cluster, END_TO_END, range);
  const targets = live.snapshot?.latency?.targets ?? null;
  return (
    <div className="space-y-6">
      <LivePage
        title="Latency"
        live={live}
        description="JetStream write, end-to-end and round-trip latency measured by the dashboard's canary against the targets, the nodes' clocks, and consumers' ack latency."
      >
        {(snapshot) => {
          const latency = snapshot.latency;
          const rows = nodeLatencyRows(latency, snapshot.nodes, skewLimitMs);
          if (!latency)
            return (
              <>
                <section aria-label="Canary not configured" data-testid="latency-not-configured" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
                  <h2 className="mb-1 font-semibold">Not configured</h2>
                  <p>No latency canary runs for this cluster, so there is no write, end-to-end or ack latency to show. {CANARY_HOW_TO}</p>
                </section>
                <LiveSection label="Clocks" title="Clocks" stale={live.stale}>
                  <NodeLatencyTable rows={rows} skewLimitMs={skewLimitMs} />
                </LiveSection>
              </>
            );
          return (
            <>
              <LiveSection label="Latency now" title="Last 5 minutes" stale={live.stale} className="space-y-4">
                <div className="grid gap-4 md:grid-cols-2">
                  <LatencyNow title="JetStream write" what="writes (publish → ack)" figures={latency.write} targetMs={latency.targets.writeP99Ms} testId="latency-write" />
                  <LatencyNow title="End to end" what="deliveries (node → node)" figures={latency.endToEnd} targetMs={latency.targets.endToEndP99Ms} testId="latency-e2e" />
                </div>
              </LiveSection>
              <div className="grid gap-4 xl:grid-cols-3">
                <LiveSection label="Node pairs" title="Node pairs (p50 / p99)" stale={live.stale} className="space-y-2 xl:col-span-2">
                  <PairMatrix latency={latency} />
                  <p className="text-xs text-slate-500">Published on the canary&apos;s connection to the row&apos;s node, delivered on its connection to the column&apos;s; each connection goes to that node only.</p>
                </LiveSection>
                <CanaryFacts canary={latency.canary} />
              </div>
              <LiveSection label="Nodes" title="Round trip, writes and clock per node" stale={live.stale}>
                <NodeLatencyTable rows={rows} skewLimitMs={skewLimitMs} />
              </LiveSection>
              <Section title="Consumer ack latency" label="Consumer ack latency">
                {latency.ackLatency === null ? (
                  <p className="text-sm text-slate-600">Ack metrics are not followed (canary.ackLatency is false).</p>
                ) : latency.ackLatency.length === 0 ? (
                  <p className="text-sm text-slate-600" data-testid="ack-latency-none">
                    No sampled ack in the last 5 minutes. A consumer reports its ack latency when sample_freq is set (e.g. <code>nats consumer edit STREAM NAME --sample 100</code>).
                  </p>
                ) : (
                  <AckLatencyTable cluster={cluster} acks={latency.ackLatency} />
                )}
              </Section>
            </>
          );
        }}
      </LivePage>
      <HistorySection title="History" range={range} className="grid gap-4 lg:grid-cols-2">
        <ChartLatencyHistory
          title="JetStream write latency"
          subtitle="per minute, publish → ack; failed writes are not latencies"
          testId="chart-latency-write"
          state={writes}
          targetMs={targets?.writeP99Ms ?? null}
        />
        <ChartLatencyHistory
          title="End-to-end latency"
          subtitle="per minute, every node pair's deliveries together"
          testId="chart-latency-e2e"
          state={deliveries}
          targetMs={targets?.endToEndP99Ms ?? null}
        />
      </HistorySection>
    </div>
  );
}
