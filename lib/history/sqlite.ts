/**
 * The SQLite history store: one file in WAL mode. Every cycle is one transaction, so a dashboard
 * killed with -9 keeps every cycle it had committed. Nodes and the cluster are stored at every
 * poll and rolled up per minute; streams and consumers are stored at a coarser step and rolled up
 * per `assetRollupMs`. Rollups and pruning run in small batches between which the event loop (and
 * so the collector) gets its turn.
 */
import "server-only";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { AlertTransition } from "../alerts/engine";
import { consumerKey, streamKey } from "../model/assets";
import type { ClusterEvent } from "../model/types";
import {
  NODE_ROLLUP_MS,
  type ClusterSampleRow,
  type ConsumerWorst,
  type CounterTotals,
  type CycleRecord,
  type HistoryStore,
  type NodeStorage,
  type Outage,
  type PeakRates,
  type ResumeState,
  type Series,
  type SeriesTarget,
  type Session,
  type StoredAlertTransition,
  type StreamAdvance,
} from "./store";

export interface SqliteStoreOptions {
  rawRetentionMs: number;
  rollupRetentionMs: number;
  assetRollupMs: number;
}

const MINUTE = NODE_ROLLUP_MS;
const SCHEMA_VERSION = 2;
/** Ids per batch when rolling up or pruning stream and consumer rows. */
const ID_SLICE = 200;
/** Raw stream and consumer samples deleted per batch (by time). */
const PRUNE_CHUNK_MS = 5 * MINUTE;
/** Longer periods chart an asset from its rollups: raw rows of one asset are spread over every poll's rows. */
const ASSET_RAW_CHART_MAX_MS = 6 * 3_600_000;
/** Minutes of node and cluster samples rolled up per batch. */
const MINUTES_PER_BATCH = 60;
/** A minute is rolled up once this long has passed after its end (the cycle that ends in it is written). */
const SETTLE_MS = 5_000;

