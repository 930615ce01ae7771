/**
 * Figures derived from the merged views, across polls and across nodes: rates of sequences,
 * "falling behind", account usage, cluster throughput, leader placement and balance, totals, and
 * the cluster's status by its own state. Pure.
 */
import { isUnlimited, type Jsz } from "../sources/monitor-schemas";
import { isAnswering, quorumOf } from "./assets";
import type { AccountView, ClusterStatus, ConsumerView, MergedSnapshot, NodeView, PlacementSummary, StreamView, ThroughputSample } from "./types";

const MIN_IMBALANCE_EXCESS = 2;

/** A server's limit as shown: null when it reports none (0) or unlimited (2^64−1). */
export function limitOrNull(value: number | undefined): number | null {
  return value === undefined || isUnlimited(value) || value === 0 ? null : value;
}

/** Change of a monotonic sequence per second between two polls; null without a usable previous value. */
export function perSecond(previous: number | null | undefined, current: number | null, seconds: number | null): number | null {
  if (previous === null || previous === undefined || current === null || seconds === null || seconds <= 0) return null;
  if (current < previous) return null;
  return (current - previous) / seconds;
}

/**
 * "Falling behind": numPending stays above the level it had when it started growing. Comparing
 * against that baseline (not the previous poll) ignores the dips of batched pull deliveries.
 */
export function pendingGrowth(previous: ConsumerView | undefined, numPending: number | null, nowIso: string): { since: string | null; baseline: number | null } {
  if (numPending === null) return { since: null, baseline: null };
  if (previous?.pendingGrowingSince && previous.pendingBaseline !== null && numPending > previous.pendingBaseline)
    return { since: previous.pendingGrowingSince, baseline: previous.pendingBaseline };
  if (previous?.numPending !== null && previous?.numPending !== undefined && numPending > previous.numPending)
    return { since: nowIso, baseline: previous.numPending };
  return { since: null, baseline: null };
}

