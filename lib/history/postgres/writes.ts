/**
 * Writing: a run of the dashboard (session), every cycle in one transaction (each table's rows in
 * one statement), events and alert transitions as they happen. Row ids of new nodes, streams and
 * consumers are made before a cycle's transaction, so a cycle that fails leaves no id behind that
 * the cache would keep.
 */
import { streamKey } from "../../model/assets";
import type { LatencyMinute } from "../../model/latency/book";
import type { ClusterEvent } from "../../model/types";
import { eventValues, resumedCounters } from "../rows";
import type { CycleRecord, ResumeState } from "../store";
import { insertMany, one, rows, transaction, type Db, type PgContext } from "./context";

const STATUS_CODE = { ok: 0, warning: 1, critical: 2 } as const;
const STATE_CODE = { up: 0, degraded: 1, down: 2, other: 3 } as const;

const NODE_COLUMNS = [
  ["node_id", "bigint"],
  ["at", "bigint"],
  ["state", "smallint"],
  ["d_in_msgs", "bigint"],
  ["d_out_msgs", "bigint"],
  ["d_in_bytes", "bigint"],
  ["d_out_bytes", "bigint"],
  ["in_msgs", "bigint"],
  ["out_msgs", "bigint"],
  ["in_bytes", "bigint"],
  ["out_bytes", "bigint"],
  ["started", "text"],
  ["in_mps", "float8"],
  ["out_mps", "float8"],
  ["store_bytes", "bigint"],
  ["store_limit", "bigint"],
  ["mem_bytes", "bigint"],
  ["cpu", "float8"],
  ["conns", "integer"],
  ["slow", "bigint"],
] as const;
const STREAM_COLUMNS = [
  ["at", "bigint"],
  ["stream_id", "bigint"],
  ["messages", "bigint"],
  ["bytes", "bigint"],
  ["last_seq", "bigint"],
  ["stored_total", "bigint"],
] as const;
const CONSUMER_COLUMNS = [
  ["at", "bigint"],
  ["consumer_id", "bigint"],
  ["num_pending", "bigint"],
  ["num_ack_pending", "bigint"],
  ["num_redelivered", "bigint"],
  ["num_waiting", "bigint"],
] as const;
const LATENCY_COLUMNS = [
  ["cluster_id", "bigint"],
  ["series", "text"],
  ["minute", "bigint"],
  ["count", "bigint"],
  ["timeouts", "bigint"],
  ["errors", "bigint"],
  ["hist", "text"],
] as const;

/** The streams a cycle names (its own and its consumers'), each once, with its creation time where known. */
function streamsOf(record: CycleRecord): { account: string; name: string; created: number | null }[] {
  const byKey = new Map<string, { account: string; name: string; created: number | null }>();
  for (const s of record.streams ?? []) byKey.set(streamKey(s), { account: s.account, name: s.name, created: s.created ? Date.parse(s.created) : null });
  for (const c of record.consumers ?? []) {
    const key = streamKey({ account: c.account, name: c.stream });
    if (!byKey.has(key)) byKey.set(key, { account: c.account, name: c.stream, created: null });
  }
  return [...byKey.values()];
}

export class PgHistoryWriter {
  private readonly sessionIds = new Map<number, number>();
  private readonly sessionPollMs = new Map<number, number>();
  /** Clusters whose latest cycle was blind: their observation is interrupted. */
  private readonly blindClusters = new Set<number>();

  constructor(private readonly s: PgContext) {}