const STATUS_CODE = { ok: 0, warning: 1, critical: 2 } as const;
const STATE_CODE = { up: 0, degraded: 1, down: 2, other: 3 } as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clusters (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (cluster_id, name));
CREATE TABLE IF NOT EXISTS streams (id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, account TEXT NOT NULL, name TEXT NOT NULL, created INTEGER, UNIQUE (cluster_id, account, name));
CREATE TABLE IF NOT EXISTS consumers (id INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (stream_id, name));
CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, started INTEGER NOT NULL, last INTEGER NOT NULL, poll_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_time ON sessions (cluster_id, last);
CREATE TABLE IF NOT EXISTS cluster_samples (
  cluster_id INTEGER NOT NULL, at INTEGER NOT NULL, nodes_up INTEGER, nodes_expected INTEGER, meta_leader TEXT, status INTEGER,
  in_mps REAL, out_mps REAL, stored_mps REAL, stored_delta INTEGER, PRIMARY KEY (cluster_id, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_minutes (
  cluster_id INTEGER NOT NULL, minute INTEGER NOT NULL, samples INTEGER, nodes_up_min INTEGER, leaderless_samples INTEGER,
  in_mps_avg REAL, in_mps_max REAL, out_mps_avg REAL, out_mps_max REAL, stored_mps_avg REAL, stored_mps_max REAL, stored_delta INTEGER,
  PRIMARY KEY (cluster_id, minute)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS node_samples (
  node_id INTEGER NOT NULL, at INTEGER NOT NULL, state INTEGER NOT NULL,
  d_in_msgs INTEGER, d_out_msgs INTEGER, d_in_bytes INTEGER, d_out_bytes INTEGER,
  in_msgs INTEGER, out_msgs INTEGER, in_bytes INTEGER, out_bytes INTEGER, started TEXT,
  in_mps REAL, out_mps REAL, store_bytes INTEGER, store_limit INTEGER, mem_bytes INTEGER, cpu REAL, conns INTEGER, slow INTEGER,
  PRIMARY KEY (node_id, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS node_minutes (
  node_id INTEGER NOT NULL, minute INTEGER NOT NULL, samples INTEGER, up_samples INTEGER,
  d_in_msgs INTEGER, d_out_msgs INTEGER, d_in_bytes INTEGER, d_out_bytes INTEGER,
  in_mps_avg REAL, in_mps_max REAL, out_mps_avg REAL, out_mps_max REAL,
  store_bytes_max INTEGER, store_bytes_last INTEGER, store_limit INTEGER, mem_max INTEGER, cpu_avg REAL, cpu_max REAL, conns_max INTEGER, slow_last INTEGER,
  PRIMARY KEY (node_id, minute)) WITHOUT ROWID;
-- Raw asset samples are keyed by time first: one poll's thousands of rows land on a few adjacent
-- pages instead of one page per stream (which made every stored poll rewrite ~16 MB).
CREATE TABLE IF NOT EXISTS stream_samples (
  at INTEGER NOT NULL, stream_id INTEGER NOT NULL, messages INTEGER, bytes INTEGER, last_seq INTEGER, stored_total INTEGER,
  PRIMARY KEY (at, stream_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_rollups (
  stream_id INTEGER NOT NULL, bucket INTEGER NOT NULL, messages_max INTEGER, messages_last INTEGER, bytes_max INTEGER, bytes_last INTEGER,
  last_seq_last INTEGER, stored_total_last INTEGER, PRIMARY KEY (stream_id, bucket)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS consumer_samples (
  at INTEGER NOT NULL, consumer_id INTEGER NOT NULL, num_pending INTEGER, num_ack_pending INTEGER, num_redelivered INTEGER, num_waiting INTEGER,
  PRIMARY KEY (at, consumer_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS consumer_rollups (
  consumer_id INTEGER NOT NULL, bucket INTEGER NOT NULL, pending_max INTEGER, pending_last INTEGER, ack_pending_max INTEGER,
  redelivered_max INTEGER, waiting_max INTEGER, PRIMARY KEY (consumer_id, bucket)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
  account TEXT, stream TEXT, consumer TEXT, server TEXT, from_leader TEXT, to_leader TEXT, leaderless_since TEXT, leaderless_ms INTEGER, detail TEXT);
CREATE INDEX IF NOT EXISTS events_by_time ON events (cluster_id, at);
CREATE TABLE IF NOT EXISTS alert_transitions (
  id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, at INTEGER NOT NULL, alert_id TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
  subject TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, message TEXT);
CREATE INDEX IF NOT EXISTS alert_transitions_by_time ON alert_transitions (cluster_id, at);
CREATE TABLE IF NOT EXISTS outages (
  id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, scope TEXT NOT NULL, node TEXT, start INTEGER NOT NULL, end INTEGER,
  end_observed INTEGER NOT NULL DEFAULT 1, reason TEXT);
CREATE INDEX IF NOT EXISTS outages_by_time ON outages (cluster_id, start);
`;

type Row = Record<string, number | string | null>;

const alignDown = (t: number, step: number) => Math.floor(t / step) * step;
const alignUp = (t: number, step: number) => Math.ceil(t / step) * step;

export class SqliteHistoryStore implements HistoryStore {
  readonly db: Database.Database;
  private readonly clusterIds = new Map<string, number>();
  private readonly nodeIds = new Map<string, number>();
  private readonly streamIds = new Map<string, number>();
  private readonly consumerIds = new Map<string, number>();
  private readonly sessionIds = new Map<number, number>();
  private readonly sessionPollMs = new Map<number, number>();
  /** Clusters whose latest cycle was blind: their observation is interrupted. */
  private readonly blindClusters = new Set<number>();
  private readonly stmt: Record<string, Database.Statement>;
  private maintaining = false;

  constructor(
    readonly file: string,
    private readonly options: SqliteStoreOptions,
  ) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode survives a crash of the process (kill -9); only a power cut may lose the newest cycles.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${file} was written by a newer JetStream Watch (schema ${version}); refusing to change it`);
    // Schema 1 keyed raw asset samples by asset first; they are raw (a day at most) and are dropped.
    if (version === 1) this.db.exec("DROP TABLE IF EXISTS stream_samples; DROP TABLE IF EXISTS consumer_samples;");
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.stmt = {
      clusterId: prepare("INSERT INTO clusters (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id"),
      nodeId: prepare("INSERT INTO nodes (cluster_id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = name RETURNING id"),
      streamId: prepare(
        "INSERT INTO streams (cluster_id, account, name, created) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET created = coalesce(excluded.created, created) RETURNING id",
      ),
      consumerId: prepare("INSERT INTO consumers (stream_id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = name RETURNING id"),
      sessionInsert: prepare("INSERT INTO sessions (cluster_id, started, last, poll_ms) VALUES (?, ?, ?, ?)"),
      sessionTouch: prepare("UPDATE sessions SET last = ? WHERE id = ? AND last < ?"),
      clusterSample: prepare(
        "INSERT OR REPLACE INTO cluster_samples VALUES (@cluster_id, @at, @nodes_up, @nodes_expected, @meta_leader, @status, @in_mps, @out_mps, @stored_mps, @stored_delta)",
      ),
      nodeSample: prepare(
        `INSERT OR REPLACE INTO node_samples VALUES (@node_id, @at, @state, @d_in_msgs, @d_out_msgs, @d_in_bytes, @d_out_bytes,
          @in_msgs, @out_msgs, @in_bytes, @out_bytes, @started, @in_mps, @out_mps, @store_bytes, @store_limit, @mem_bytes, @cpu, @conns, @slow)`,
      ),
      streamSample: prepare("INSERT OR REPLACE INTO stream_samples VALUES (?, ?, ?, ?, ?, ?)"),
      consumerSample: prepare("INSERT OR REPLACE INTO consumer_samples VALUES (?, ?, ?, ?, ?, ?)"),
      latestStreamCycle: prepare(
        "SELECT s.at FROM stream_samples s JOIN streams st ON st.id = s.stream_id WHERE st.cluster_id = ? AND s.at <= ? ORDER BY s.at DESC LIMIT 1",
      ),
      streamCycle: prepare(
        "SELECT s.stream_id, s.last_seq, s.stored_total FROM stream_samples s JOIN streams st ON st.id = s.stream_id WHERE s.at = ? AND st.cluster_id = ?",
      ),
      outageStart: prepare("INSERT INTO outages (cluster_id, scope, node, start, reason) VALUES (?, ?, ?, ?, ?)"),
      outageEnd: prepare("UPDATE outages SET end = ?, end_observed = ? WHERE cluster_id = ? AND scope = ? AND node IS ? AND end IS NULL"),
      event: prepare(
        `INSERT INTO events (cluster_id, at, kind, source, account, stream, consumer, server, from_leader, to_leader, leaderless_since, leaderless_ms, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      alertTransition: prepare(
        "INSERT INTO alert_transitions (cluster_id, at, alert_id, rule, severity, subject, from_state, to_state, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      metaGet: prepare("SELECT value FROM meta WHERE key = ?"),
      metaSet: prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      lastStreamRollup: prepare("SELECT last_seq_last AS last_seq, stored_total_last AS stored_total FROM stream_rollups WHERE stream_id = ? ORDER BY bucket DESC LIMIT 1"),
      storedAtRollup: prepare("SELECT stored_total_last AS stored_total FROM stream_rollups WHERE stream_id = ? AND bucket + ? <= ? ORDER BY bucket DESC LIMIT 1"),
      storedFirstRaw: prepare("SELECT stored_total FROM stream_samples WHERE stream_id = ? AND at > ? AND at <= ? ORDER BY at LIMIT 1"),
      storedFirstRollup: prepare("SELECT stored_total_last AS stored_total FROM stream_rollups WHERE stream_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket LIMIT 1"),
    };
  }

  // ---- ids ----

  private clusterId(name: string): number {
    let id = this.clusterIds.get(name);
    if (id === undefined) {
      id = (this.stmt.clusterId.get(name) as { id: number }).id;
      this.clusterIds.set(name, id);
    }
    return id;
  }

  private existingClusterId(name: string): number | null {
    const known = this.clusterIds.get(name);
    if (known !== undefined) return known;
    const row = this.db.prepare("SELECT id FROM clusters WHERE name = ?").get(name) as { id: number } | undefined;
    if (row) this.clusterIds.set(name, row.id);
    return row?.id ?? null;
  }

  /** A row id looked up (or created) once per name, then kept: ids never change while the file is open. */
  private cachedId(cache: Map<string, number>, key: string, lookup: () => { id: number }): number {
    let id = cache.get(key);
    if (id === undefined) {
      id = lookup().id;
      cache.set(key, id);
    }
    return id;
  }

  private nodeId(clusterId: number, name: string): number {
    return this.cachedId(this.nodeIds, `${clusterId}\u0000${name}`, () => this.stmt.nodeId.get(clusterId, name) as { id: number });
  }

  private streamId(clusterId: number, account: string, name: string, created: number | null): number {
    return this.cachedId(this.streamIds, `${clusterId}\u0000${account}\u0000${name}`, () => this.stmt.streamId.get(clusterId, account, name, created) as { id: number });
  }

  private consumerId(streamId: number, name: string): number {
    return this.cachedId(this.consumerIds, `${streamId}\u0000${name}`, () => this.stmt.consumerId.get(streamId, name) as { id: number });
  }

  // ---- writing ----

  beginSession(cluster: string, at: number, pollIntervalMs: number): ResumeState {
    const clusterId = this.clusterId(cluster);
    return this.db.transaction(() => {
      const previous = this.db.prepare("SELECT max(last) AS last FROM sessions WHERE cluster_id = ?").get(clusterId) as { last: number | null };
      // What was still open when the previous run stopped ends, unobserved, when that run last looked.
      if (previous.last !== null)
        this.db.prepare("UPDATE outages SET end = max(start, ?), end_observed = 0 WHERE cluster_id = ? AND end IS NULL").run(previous.last, clusterId);
      this.startSession(clusterId, at, pollIntervalMs);

      const nodes: ResumeState["nodes"] = new Map();
      const nodeRows = this.db
        .prepare(
          `SELECT n.name, s.in_msgs, s.out_msgs, s.in_bytes, s.out_bytes, s.started FROM nodes n
           JOIN node_samples s ON s.node_id = n.id
           WHERE n.cluster_id = ? AND s.at = (SELECT max(at) FROM node_samples WHERE node_id = n.id AND in_msgs IS NOT NULL)`,
        )
        .all(clusterId) as Row[];
      for (const r of nodeRows)
        nodes.set(r.name as string, {
          inMsgs: r.in_msgs as number,
          outMsgs: r.out_msgs as number,
          inBytes: r.in_bytes as number,
          outBytes: r.out_bytes as number,
          startedAt: (r.started as string | null) ?? null,
        });
      const streams: ResumeState["streams"] = new Map();
      const latest = this.streamsAt(clusterId, Infinity);
      for (const s of this.db.prepare("SELECT id, account, name FROM streams WHERE cluster_id = ?").all(clusterId) as Row[]) {
        const last = latest.get(s.id as number) ?? (this.stmt.lastStreamRollup.get(s.id) as { last_seq: number; stored_total: number } | undefined);
        if (last) streams.set(streamKey({ account: s.account as string, name: s.name as string }), { lastSeq: last.last_seq, storedTotal: last.stored_total });
      }
      return { nodes, streams };
    })();
  }

  private startSession(clusterId: number, at: number, pollIntervalMs: number): void {
    const session = this.stmt.sessionInsert.run(clusterId, at, at, pollIntervalMs);
    this.sessionIds.set(clusterId, Number(session.lastInsertRowid));
    this.sessionPollMs.set(clusterId, pollIntervalMs);
  }

  /** Every stream's raw sample from the newest stored asset poll at or before `t`. */
  private streamsAt(clusterId: number, t: number): Map<number, { last_seq: number; stored_total: number }> {
    const cycle = this.stmt.latestStreamCycle.get(clusterId, Number.isFinite(t) ? t : Number.MAX_SAFE_INTEGER) as { at: number } | undefined;
    if (!cycle) return new Map();
    const rows = this.stmt.streamCycle.all(cycle.at, clusterId) as { stream_id: number; last_seq: number; stored_total: number }[];
    return new Map(rows.map((r) => [r.stream_id, r]));
  }

  writeCycle(cluster: string, record: CycleRecord): void {
    const clusterId = this.clusterId(cluster);
    const at = record.at;
    this.db.transaction(() => {
      // A blind cycle ends the observation; the next cycle that sees the cluster starts a new one.
      if (record.blind) this.blindClusters.add(clusterId);
      else if (this.blindClusters.delete(clusterId)) this.startSession(clusterId, at, this.sessionPollMs.get(clusterId) ?? 0);
      else {
        const session = this.sessionIds.get(clusterId);
        if (session !== undefined) this.stmt.sessionTouch.run(at, session, at);
      }
      this.stmt.clusterSample.run(clusterRow(clusterId, at, record.cluster));
      for (const n of record.nodes) {
        this.stmt.nodeSample.run({
          node_id: this.nodeId(clusterId, n.node),
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
        const id = this.streamId(clusterId, s.account, s.name, s.created ? Date.parse(s.created) : null);
        this.stmt.streamSample.run(at, id, s.messages, s.bytes, s.lastSeq, s.storedTotal);
      }
      for (const c of record.consumers ?? []) {
        const streamId = this.streamId(clusterId, c.account, c.stream, null);
        this.stmt.consumerSample.run(at, this.consumerId(streamId, c.name), c.numPending, c.numAckPending, c.numRedelivered, c.numWaiting);
      }
      for (const o of record.outages) {
        if (o.kind === "start") this.stmt.outageStart.run(clusterId, o.scope, o.node, o.at, o.reason);
        else this.stmt.outageEnd.run(o.at, 1, clusterId, o.scope, o.node);
      }
    })();
  }

  recordEvent(cluster: string, e: ClusterEvent): void {
    this.stmt.event.run(
      this.clusterId(cluster),
      Date.parse(e.at),
      e.kind,
      e.source,
      e.account,
      e.stream,
      e.consumer,
      e.server,
      e.fromLeader,
      e.toLeader,
      e.leaderlessSince,
      e.leaderlessMs,
      e.detail,
    );
  }

  recordAlertTransition(cluster: string, t: AlertTransition): void {
    this.stmt.alertTransition.run(this.clusterId(cluster), Date.parse(t.at), t.id, t.rule, t.severity, t.subjectLabel, t.from, t.to, t.message);
  }

  // ---- rollups and pruning ----

  private metaNumber(key: string): number | null {
    const row = this.stmt.metaGet.get(key) as { value: number } | undefined;
    return row ? Number(row.value) : null;
  }

  /** Time up to which per-minute rollups of nodes and the cluster are complete. */
  minuteWatermark(): number | null {
    return this.metaNumber("wm.minutes");
  }

  /** Time up to which stream and consumer rollups are complete. */
  assetWatermark(): number | null {
    return this.metaNumber("wm.assets");
  }

  async maintain(now: number): Promise<void> {
    if (this.maintaining) return;
    this.maintaining = true;
    try {
      await this.rollUpMinutes(alignDown(now - SETTLE_MS, MINUTE));
      await this.rollUpAssets(alignDown(now - SETTLE_MS, this.options.assetRollupMs));
      await this.prune(now);
    } finally {
      this.maintaining = false;
    }
  }

  private async rollUpMinutes(until: number): Promise<void> {
    let from = this.minuteWatermark();
    if (from === null) {
      const first = this.db.prepare("SELECT min(started) AS t FROM sessions").get() as { t: number | null };
      if (first.t === null) return;
      from = alignDown(first.t, MINUTE);
    }
    const nodeRollup = this.db.prepare(
      `INSERT OR REPLACE INTO node_minutes
       SELECT node_id, (at / 60000) * 60000, count(*), sum(state <= 1), sum(d_in_msgs), sum(d_out_msgs), sum(d_in_bytes), sum(d_out_bytes),
              avg(in_mps), max(in_mps), avg(out_mps), max(out_mps), max(store_bytes),
              (SELECT store_bytes FROM node_samples x WHERE x.node_id = s.node_id AND x.at < (s.at / 60000) * 60000 + 60000 AND x.at >= (s.at / 60000) * 60000 ORDER BY x.at DESC LIMIT 1),
              max(store_limit), max(mem_bytes), avg(cpu), max(cpu), max(conns), max(slow)
       FROM node_samples s WHERE at >= ? AND at < ? GROUP BY node_id, at / 60000`,
    );
    const clusterRollup = this.db.prepare(
      `INSERT OR REPLACE INTO cluster_minutes
       SELECT cluster_id, (at / 60000) * 60000, count(*), min(nodes_up), sum(meta_leader IS NULL), avg(in_mps), max(in_mps), avg(out_mps), max(out_mps),
              avg(stored_mps), max(stored_mps), sum(stored_delta)
       FROM cluster_samples WHERE at >= ? AND at < ? GROUP BY cluster_id, at / 60000`,
    );
    while (from < until) {
      const to = Math.min(until, from + MINUTES_PER_BATCH * MINUTE);
      this.db.transaction(() => {
        nodeRollup.run(from, to);
        clusterRollup.run(from, to);
        this.stmt.metaSet.run("wm.minutes", to);
      })();
      from = to;
      await yieldToLoop();
    }
  }

  /** The id ranges the batched rollups and pruning walk in slices. */
  private maxAssetIds(): { maxStream: number; maxConsumer: number } {
    const max = (table: string) => (this.db.prepare(`SELECT max(id) AS id FROM ${table}`).get() as { id: number | null }).id ?? 0;
    return { maxStream: max("streams"), maxConsumer: max("consumers") };
  }

  private async rollUpAssets(until: number): Promise<void> {
    const size = this.options.assetRollupMs;
    let from = this.assetWatermark();
    if (from === null) {
      const first = this.db.prepare("SELECT min(started) AS t FROM sessions").get() as { t: number | null };
      if (first.t === null) return;
      from = alignDown(first.t, size);
    }
    // The "last" values come from each asset's newest row in the bucket, found by its (at, id) key.
    const streamRollup = this.db.prepare(
      `INSERT OR REPLACE INTO stream_rollups
       SELECT a.stream_id, @bucket, a.messages_max, l.messages, a.bytes_max, l.bytes, l.last_seq, a.stored_max
       FROM (SELECT stream_id, max(messages) AS messages_max, max(bytes) AS bytes_max, max(stored_total) AS stored_max, max(at) AS last_at
               FROM stream_samples WHERE at >= @from AND at < @to AND stream_id BETWEEN @lo AND @hi GROUP BY stream_id) a
       JOIN stream_samples l ON l.at = a.last_at AND l.stream_id = a.stream_id`,
    );
    const consumerRollup = this.db.prepare(
      `INSERT OR REPLACE INTO consumer_rollups
       SELECT a.consumer_id, @bucket, a.pending_max, l.num_pending, a.ack_max, a.redelivered_max, a.waiting_max
       FROM (SELECT consumer_id, max(num_pending) AS pending_max, max(num_ack_pending) AS ack_max, max(num_redelivered) AS redelivered_max,
                    max(num_waiting) AS waiting_max, max(at) AS last_at
               FROM consumer_samples WHERE at >= @from AND at < @to AND consumer_id BETWEEN @lo AND @hi GROUP BY consumer_id) a
       JOIN consumer_samples l ON l.at = a.last_at AND l.consumer_id = a.consumer_id`,
    );
    const { maxStream, maxConsumer } = this.maxAssetIds();
    while (from < until) {
      const bucket = { bucket: from, from, to: from + size };
      for (let lo = 0; lo <= maxStream; lo += ID_SLICE) {
        streamRollup.run({ ...bucket, lo, hi: lo + ID_SLICE - 1 });
        await yieldToLoop();
      }
      for (let lo = 0; lo <= maxConsumer; lo += ID_SLICE) {
        consumerRollup.run({ ...bucket, lo, hi: lo + ID_SLICE - 1 });
        await yieldToLoop();
      }
      from += size;
      this.stmt.metaSet.run("wm.assets", from);
    }
  }

  private async prune(now: number): Promise<void> {
    const rawCutoff = now - this.options.rawRetentionMs;
    const rollupCutoff = now - this.options.rollupRetentionMs;
    // Raw rows go only once their rollup exists.
    const minuteCut = Math.min(rawCutoff, this.minuteWatermark() ?? -Infinity);
    const assetCut = Math.min(rawCutoff, this.assetWatermark() ?? -Infinity);
    if (Number.isFinite(minuteCut)) {
      this.db.prepare("DELETE FROM cluster_samples WHERE at < ?").run(minuteCut);
      this.db.prepare("DELETE FROM node_samples WHERE at < ?").run(minuteCut);
    }
    await yieldToLoop();
    this.db.prepare("DELETE FROM cluster_minutes WHERE minute < ?").run(rollupCutoff);
    this.db.prepare("DELETE FROM node_minutes WHERE minute < ?").run(rollupCutoff);
    for (const table of ["events", "alert_transitions"]) this.db.prepare(`DELETE FROM ${table} WHERE at < ?`).run(rollupCutoff);
    this.db.prepare("DELETE FROM outages WHERE end IS NOT NULL AND end < ?").run(rollupCutoff);
    this.db.prepare("DELETE FROM sessions WHERE last < ?").run(rollupCutoff);
    await yieldToLoop();
    const slices = async (table: string, idColumn: string, timeColumn: string, cutoff: number, maxId: number) => {
      const del = this.db.prepare(`DELETE FROM ${table} WHERE ${idColumn} BETWEEN ? AND ? AND ${timeColumn} < ?`);
      for (let lo = 0; lo <= maxId; lo += ID_SLICE) {
        del.run(lo, lo + ID_SLICE - 1, cutoff);
        await yieldToLoop();
      }
    };
    const { maxStream, maxConsumer } = this.maxAssetIds();
    if (Number.isFinite(assetCut)) {
      // Time-keyed: delete the oldest rows a few minutes at a time.
      for (const table of ["stream_samples", "consumer_samples"]) {
        const oldest = () => (this.db.prepare(`SELECT at FROM ${table} ORDER BY at LIMIT 1`).get() as { at: number } | undefined)?.at;
        const del = this.db.prepare(`DELETE FROM ${table} WHERE at < ?`);
        for (let t = oldest(); t !== undefined && t < assetCut; t = oldest()) {
          del.run(Math.min(assetCut, t + PRUNE_CHUNK_MS));
          await yieldToLoop();
        }
      }
    }
    await slices("stream_rollups", "stream_id", "bucket", rollupCutoff, maxStream);
    await slices("consumer_rollups", "consumer_id", "bucket", rollupCutoff, maxConsumer);
  }

  // ---- reading ----

  sessions(cluster: string, from: number, to: number): Session[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    return (
      this.db.prepare("SELECT started, last, poll_ms FROM sessions WHERE cluster_id = ? AND last >= ? AND started <= ? ORDER BY started").all(id, from, to) as Row[]
    ).map((r) => ({ started: r.started as number, last: r.last as number, pollIntervalMs: r.poll_ms as number }));
  }

  outages(cluster: string, from: number, to: number): Outage[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    const rows = this.db
      .prepare("SELECT scope, node, start, end, end_observed, reason FROM outages WHERE cluster_id = ? AND start <= ? AND (end IS NULL OR end >= ?) ORDER BY start")
      .all(id, to, from) as Row[];
    return rows.map((r) => ({
      scope: r.scope as Outage["scope"],
      node: (r.node as string | null) ?? null,
      start: r.start as number,
      end: (r.end as number | null) ?? null,
      endObserved: r.end_observed === 1,
      reason: (r.reason as string | null) ?? "",
    }));
  }

  events(cluster: string, from: number, to: number, kinds?: readonly string[]): ClusterEvent[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    const kindFilter = kinds?.length ? ` AND kind IN (${kinds.map(() => "?").join(",")})` : "";
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE cluster_id = ? AND at >= ? AND at <= ?${kindFilter} ORDER BY at, id`)
      .all(id, from, to, ...(kinds ?? [])) as Row[];
    return rows.map((r) => ({
      id: `h${r.id}`,
      at: new Date(r.at as number).toISOString(),
      kind: r.kind as ClusterEvent["kind"],
      source: r.source as ClusterEvent["source"],
      account: r.account as string | null,
      stream: r.stream as string | null,
      consumer: r.consumer as string | null,
      server: r.server as string | null,
      fromLeader: r.from_leader as string | null,
      toLeader: r.to_leader as string | null,
      leaderlessSince: r.leaderless_since as string | null,
      leaderlessMs: r.leaderless_ms as number | null,
      detail: (r.detail as string | null) ?? "",
    }));
  }

  alertTransitions(cluster: string, from: number, to: number): StoredAlertTransition[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    const rows = this.db
      .prepare("SELECT * FROM alert_transitions WHERE cluster_id = ? AND at >= ? AND at <= ? ORDER BY at, id")
      .all(id, from, to) as Row[];
    return rows.map((r) => ({
      atMs: r.at as number,
      at: new Date(r.at as number).toISOString(),
      id: r.alert_id as string,
      rule: r.rule as StoredAlertTransition["rule"],
      severity: r.severity as StoredAlertTransition["severity"],
      subjectLabel: r.subject as string,
      from: (r.from_state as StoredAlertTransition["from"]) ?? null,
      to: r.to_state as StoredAlertTransition["to"],
      message: (r.message as string | null) ?? "",
    }));
  }

  /** Where raw node and cluster samples start, i.e. where the per-minute rollups must take over. */
  private rawSplit(clusterId: number, from: number, to: number): { minutesFrom: number; split: number } {
    const oldest = this.db.prepare("SELECT min(at) AS t FROM cluster_samples WHERE cluster_id = ?").get(clusterId) as { t: number | null };
    // Raw samples wherever they reach back to; before them, the per-minute rollups (which exist up to
    // the watermark: raw rows are pruned only after their minute was rolled up).
    const firstWholeMinute = oldest.t === null ? null : alignUp(oldest.t, MINUTE);
    const rolledUp = this.minuteWatermark();
    const useMinutes = firstWholeMinute !== null && oldest.t! > from && rolledUp !== null && rolledUp >= firstWholeMinute;
    const split = useMinutes ? Math.min(to, firstWholeMinute) : oldest.t === null && rolledUp !== null ? Math.min(to, rolledUp) : from;
    return { minutesFrom: alignUp(from, MINUTE), split };
  }

  counterTotals(cluster: string, from: number, to: number): CounterTotals {
    const id = this.existingClusterId(cluster);
    const zero = { inMsgs: 0, outMsgs: 0, inBytes: 0, outBytes: 0 };
    if (id === null) return zero;
    const { minutesFrom, split } = this.rawSplit(id, from, to);
    const raw = this.db
      .prepare(
        `SELECT coalesce(sum(d_in_msgs), 0) AS a, coalesce(sum(d_out_msgs), 0) AS b, coalesce(sum(d_in_bytes), 0) AS c, coalesce(sum(d_out_bytes), 0) AS d
         FROM node_samples s JOIN nodes n ON n.id = s.node_id WHERE n.cluster_id = ? AND s.at > ? AND s.at >= ? AND s.at <= ?`,
      )
      .get(id, from, split, to) as Record<string, number>;
    const rolled = this.db
      .prepare(
        `SELECT coalesce(sum(d_in_msgs), 0) AS a, coalesce(sum(d_out_msgs), 0) AS b, coalesce(sum(d_in_bytes), 0) AS c, coalesce(sum(d_out_bytes), 0) AS d
         FROM node_minutes m JOIN nodes n ON n.id = m.node_id WHERE n.cluster_id = ? AND m.minute >= ? AND m.minute + 60000 <= ?`,
      )
      .get(id, minutesFrom, split) as Record<string, number>;
    return { inMsgs: raw.a + rolled.a, outMsgs: raw.b + rolled.b, inBytes: raw.c + rolled.c, outBytes: raw.d + rolled.d };
  }

  peakRates(cluster: string, from: number, to: number): PeakRates {
    const id = this.existingClusterId(cluster);
    if (id === null) return { storedMsgsPerSec: null, inMsgsPerSec: null };
    const { minutesFrom, split } = this.rawSplit(id, from, to);
    const raw = this.db
      .prepare("SELECT max(stored_mps) AS s, max(in_mps) AS i FROM cluster_samples WHERE cluster_id = ? AND at >= ? AND at >= ? AND at <= ?")
      .get(id, from, split, to) as { s: number | null; i: number | null };
    const rolled = this.db
      .prepare("SELECT max(stored_mps_max) AS s, max(in_mps_max) AS i FROM cluster_minutes WHERE cluster_id = ? AND minute >= ? AND minute + 60000 <= ?")
      .get(id, minutesFrom, split) as { s: number | null; i: number | null };
    const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
    return { storedMsgsPerSec: max(raw.s, rolled.s), inMsgsPerSec: max(raw.i, rolled.i) };
  }

  /** The stored total of a stream as of `t`: its sample in the newest stored poll at or before it, else the newest rollup that ended by then. */
  private storedAt(raw: Map<number, { stored_total: number }>, streamId: number, t: number): number | null {
    const sample = raw.get(streamId);
    if (sample) return sample.stored_total;
    const rolled = this.stmt.storedAtRollup.get(streamId, this.options.assetRollupMs, t) as { stored_total: number } | undefined;
    return rolled?.stored_total ?? null;
  }

  streamAdvances(cluster: string, from: number, to: number): StreamAdvance[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    const out: StreamAdvance[] = [];
    const atEnd = this.streamsAt(id, to);
    const atStart = this.streamsAt(id, from);
    for (const s of this.db.prepare("SELECT id, account, name, created FROM streams WHERE cluster_id = ?").all(id) as Row[]) {
      const streamId = s.id as number;
      const end = this.storedAt(atEnd, streamId, to);
      if (end === null) continue;
      let start = this.storedAt(atStart, streamId, from);
      if (start === null) {
        // First seen inside the period: created in it, everything it holds was stored in it; otherwise
        // only what the dashboard saw arrive counts.
        const created = s.created as number | null;
        if (created !== null && created >= from) start = 0;
        else {
          const first = (this.stmt.storedFirstRaw.get(streamId, from, to) ?? this.stmt.storedFirstRollup.get(streamId, alignDown(from, this.options.assetRollupMs), to)) as
            | { stored_total: number }
            | undefined;
          start = first?.stored_total ?? end;
        }
      }
      out.push({ account: s.account as string, name: s.name as string, stored: Math.max(0, end - start) });
    }
    return out;
  }

  worstConsumers(cluster: string, from: number, to: number, limit: number): ConsumerWorst[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    const size = this.options.assetRollupMs;
    const watermark = this.assetWatermark() ?? -Infinity;
    // Short periods read raw samples; long ones read rollups (at their bucket's resolution) plus the
    // raw samples that are not rolled up yet.
    const rawOnly = to - from <= 2 * size || watermark <= from;
    const rawFrom = rawOnly ? from : Math.max(from, watermark);
    const sql = `
      WITH per AS (
        SELECT consumer_id, max(num_pending) AS p, max(num_redelivered) AS r, max(num_ack_pending) AS a
          FROM consumer_samples WHERE at >= @rawFrom AND at <= @to GROUP BY consumer_id
        ${rawOnly ? "" : `UNION ALL SELECT consumer_id, max(pending_max), max(redelivered_max), max(ack_pending_max)
          FROM consumer_rollups WHERE bucket + @size > @from AND bucket < @rawFrom GROUP BY consumer_id`}
      ), worst AS (SELECT consumer_id, max(p) AS p, max(r) AS r, max(a) AS a FROM per GROUP BY consumer_id)
      SELECT s.account, s.name AS stream, c.name, w.p, w.r, w.a FROM worst w
        JOIN consumers c ON c.id = w.consumer_id JOIN streams s ON s.id = c.stream_id
       WHERE s.cluster_id = @cluster`;
    const all = this.db.prepare(sql).all({ rawFrom, to, size, from, cluster: id }) as Row[];
    const top = (key: "p" | "r", other: "p" | "r") =>
      [...all].sort((a, b) => ((b[key] as number) ?? 0) - ((a[key] as number) ?? 0) || ((b[other] as number) ?? 0) - ((a[other] as number) ?? 0)).slice(0, limit);
    const seen = new Map<string, ConsumerWorst>();
    for (const r of [...top("p", "r"), ...top("r", "p")]) {
      const key = consumerKey({ account: r.account as string, stream: r.stream as string, name: r.name as string });
      if (!seen.has(key))
        seen.set(key, {
          account: r.account as string,
          stream: r.stream as string,
          name: r.name as string,
          maxPending: (r.p as number | null) ?? 0,
          maxRedelivered: (r.r as number | null) ?? 0,
          maxAckPending: (r.a as number | null) ?? 0,
        });
    }
    return [...seen.values()];
  }

  nodeStorage(cluster: string, from: number, to: number): NodeStorage[] {
    const id = this.existingClusterId(cluster);
    if (id === null) return [];
    const { minutesFrom, split } = this.rawSplit(id, from, to);
    const rows = this.db
      .prepare(
        `SELECT n.name,
           (SELECT store_bytes FROM node_samples WHERE node_id = n.id AND at >= @split AND at <= @to AND store_bytes IS NOT NULL ORDER BY at DESC LIMIT 1) AS last_raw,
           (SELECT store_bytes_last FROM node_minutes WHERE node_id = n.id AND minute >= @mfrom AND minute + 60000 <= @split AND store_bytes_last IS NOT NULL ORDER BY minute DESC LIMIT 1) AS last_min,
           (SELECT store_bytes_last FROM node_minutes WHERE node_id = n.id AND minute >= @mfrom AND minute + 60000 <= @split AND store_bytes_last IS NOT NULL ORDER BY minute LIMIT 1) AS first_min,
           (SELECT store_bytes FROM node_samples WHERE node_id = n.id AND at >= @split AND at >= @from AND at <= @to AND store_bytes IS NOT NULL ORDER BY at LIMIT 1) AS first_raw,
           (SELECT max(store_bytes) FROM node_samples WHERE node_id = n.id AND at >= @split AND at >= @from AND at <= @to) AS peak_raw,
           (SELECT max(store_bytes_max) FROM node_minutes WHERE node_id = n.id AND minute >= @mfrom AND minute + 60000 <= @split) AS peak_min,
           (SELECT max(store_limit) FROM node_samples WHERE node_id = n.id AND at >= @split AND at >= @from AND at <= @to) AS limit_raw,
           (SELECT max(store_limit) FROM node_minutes WHERE node_id = n.id AND minute >= @mfrom AND minute + 60000 <= @split) AS limit_min
         FROM nodes n WHERE n.cluster_id = @cluster ORDER BY n.name`,
      )
      .all({ cluster: id, from, to, split, mfrom: minutesFrom }) as Row[];
    const num = (v: unknown) => (typeof v === "number" ? v : null);
    const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
    return rows
      .map((r) => ({
        node: r.name as string,
        first: num(r.first_min) ?? num(r.first_raw),
        last: num(r.last_raw) ?? num(r.last_min),
        peak: max(num(r.peak_raw), num(r.peak_min)),
        limit: max(num(r.limit_raw), num(r.limit_min)),
      }))
      .filter((r) => r.peak !== null);
  }

  series(cluster: string, target: SeriesTarget, from: number, to: number, requestedStepMs: number): Series {
    const id = this.existingClusterId(cluster);
    const plan = id === null ? null : this.seriesPlan(id, target, from, to);
    // Rollups cannot be drawn finer than their buckets.
    const rollupMs = target.kind === "cluster" || target.kind === "node" ? MINUTE : this.options.assetRollupMs;
    const stepMs = plan?.resolution === "rollup" ? Math.max(requestedStepMs, rollupMs) : requestedStepMs;
    const grid = { from: alignDown(from, stepMs), to, stepMs };
    if (!plan) return { ...grid, resolution: "raw", points: [] };
    const rows = this.db
      // better-sqlite3 binds numbers as REAL: cast, or the division is not an integer one.
      .prepare(`SELECT (${plan.time} / CAST(@step AS INTEGER)) * CAST(@step AS INTEGER) AS b, ${plan.columns} FROM ${plan.table} WHERE ${plan.where} AND ${plan.time} >= @from AND ${plan.time} <= @to GROUP BY b ORDER BY b`)
      .all({ ...plan.params, step: stepMs, from: grid.from, to }) as Row[];
    const byBucket = new Map(rows.map((r) => [r.b as number, r]));
    const points: Series["points"] = [];
    for (let at = grid.from; at <= to; at += stepMs) {
      const r = byBucket.get(at);
      points.push({ at, values: Object.fromEntries(plan.names.map((n) => [n, r ? ((r[n] as number | null) ?? null) : null])) });
    }
    return { ...grid, resolution: plan.resolution, points };
  }

  /**
   * An asset's raw rows are spread over every stored poll, so periods over 6 h chart from rollups —
   * unless the asset has none yet (a young dashboard), when its raw samples are all there is.
   */
  private assetRawAnswers(periodMs: number, oldestRaw: number, from: number, rollups: string, idColumn: string, id: number): boolean {
    if (oldestRaw > from) return false;
    if (periodMs <= ASSET_RAW_CHART_MAX_MS) return true;
    return this.db.prepare(`SELECT 1 FROM ${rollups} WHERE ${idColumn} = ? LIMIT 1`).get(id) === undefined;
  }

  /** Which table answers a chart: raw samples where they reach back far enough, rollups otherwise. */
  private seriesPlan(clusterId: number, target: SeriesTarget, from: number, to: number) {
    // Raw samples answer when they reach back to `from`, or when they are all there is (nothing
    // recorded before them has been pruned into rollups: they start within a minute of the first run).
    const firstRun = (this.db.prepare("SELECT min(started) AS t FROM sessions WHERE cluster_id = ?").get(clusterId) as { t: number | null }).t;
    const oldestRaw = (table: string, where: string, params: Record<string, unknown>) => {
      const t = (this.db.prepare(`SELECT min(at) AS t FROM ${table} WHERE ${where}`).get(params) as { t: number | null }).t;
      if (t === null) return Infinity;
      return firstRun !== null && t <= firstRun + MINUTE ? -Infinity : t;
    };
    if (target.kind === "cluster") {
      const params = { id: clusterId };
      const raw = oldestRaw("cluster_samples", "cluster_id = @id", params) <= from;
      return raw
        ? { resolution: "raw" as const, table: "cluster_samples", time: "at", where: "cluster_id = @id", params, names: ["inMsgsPerSec", "outMsgsPerSec", "storedMsgsPerSec", "nodesUp"],
            columns: "avg(in_mps) AS inMsgsPerSec, avg(out_mps) AS outMsgsPerSec, avg(stored_mps) AS storedMsgsPerSec, min(nodes_up) AS nodesUp" }
        : { resolution: "rollup" as const, table: "cluster_minutes", time: "minute", where: "cluster_id = @id", params, names: ["inMsgsPerSec", "outMsgsPerSec", "storedMsgsPerSec", "nodesUp"],
            columns: "avg(in_mps_avg) AS inMsgsPerSec, avg(out_mps_avg) AS outMsgsPerSec, avg(stored_mps_avg) AS storedMsgsPerSec, min(nodes_up_min) AS nodesUp" };
    }
    if (target.kind === "node") {
      const node = this.db.prepare("SELECT id FROM nodes WHERE cluster_id = ? AND name = ?").get(clusterId, target.node) as { id: number } | undefined;
      if (!node) return null;
      const params = { id: node.id };
      const names = ["inMsgsPerSec", "outMsgsPerSec", "storageBytes", "cpuPercent", "memBytes", "up"];
      const raw = oldestRaw("node_samples", "node_id = @id", params) <= from;
      return raw
        ? { resolution: "raw" as const, table: "node_samples", time: "at", where: "node_id = @id", params, names,
            columns: "avg(in_mps) AS inMsgsPerSec, avg(out_mps) AS outMsgsPerSec, max(store_bytes) AS storageBytes, avg(cpu) AS cpuPercent, max(mem_bytes) AS memBytes, min(state <= 1) AS up" }
        : { resolution: "rollup" as const, table: "node_minutes", time: "minute", where: "node_id = @id", params, names,
            columns: "avg(in_mps_avg) AS inMsgsPerSec, avg(out_mps_avg) AS outMsgsPerSec, max(store_bytes_max) AS storageBytes, avg(cpu_avg) AS cpuPercent, max(mem_max) AS memBytes, min(up_samples = samples) AS up" };
    }
    const stream = this.db
      .prepare("SELECT id FROM streams WHERE cluster_id = ? AND account = ? AND name = ?")
      .get(clusterId, target.account, target.kind === "stream" ? target.name : target.stream) as { id: number } | undefined;
    if (!stream) return null;
    if (target.kind === "stream") {
      const params = { id: stream.id };
      const names = ["messages", "bytes", "storedTotal"];
      const raw = this.assetRawAnswers(to - from, oldestRaw("stream_samples", "stream_id = @id", params), from, "stream_rollups", "stream_id", stream.id);
      return raw
        ? { resolution: "raw" as const, table: "stream_samples", time: "at", where: "stream_id = @id", params, names,
            columns: "max(messages) AS messages, max(bytes) AS bytes, max(stored_total) AS storedTotal" }
        : { resolution: "rollup" as const, table: "stream_rollups", time: "bucket", where: "stream_id = @id", params, names,
            columns: "max(messages_max) AS messages, max(bytes_max) AS bytes, max(stored_total_last) AS storedTotal" };
    }
    const consumer = this.db.prepare("SELECT id FROM consumers WHERE stream_id = ? AND name = ?").get(stream.id, target.name) as { id: number } | undefined;
    if (!consumer) return null;
    const params = { id: consumer.id };
    const names = ["numPending", "numAckPending", "numRedelivered", "numWaiting"];
    const raw = this.assetRawAnswers(to - from, oldestRaw("consumer_samples", "consumer_id = @id", params), from, "consumer_rollups", "consumer_id", consumer.id);
    return raw
      ? { resolution: "raw" as const, table: "consumer_samples", time: "at", where: "consumer_id = @id", params, names,
          columns: "max(num_pending) AS numPending, max(num_ack_pending) AS numAckPending, max(num_redelivered) AS numRedelivered, max(num_waiting) AS numWaiting" }
      : { resolution: "rollup" as const, table: "consumer_rollups", time: "bucket", where: "consumer_id = @id", params, names,
          columns: "max(pending_max) AS numPending, max(ack_pending_max) AS numAckPending, max(redelivered_max) AS numRedelivered, max(waiting_max) AS numWaiting" };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
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
