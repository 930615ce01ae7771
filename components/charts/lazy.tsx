"use client";

import dynamic from "next/dynamic";

/**
 * The pages' charts, loaded after the page is on screen. recharts is the largest script here
 * (about 400 kB); imported directly it has to arrive, be parsed and run before React hydrates the
 * tables and cards around it. Charts draw nothing on the server anyway (their size comes from the
 * browser), so the server renders a frame of the same height in their place.
 */
function ChartPending({ plotHeight }: { plotHeight: number }) {
  return (
    <div aria-busy="true" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-2 h-5 w-40 rounded bg-slate-100" />
      <div style={{ height: plotHeight }} className="flex items-center justify-center text-sm text-slate-400">
        Loading chart…
      </div>
    </div>
  );
}

export const ChartThroughput = dynamic(() => import("./chart-throughput").then((m) => m.ChartThroughput), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartThroughputHistory = dynamic(() => import("./chart-throughput-history").then((m) => m.ChartThroughputHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={260} />,
});
export const ChartNodeUp = dynamic(() => import("./chart-node-up").then((m) => m.ChartNodeUp), {
  ssr: false,
  loading: () => <ChartPending plotHeight={140} />,
});
export const ChartNodeThroughput = dynamic(() => import("./chart-node-throughput").then((m) => m.ChartNodeThroughput), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartNodeStorage = dynamic(() => import("./chart-node-storage").then((m) => m.ChartNodeStorage), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartNodeCpu = dynamic(() => import("./chart-node-cpu").then((m) => m.ChartNodeCpu), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartNodeMemory = dynamic(() => import("./chart-node-memory").then((m) => m.ChartNodeMemory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartStreamDepth = dynamic(() => import("./chart-stream-depth").then((m) => m.ChartStreamDepth), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartStreamGrowth = dynamic(() => import("./chart-stream-growth").then((m) => m.ChartStreamGrowth), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartReplicaLag = dynamic(() => import("./chart-replica-lag").then((m) => m.ChartReplicaLag), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartStreamDepthHistory = dynamic(() => import("./chart-stream-depth-history").then((m) => m.ChartStreamDepthHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartStreamBytesHistory = dynamic(() => import("./chart-stream-bytes-history").then((m) => m.ChartStreamBytesHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartStreamStoredHistory = dynamic(() => import("./chart-stream-stored-history").then((m) => m.ChartStreamStoredHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartConsumerPending = dynamic(() => import("./chart-consumer-pending").then((m) => m.ChartConsumerPending), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartConsumerAckRate = dynamic(() => import("./chart-consumer-ack-rate").then((m) => m.ChartConsumerAckRate), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartConsumerPendingHistory = dynamic(() => import("./chart-consumer-pending-history").then((m) => m.ChartConsumerPendingHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartConsumerRedeliveredHistory = dynamic(() => import("./chart-consumer-redelivered-history").then((m) => m.ChartConsumerRedeliveredHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={220} />,
});
export const ChartLatencyHistory = dynamic(() => import("./chart-latency-history").then((m) => m.ChartLatencyHistory), {
  ssr: false,
  loading: () => <ChartPending plotHeight={240} />,
});