  async beginSession(cluster: string, at: number, pollIntervalMs: number): Promise<ResumeState> {
    const clusterId = await this.s.ids.cluster(cluster);
    return transaction(this.s.pool, async (db) => {
      const previous = (await one(db, "SELECT max(last) AS last FROM sessions WHERE cluster_id = $1", [clusterId]))!.last as number | null;
      // What was still open when the previous run stopped ends, unobserved, when that run last looked.
      if (previous !== null) await db.query('UPDATE outages SET "end" = greatest(start, $1), end_observed = 0 WHERE cluster_id = $2 AND "end" IS NULL', [previous, clusterId]);
      await this.startSession(db, clusterId, at, pollIntervalMs);

      const nodes: ResumeState["nodes"] = new Map();
      const nodeRows = await rows(
        db,
        `SELECT n.name, s.in_msgs, s.out_msgs, s.in_bytes, s.out_bytes, s.started FROM nodes n
         JOIN node_samples s ON s.node_id = n.id
         WHERE n.cluster_id = $1 AND s.at = (SELECT max(at) FROM node_samples WHERE node_id = n.id AND in_msgs IS NOT NULL)`,
        [clusterId],
      );
      for (const r of nodeRows) nodes.set(r.name as string, resumedCounters(r));
      // Each stream from the last stored asset poll, else from its newest rollup.
      const assetPoll = (await latestStreamCycle(db, clusterId, Number.MAX_SAFE_INTEGER)) ?? null;
      const streamRows = await rows(
        db,
        `SELECT st.account, st.name, coalesce(raw.last_seq, ro.last_seq_last) AS last_seq, coalesce(raw.stored_total, ro.stored_total_last) AS stored_total,
                raw.stream_id IS NOT NULL OR ro.last_seq_last IS NOT NULL AS known
         FROM streams st
         LEFT JOIN stream_samples raw ON raw.stream_id = st.id AND raw.at = $2
         LEFT JOIN LATERAL (SELECT last_seq_last, stored_total_last FROM stream_rollups WHERE stream_id = st.id ORDER BY bucket DESC LIMIT 1) ro ON true
         WHERE st.cluster_id = $1`,
        [clusterId, assetPoll],
      );
      const streams: ResumeState["streams"] = new Map();
      for (const r of streamRows)
        if (r.known) streams.set(streamKey({ account: r.account as string, name: r.name as string }), { lastSeq: r.last_seq as number, storedTotal: r.stored_total as number });
      // The stream figures are those of the last stored asset poll; every poll after it counted its messages already.
      const storedCredit =
        assetPoll === null
          ? 0
          : ((await one(db, "SELECT coalesce(sum(stored_delta), 0) AS n FROM cluster_samples WHERE cluster_id = $1 AND at > $2", [clusterId, assetPoll]))!.n as number);
      return { nodes, streams, countedUntil: previous, storedCredit };
    });
  }

