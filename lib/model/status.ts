/**
 * The one place a published snapshot gets its status, the reasons for it, its firing alerts and
 * its seq. The merge knows the cluster's own state (derive.ts `clusterStatus`); publishing adds
 * the alerts — a critical alert makes the cluster critical, and each alert not silenced is a
 * reason — and numbers the snapshot, so a browser applies a delta only on top of the one before.
 */
import { clusterStatus } from "./derive";
import type { AlertView, ClusterSnapshot, MergedSnapshot } from "./types";

export function publishedSnapshot(merged: MergedSnapshot, alerts: readonly AlertView[], seq: number): ClusterSnapshot {
  const own = clusterStatus(merged);
  const loud = alerts.filter((a) => a.silencedUntil === null);
  let status = own.status;
  if (loud.some((a) => a.severity === "critical")) status = "critical";
  else if (loud.length > 0 && status === "ok") status = "warning";
  const statusReasons = [...own.reasons];
  for (const a of loud) {
    const line = `${a.subject}: ${a.message}`;
    if (!statusReasons.includes(line)) statusReasons.push(line);
  }
  // Spelled out in the order of ClusterSnapshot, so every published snapshot serializes alike.
  const m = merged;
  return {
    cluster: m.cluster,
    seq,
    collectedAt: m.collectedAt,
    cycleMs: m.cycleMs,
    pollIntervalMs: m.pollIntervalMs,
    configsReadAt: m.configsReadAt,
    status,
    statusReasons,
    expectedNodes: m.expectedNodes,
    sources: m.sources,
    nodes: m.nodes,
    meta: m.meta,
    streams: m.streams,
    consumers: m.consumers,
    accounts: m.accounts,
    alerts: [...alerts],
    throughput: m.throughput,
    placement: m.placement,
    latency: m.latency,
    totals: m.totals,
  };
}