/** Each JetStream account's usage summed over the nodes that answered; its limits as the servers report them. */
export function accountViews(answers: { jsz: Jsz }[]): AccountView[] {
  const accounts = new Map<string, AccountView>();
  for (const { jsz } of answers) {
    for (const a of jsz.account_details ?? []) {
      const view = accounts.get(a.name) ?? { name: a.name, storageBytes: 0, memoryBytes: 0, storageLimitBytes: null, memoryLimitBytes: null };
      view.storageBytes += a.storage ?? 0;
      view.memoryBytes += a.memory ?? 0;
      view.storageLimitBytes ??= limitOrNull(a.reserved_storage);
      view.memoryLimitBytes ??= limitOrNull(a.reserved_memory);
      accounts.set(a.name, view);
    }
  }
  return [...accounts.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The cluster's status by its own state, before any alert: what does not answer, lacks a leader or lags. */
export function clusterStatus(merged: Pick<MergedSnapshot, "nodes" | "expectedNodes" | "meta" | "streams" | "consumers" | "sources">): {
  status: ClusterStatus;
  reasons: string[];
} {
  const { nodes, expectedNodes, meta, streams, consumers, sources } = merged;
  const critical: string[] = [];
  const warning: string[] = [];
  const system = sources.system;
  if (system?.state.state === "failed") warning.push(`system account: ${system.state.message}`);
  else if (system?.lastPoll && !system.lastPoll.ok) warning.push(`system account: ${system.lastPoll.message}`);
  const answering = nodes.filter(isAnswering).length;
  const quorum = quorumOf(expectedNodes);
  if (answering === 0) critical.push("no node answers");
  else if (answering < quorum) critical.push(`only ${answering} of ${expectedNodes} nodes answer (quorum needs ${quorum})`);
  if (answering > 0 && meta.leader === null && meta.note !== "JetStream is not clustered" && meta.note !== "JetStream is disabled")
    critical.push("no JetStream meta leader");
  if (nodes.length < expectedNodes) warning.push(`${nodes.length} of ${expectedNodes} expected nodes are known`);
  for (const n of nodes) if (n.status !== "up") warning.push(`${n.name} ${n.status}: ${n.statusReason}`);
  const leaderless = streams.filter((s) => s.truth === "leaderless").length;
  const unreachable = streams.filter((s) => s.truth === "leader-unreachable").length;
  if (leaderless) critical.push(`${leaderless} stream${leaderless > 1 ? "s" : ""} without a leader`);
  if (unreachable) warning.push(`${unreachable} stream${unreachable > 1 ? "s" : ""} whose leader does not answer`);
  const consumersLeaderless = consumers.filter((c) => c.truth === "leaderless").length;
  if (consumersLeaderless) warning.push(`${consumersLeaderless} consumer${consumersLeaderless > 1 ? "s" : ""} without a leader`);
  const lagging = streams.reduce((sum, s) => sum + (s.replicas?.filter((r) => !r.current).length ?? 0), 0);
  if (lagging) warning.push(`${lagging} stream replica${lagging > 1 ? "s" : ""} not current`);
  if (critical.length) return { status: "critical", reasons: [...critical, ...warning] };
  if (warning.length) return { status: "warning", reasons: warning };
  return { status: "ok", reasons: [] };
}

/** The cluster's message rates: the nodes' rates summed, client-only when every node counts those. */
export function throughputSample(nodes: NodeView[], at: string): ThroughputSample | null {
  const withRates = nodes.filter((n) => n.rates && !n.stale);
  if (withRates.length === 0) return null;
  const clients = withRates.every((n) => n.rates!.inClientMsgsPerSec !== null && n.rates!.outClientMsgsPerSec !== null);
  const sample: ThroughputSample = {
    at,
    inMsgsPerSec: 0,
    outMsgsPerSec: 0,
    inBytesPerSec: 0,
    outBytesPerSec: 0,
    basis: clients ? "clients" : "all-connections",
    perNode: {},
  };
  for (const n of withRates) {
    const r = n.rates!;
    const inMsgs = clients ? r.inClientMsgsPerSec! : r.inMsgsPerSec;
    const outMsgs = clients ? r.outClientMsgsPerSec! : r.outMsgsPerSec;
    sample.inMsgsPerSec += inMsgs;
    sample.outMsgsPerSec += outMsgs;
    sample.inBytesPerSec += r.inBytesPerSec;
    sample.outBytesPerSec += r.outBytesPerSec;
    sample.perNode[n.name] = { inMsgsPerSec: inMsgs, outMsgsPerSec: outMsgs };
  }
  return sample;
}

/** Leaders and replicas per node, and which nodes lead more than their share of streams. */
export function placementSummary(nodes: NodeView[], streams: StreamView[], consumers: ConsumerView[], ratio: number): PlacementSummary {
  const names = nodes.map((n) => n.name);
  const count = <T>(items: T[], test: (item: T, node: string) => boolean) => (node: string) => items.filter((i) => test(i, node)).length;
  const streamLeaders = count(streams, (s, node) => s.truth === "leader" && s.leader === node);
  const consumerLeaders = count(consumers, (c, node) => c.truth === "leader" && c.leader === node);
  // Placement as the leader sees it (its followers include nodes that did not answer), else as reported.
  const replicas = count(streams, (s, node) => s.leader === node || s.hostedOn.includes(node) || (s.replicas ?? []).some((r) => r.name === node));
  const leading = names.map(streamLeaders);
  const answering = nodes.filter(isAnswering).length || names.length;
  const averageStreamLeaders = names.length ? leading.reduce((a, b) => a + b, 0) / answering : 0;
  return {
    averageStreamLeaders,
    nodes: names.map((name, i) => ({
      name,
      streamLeaders: leading[i],
      consumerLeaders: consumerLeaders(name),
      streamReplicas: replicas(name),
      // With a handful of streams one leader more is no imbalance: ask for at least two above the average.
      imbalanced: averageStreamLeaders > 0 && leading[i] > ratio * averageStreamLeaders && leading[i] - averageStreamLeaders >= MIN_IMBALANCE_EXCESS,
    })),
  };
}

/** Sums that never count a replica twice: messages and bytes from each stream's leader only. */
export function totalsOf(nodes: NodeView[], streams: StreamView[], consumers: ConsumerView[]): MergedSnapshot["totals"] {
  const leaderStreams = streams.filter((s) => s.truth === "leader");
  return {
    nodesUp: nodes.filter((n) => n.status === "up").length,
    streams: streams.length,
    consumers: consumers.length,
    messages: leaderStreams.reduce((sum, s) => sum + (s.messages ?? 0), 0),
    bytes: leaderStreams.reduce((sum, s) => sum + (s.bytes ?? 0), 0),
  };
}