  async writeCycle(cluster: string, record: CycleRecord): Promise<void> {
    const { pool, ids } = this.s;
    const clusterId = await ids.cluster(cluster);
    const at = record.at;
    const nodeIds = await ids.nodes(pool, clusterId, record.nodes.map((n) => n.node));
    const streams = streamsOf(record);
    const streamIds = new Map((await ids.streams(pool, clusterId, streams)).map((id, i) => [streamKey(streams[i]), id]));
    const consumers = record.consumers ?? [];
    const consumerIds = await ids.consumers(
      pool,
      consumers.map((c) => ({ streamId: streamIds.get(streamKey({ account: c.account, name: c.stream }))!, name: c.name })),
    );
    await transaction(pool, async (db) => {
      // A blind cycle ends the observation; the next cycle that sees the cluster starts a new one, as does one after cycles never written.
      if (record.blind) this.blindClusters.add(clusterId);
      else if (this.blindClusters.delete(clusterId) || record.afterGap) await this.startSession(db, clusterId, at, this.sessionPollMs.get(clusterId) ?? 0);
      else {
        const session = this.sessionIds.get(clusterId);
        if (session !== undefined) await db.query("UPDATE sessions SET last = $1 WHERE id = $2 AND last < $1", [at, session]);
      }
      const c = record.cluster;
      await db.query(
        `INSERT INTO cluster_samples VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (cluster_id, at) DO UPDATE SET nodes_up = EXCLUDED.nodes_up, nodes_expected = EXCLUDED.nodes_expected, meta_leader = EXCLUDED.meta_leader,
           status = EXCLUDED.status, in_mps = EXCLUDED.in_mps, out_mps = EXCLUDED.out_mps, stored_mps = EXCLUDED.stored_mps, stored_delta = EXCLUDED.stored_delta`,
        [clusterId, at, c.nodesUp, c.expectedNodes, c.metaLeader, STATUS_CODE[c.status], c.inMsgsPerSec, c.outMsgsPerSec, c.storedMsgsPerSec, c.storedDelta],
      );
      await insertMany(
        db,
        "node_samples",
        NODE_COLUMNS,
        record.nodes.map((n, i) => [
          nodeIds[i],
          at,
          STATE_CODE[n.state],
          n.inMsgsDelta,
          n.outMsgsDelta,
          n.inBytesDelta,
          n.outBytesDelta,
          n.inMsgs,
          n.outMsgs,
          n.inBytes,
          n.outBytes,
          n.startedAt,
          n.inMsgsPerSec,
          n.outMsgsPerSec,
          n.storageBytes,
          n.storageLimitBytes,
          n.memBytes,
          n.cpuPercent,
          n.connections,
          n.slowConsumers,
        ]),
        ["node_id", "at"],
      );
      await insertMany(
        db,
        "stream_samples",
        STREAM_COLUMNS,
        (record.streams ?? []).map((s) => [at, streamIds.get(streamKey(s)), s.messages, s.bytes, s.lastSeq, s.storedTotal]),
        ["at", "stream_id"],
      );
      await insertMany(
        db,
        "consumer_samples",
        CONSUMER_COLUMNS,
        consumers.map((c, i) => [at, consumerIds[i], c.numPending, c.numAckPending, c.numRedelivered, c.numWaiting]),
        ["at", "consumer_id"],
      );
      for (const o of record.outages) {
        if (o.kind === "start") await db.query("INSERT INTO outages (cluster_id, scope, node, start, reason) VALUES ($1, $2, $3, $4, $5)", [clusterId, o.scope, o.node, o.at, o.reason]);
        else
          await db.query('UPDATE outages SET "end" = $1, end_observed = 1 WHERE cluster_id = $2 AND scope = $3 AND node IS NOT DISTINCT FROM $4 AND "end" IS NULL', [
            o.at,
            clusterId,
            o.scope,
            o.node,
          ]);
      }
    });
  }

  async writeLatencyMinutes(cluster: string, minutes: readonly LatencyMinute[]): Promise<void> {
    const clusterId = await this.s.ids.cluster(cluster);
    await insertMany(
      this.s.pool,
      "latency_minutes",
      LATENCY_COLUMNS,
      minutes.map((m) => [clusterId, m.series, m.minute, m.count, m.timeouts, m.errors, m.hist]),
      ["cluster_id", "series", "minute"],
    );
  }

  async recordEvent(cluster: string, e: ClusterEvent): Promise<void> {
    await this.s.pool.query(
      `INSERT INTO events (cluster_id, at, kind, source, account, stream, consumer, server, from_leader, to_leader, leaderless_since, leaderless_ms, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [await this.s.ids.cluster(cluster), ...eventValues(e)],
    );
  }

  private async startSession(db: Db, clusterId: number, at: number, pollIntervalMs: number): Promise<void> {
    const session = await one(db, "INSERT INTO sessions (cluster_id, started, last, poll_ms) VALUES ($1, $2, $2, $3) RETURNING id", [clusterId, at, pollIntervalMs]);
    this.sessionIds.set(clusterId, session!.id as number);
    this.sessionPollMs.set(clusterId, pollIntervalMs);
  }
}

/** The time of the newest stored asset poll at or before `t`; null when there is none. */
export async function latestStreamCycle(db: Db, clusterId: number, t: number): Promise<number | null> {
  const row = await one(db, "SELECT s.at FROM stream_samples s JOIN streams st ON st.id = s.stream_id WHERE st.cluster_id = $1 AND s.at <= $2 ORDER BY s.at DESC LIMIT 1", [
    clusterId,
    t,
  ]);
  return row ? (row.at as number) : null;
}

export async function insertAlertTransition(db: Db, clusterId: number, values: readonly unknown[]): Promise<void> {
  await db.query(
    "INSERT INTO alert_transitions (cluster_id, at, alert_id, rule, severity, subject, from_state, to_state, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [clusterId, ...values],
  );
}
