/**
 * Turns each published snapshot into what the history store keeps: counter advances with resets
 * handled, messages stored per stream, and the start and end of node and cluster outages. Pure
 * apart from its own running state, which a restarted dashboard seeds from the store.
 */
import { isAnswering, quorumOf, streamKey } from "../model/assets";
import { isCanaryStream } from "../model/latency/view";
import type { ClusterSnapshot, NodeView } from "../model/types";
import type { CycleRecord, NodeSampleRow, NodeState, OutageChange, ResumeState, StreamSampleRow } from "./store";

/** An advance of a cumulative counter; a counter that went down (or a new start time) restarted from zero. */
export function counterAdvance(previous: number, current: number, restarted: boolean): number {
  return restarted || current < previous ? current : current - previous;
}

function nodeState(node: NodeView): NodeState {
  if (node.status === "up" || node.status === "degraded" || node.status === "down") return node.status;
  return "other";
}

/** Nothing listens where the node should be: refused, or its proxy says the upstream refused (502/503). */
const certainlyDown = (n: NodeView) => {
  const varz = n.endpoints.varz;
  return !varz.ok && (varz.kind === "refused" || (varz.kind === "unreachable" && (varz.status === 502 || varz.status === 503)));
};

/**
 * No node answered and not every one is certainly down (timeouts, network errors, auth failures):
 * the dashboard cannot see the cluster, which says nothing about the cluster itself. Such cycles
 * count as "not observed" rather than as outages (e.g. the first polls of a dashboard still booting).
 */
export function isBlind(snapshot: ClusterSnapshot): boolean {
  return snapshot.nodes.length > 0 && !snapshot.nodes.some(isAnswering) && !snapshot.nodes.every(certainlyDown);
}

/** A cluster is out when no meta leader answers or fewer than a quorum of its nodes do. */
export function clusterOutageReason(snapshot: ClusterSnapshot): string | null {
  const answering = snapshot.nodes.filter(isAnswering).length;
  const quorum = quorumOf(snapshot.expectedNodes);
  if (answering === 0) return "no node answered (connections refused)";
  if (answering < quorum) return `${answering} of ${snapshot.expectedNodes} nodes answering, fewer than a quorum of ${quorum}`;
  if (snapshot.meta.leader === null) return "no JetStream meta leader";
  return null;
}

/** A stream created after `since` was seen from its first message on. */
function createdSince(created: string | null, since: number | null): boolean {
  const t = created === null ? NaN : Date.parse(created);
  return since !== null && Number.isFinite(t) && t > since;
}

export class HistorySampler {
  private readonly nodes: ResumeState["nodes"];
  private readonly streams: ResumeState["streams"];
  private readonly downNodes = new Set<string>();
  private clusterDown = false;
  private lastAt: number | null = null;
  private lastAssetAt = -Infinity;
  /** A stream first seen now that was created after this was stored from zero, all of it in view. */
  private readonly countedUntil: number | null;
  private firstAt: number | null = null;
  /** Messages already counted by the previous run that the first polls would count again (see ResumeState). */
  private credit: number;
  /** Cycles were sampled but never written since the last one written. */
  private gap = false;

  constructor(
    resume: ResumeState,
    private readonly assetStepMs: number,
  ) {
    this.nodes = new Map(resume.nodes);
    this.streams = new Map(resume.streams);
    this.countedUntil = resume.countedUntil;
    this.credit = resume.storedCredit;
  }

  /**
   * The sampler as it is now, and the way back to it: a cycle whose record could not be written
   * (the store is down) must not move the baselines, or the messages it counted would be lost; the
   * next cycle written then carries them, over the time since the last one written.
   */
  checkpoint(): () => void {
    const nodes = [...this.nodes];
    const streams = [...this.streams];
    const downNodes = [...this.downNodes];
    const { clusterDown, lastAt, lastAssetAt, firstAt, credit, gap } = this;
    return () => {
      this.nodes.clear();
      for (const [k, v] of nodes) this.nodes.set(k, v);
      this.streams.clear();
      for (const [k, v] of streams) this.streams.set(k, v);
      this.downNodes.clear();
      for (const n of downNodes) this.downNodes.add(n);
      Object.assign(this, { clusterDown, lastAt, lastAssetAt, firstAt, credit, gap });
    };
  }

  /** After `checkpoint()`'s undo: the next record says that cycles before it were not written. */
  notWritten(): void {
    this.gap = true;
  }

