/**
 * Writing: a run of the dashboard (session), every cycle in one transaction, events and alert
 * transitions as they happen. A dashboard killed with -9 keeps every cycle it had committed.
 */
import type { AlertTransition } from "../../alerts/engine";
import { streamKey } from "../../model/assets";
import type { LatencyMinute } from "../../model/latency/book";
import type { ClusterEvent } from "../../model/types";
import type { ClusterSampleRow, CycleRecord, ResumeState } from "../store";
import { alertTransitionValues, eventValues, resumedCounters, type Row } from "../rows";
import type { StoreContext } from "./context";
import { streamsAt } from "./reports";

const STATUS_CODE = { ok: 0, warning: 1, critical: 2 } as const;
const STATE_CODE = { up: 0, degraded: 1, down: 2, other: 3 } as const;

export class HistoryWriter {
  private readonly sessionIds = new Map<number, number>();
  private readonly sessionPollMs = new Map<number, number>();
  /** Clusters whose latest cycle was blind: their observation is interrupted. */
  private readonly blindClusters = new Set<number>();

  constructor(private readonly s: StoreContext) {}

  beginSession(cluster: string, at: number, pollIntervalMs: number): ResumeState {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(cluster);
    return db.transaction(() => {
      const previous = sql.sessionLast.get(clusterId) as { last: number | null };
      // What was still open when the previous run stopped ends, unobserved, when that run last looked.
      if (previous.last !== null) sql.outagesUnobservedEnd.run(previous.last, clusterId);
      this.startSession(clusterId, at, pollIntervalMs);

      const nodes: ResumeState["nodes"] = new Map();
      for (const r of sql.resumeNodes.all(clusterId) as Row[]) nodes.set(r.name as string, resumedCounters(r));
      const streams: ResumeState["streams"] = new Map();
      const latest = streamsAt(this.s, clusterId, Infinity);
      for (const s of sql.streamsOfCluster.all(clusterId) as Row[]) {
        const last = latest.get(s.id as number) ?? (sql.lastStreamRollup.get(s.id) as { last_seq: number; stored_total: number } | undefined);
        if (last) streams.set(streamKey({ account: s.account as string, name: s.name as string }), { lastSeq: last.last_seq, storedTotal: last.stored_total });
      }
      // The stream figures are those of the last stored asset poll; every poll after it counted its messages already.
      const assetPoll = sql.latestStreamCycle.get(clusterId, Number.MAX_SAFE_INTEGER) as { at: number } | undefined;
      const storedCredit = assetPoll ? (sql.storedAfter.get(clusterId, assetPoll.at) as { n: number }).n : 0;
      return { nodes, streams, countedUntil: previous.last, storedCredit };
    })();
  }

  writeCycle(cluster: string, record: CycleRecord): void {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(cluster);
    const at = record.at;
    db.transaction(() => {
      // A blind cycle ends the observation; the next cycle that sees the cluster starts a new one, as does one after cycles never written.
      if (record.blind) this.blindClusters.add(clusterId);
      else if (this.blindClusters.delete(clusterId) || record.afterGap) this.startSession(clusterId, at, this.sessionPollMs.get(clusterId) ?? 0);
      else {
        const session = this.sessionIds.get(clusterId);
        if (session !== undefined) sql.sessionTouch.run(at, session, at);
      }
      sql.clusterSample.run(clusterRow(clusterId, at, record.cluster));
      for (const n of record.nodes) {
        sql.nodeSample.run({
          node_id: ids.node(clusterId, n.node),
          at,
          state: STATE_CODE[n.state],
          d_in_msgs: n.inMsgsDelta,
          d_out_msgs: n.outMsgsDelta,
          d_in_bytes: n.inBytesDelta,
          d_out_bytes: n.outBytesDelta,
          in_msgs: n.inMsgs,
          out_msgs: n.outMsgs,
          in_bytes: n.inBytes,
          out_bytes: n.outBytes,
          started: n.startedAt,
          in_mps: n.inMsgsPerSec,
          out_mps: n.outMsgsPerSec,
          store_bytes: n.storageBytes,
          store_limit: n.storageLimitBytes,
          mem_bytes: n.memBytes,
          cpu: n.cpuPercent,
          conns: n.connections,
          slow: n.slowConsumers,
        });
      }
      for (const s of record.streams ?? []) {
        const id = ids.stream(clusterId, s.account, s.name, s.created ? Date.parse(s.created) : null);
        sql.streamSample.run(at, id, s.messages, s.bytes, s.lastSeq, s.storedTotal);
      }
      for (const c of record.consumers ?? []) {
        const streamId = ids.stream(clusterId, c.account, c.stream, null);
        sql.consumerSample.run(at, ids.consumer(streamId, c.name), c.numPending, c.numAckPending, c.numRedelivered, c.numWaiting);
      }
      for (const o of record.outages) {
        if (o.kind === "start") sql.outageStart.run(clusterId, o.scope, o.node, o.at, o.reason);
        else sql.outageEnd.run(o.at, 1, clusterId, o.scope, o.node);
      }
    })();
  }

  writeLatencyMinutes(cluster: string, minutes: readonly LatencyMinute[]): void {
    const { db, sql, ids } = this.s;
    const clusterId = ids.cluster(cluster);
    db.transaction(() => {
      for (const m of minutes) sql.latencyMinute.run(clusterId, m.series, m.minute, m.count, m.timeouts, m.errors, m.hist);
    })();
  }

  recordEvent(cluster: string, e: ClusterEvent): void {
    this.s.sql.event.run(this.s.ids.cluster(cluster), ...eventValues(e));
  }

  recordAlertTransition(cluster: string, t: AlertTransition): void {
    insertAlertTransition(this.s, this.s.ids.cluster(cluster), t);
  }

  private startSession(clusterId: number, at: number, pollIntervalMs: number): void {
    const session = this.s.sql.sessionInsert.run(clusterId, at, at, pollIntervalMs);
    this.sessionIds.set(clusterId, Number(session.lastInsertRowid));
    this.sessionPollMs.set(clusterId, pollIntervalMs);
  }
}

export function insertAlertTransition(s: StoreContext, clusterId: number, t: AlertTransition): void {
  s.sql.alertTransition.run(clusterId, ...alertTransitionValues(t));
}

function clusterRow(clusterId: number, at: number, c: ClusterSampleRow) {
  return {
    cluster_id: clusterId,
    at,
    nodes_up: c.nodesUp,
    nodes_expected: c.expectedNodes,
    meta_leader: c.metaLeader,
    status: STATUS_CODE[c.status],
    in_mps: c.inMsgsPerSec,
    out_mps: c.outMsgsPerSec,
    stored_mps: c.storedMsgsPerSec,
    stored_delta: c.storedDelta,
  };
}