  /** The record of one cycle, or null when this snapshot is not newer than the last one (an alert re-publish). */
  sample(snapshot: ClusterSnapshot): CycleRecord | null {
    const at = Date.parse(snapshot.collectedAt);
    if (this.lastAt !== null && at <= this.lastAt) return null;
    const seconds = this.lastAt === null ? null : (at - this.lastAt) / 1000;
    // The first poll of a new store is the baseline: what it sees was stored before anyone watched.
    const since = this.countedUntil ?? (this.lastAt === null ? null : this.firstAt);
    this.lastAt = at;
    this.firstAt ??= at;

    const nodes = snapshot.nodes.map((n) => this.nodeRow(n));
    const blind = isBlind(snapshot);
    const outages = blind ? [] : this.outageChanges(snapshot, at);

    // Every poll advances the per-stream totals; rows are made and stored only at the asset step.
    const assetsDue = at - this.lastAssetAt >= this.assetStepMs;
    if (assetsDue) this.lastAssetAt = at;
    let storedDelta = 0;
    let storedKnown = false;
    const streamRows: StreamSampleRow[] = [];
    for (const s of snapshot.streams) {
      const key = streamKey(s);
      const before = this.streams.get(key);
      if (s.truth !== "leader" || s.lastSeq === null) {
        // Not counted now. Its row at the asset step still says where its count stands: a run that
        // resumes from this step takes every stream's count from it, and the polls after it as counted.
        if (assetsDue && before) streamRows.push({ account: s.account, name: s.name, created: s.created, messages: null, bytes: null, lastSeq: before.lastSeq, storedTotal: before.storedTotal });
        continue;
      }
      const storedTotal = before ? before.storedTotal + counterAdvance(before.lastSeq, s.lastSeq, false) : s.lastSeq;
      const counted = isCanaryStream(snapshot.latency, s) ? 0 : before ? storedTotal - before.storedTotal : createdSince(s.created, since) ? s.lastSeq : 0;
      storedDelta += counted;
      storedKnown ||= before !== undefined || counted > 0;
      this.streams.set(key, { lastSeq: s.lastSeq, storedTotal });
      if (assetsDue)
        streamRows.push({ account: s.account, name: s.name, created: s.created, messages: s.messages ?? 0, bytes: s.bytes ?? 0, lastSeq: s.lastSeq, storedTotal });
    }

    const recounted = Math.min(this.credit, storedDelta);
    this.credit -= recounted;
    storedDelta -= recounted;
    const throughput = snapshot.throughput;
    const afterGap = this.gap;
    this.gap = false;
    return {
      at,
      blind,
      ...(afterGap && { afterGap }),
      cluster: {
        nodesUp: snapshot.totals.nodesUp,
        expectedNodes: snapshot.expectedNodes,
        metaLeader: snapshot.meta.leader,
        status: snapshot.status,
        inMsgsPerSec: throughput?.inMsgsPerSec ?? null,
        outMsgsPerSec: throughput?.outMsgsPerSec ?? null,
        storedMsgsPerSec: storedKnown && seconds && seconds > 0 ? storedDelta / seconds : null,
        storedDelta: storedKnown ? storedDelta : null,
      },
      nodes,
      streams: assetsDue ? streamRows : null,
      consumers: assetsDue
        ? snapshot.consumers
            .filter((c) => c.truth === "leader")
            .map((c) => ({
              account: c.account,
              stream: c.stream,
              name: c.name,
              numPending: c.numPending,
              numAckPending: c.numAckPending,
              numRedelivered: c.numRedelivered,
              numWaiting: c.numWaiting,
            }))
        : null,
      outages,
    };
  }

  private nodeRow(n: NodeView): NodeSampleRow {
    const counters = n.stale ? null : n.counters;
    let deltas: Pick<NodeSampleRow, "inMsgsDelta" | "outMsgsDelta" | "inBytesDelta" | "outBytesDelta"> = {
      inMsgsDelta: null,
      outMsgsDelta: null,
      inBytesDelta: null,
      outBytesDelta: null,
    };
    if (counters) {
      const before = this.nodes.get(n.name);
      if (before) {
        const restarted = before.startedAt !== null && n.startedAt !== null && before.startedAt !== n.startedAt;
        deltas = {
          inMsgsDelta: counterAdvance(before.inMsgs, counters.inMsgs, restarted),
          outMsgsDelta: counterAdvance(before.outMsgs, counters.outMsgs, restarted),
          inBytesDelta: counterAdvance(before.inBytes, counters.inBytes, restarted),
          outBytesDelta: counterAdvance(before.outBytes, counters.outBytes, restarted),
        };
      }
      this.nodes.set(n.name, { ...counters, startedAt: n.startedAt });
    }
    return {
      node: n.name,
      state: nodeState(n),
      ...deltas,
      inMsgs: counters?.inMsgs ?? null,
      outMsgs: counters?.outMsgs ?? null,
      inBytes: counters?.inBytes ?? null,
      outBytes: counters?.outBytes ?? null,
      startedAt: n.stale ? null : n.startedAt,
      inMsgsPerSec: n.rates?.inMsgsPerSec ?? null,
      outMsgsPerSec: n.rates?.outMsgsPerSec ?? null,
      storageBytes: n.stale ? null : (n.jetstream?.storageBytes ?? null),
      storageLimitBytes: n.jetstream?.storageLimitBytes ?? null,
      memBytes: n.stale ? null : n.memBytes,
      cpuPercent: n.stale ? null : n.cpuPercent,
      connections: n.stale ? null : n.connections,
      slowConsumers: n.stale ? null : n.slowConsumers,
    };
  }

  /** A node is out while it does not answer at all ("down"); auth or response problems are the dashboard's, not the node's. */
  private outageChanges(snapshot: ClusterSnapshot, at: number): OutageChange[] {
    const changes: OutageChange[] = [];
    for (const n of snapshot.nodes) {
      const down = n.status === "down";
      if (down && !this.downNodes.has(n.name)) {
        this.downNodes.add(n.name);
        changes.push({ scope: "node", node: n.name, kind: "start", at, reason: n.statusReason });
      } else if (!down && this.downNodes.has(n.name)) {
        this.downNodes.delete(n.name);
        changes.push({ scope: "node", node: n.name, kind: "end", at, reason: "" });
      }
    }
    const reason = clusterOutageReason(snapshot);
    if (reason && !this.clusterDown) changes.push({ scope: "cluster", node: null, kind: "start", at, reason });
    if (!reason && this.clusterDown) changes.push({ scope: "cluster", node: null, kind: "end", at, reason: "" });
    this.clusterDown = reason !== null;
    return changes;
  }
}
