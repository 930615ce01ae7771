/**
 * Rollups and pruning in PostgreSQL: the SQLite store's rules (sqlite/maintain.ts) in statements
 * the server runs on its own. Nothing here holds the dashboard's event loop, so each step covers
 * a whole batch; each step and its watermark are one transaction.
 */
import { encodeHistogram } from "../../model/latency/histogram";
import { alignDown, HOUR, LATENCY_SETTLE_MS, mergeLatencyMinutes, MINUTE, SETTLE_MS } from "../figures";
import { metaNumber, one, replaceOnConflict, rows, setMeta, transaction, type PgContext } from "./context";
import { assetWatermark, minuteWatermark } from "./reports";
import { latencyHourWatermark } from "./series";

/** Minutes of node and cluster samples rolled up per transaction. */
const MINUTES_PER_BATCH = 60;

const NODE_MINUTE_COLUMNS = [
  "node_id",
  "minute",
  "samples",
  "up_samples",
  "d_in_msgs",
  "d_out_msgs",
  "d_in_bytes",
  "d_out_bytes",
  "in_mps_avg",
  "in_mps_max",
  "out_mps_avg",
  "out_mps_max",
  "store_bytes_max",
  "store_bytes_last",
  "store_limit",
  "mem_max",
  "cpu_avg",
  "cpu_max",
  "conns_max",
  "slow_last",
];
const CLUSTER_MINUTE_COLUMNS = [
  "cluster_id",
  "minute",
  "samples",
  "nodes_up_min",
  "leaderless_samples",
  "in_mps_avg",
  "in_mps_max",
  "out_mps_avg",
  "out_mps_max",
  "stored_mps_avg",
  "stored_mps_max",
  "stored_delta",
];
const STREAM_ROLLUP_COLUMNS = ["stream_id", "bucket", "messages_max", "messages_last", "bytes_max", "bytes_last", "last_seq_last", "stored_total_last"];
const CONSUMER_ROLLUP_COLUMNS = ["consumer_id", "bucket", "pending_max", "pending_last", "ack_pending_max", "redelivered_max", "waiting_max"];

// The "last" values are each group's newest row's (the aggregate ordered by time, its first element).
const NODE_MINUTES = `
  INSERT INTO node_minutes (${NODE_MINUTE_COLUMNS.join(", ")})
  SELECT node_id, (at / 60000) * 60000, count(*), count(*) FILTER (WHERE state <= 1), sum(d_in_msgs), sum(d_out_msgs), sum(d_in_bytes), sum(d_out_bytes),
         avg(in_mps), max(in_mps), avg(out_mps), max(out_mps), max(store_bytes), (array_agg(store_bytes ORDER BY at DESC))[1],
         max(store_limit), max(mem_bytes), avg(cpu), max(cpu), max(conns), max(slow)
  FROM node_samples WHERE at >= $1 AND at < $2 GROUP BY node_id, at / 60000
  ${replaceOnConflict(["node_id", "minute"], NODE_MINUTE_COLUMNS)}`;
const CLUSTER_MINUTES = `
  INSERT INTO cluster_minutes (${CLUSTER_MINUTE_COLUMNS.join(", ")})
  SELECT cluster_id, (at / 60000) * 60000, count(*), min(nodes_up), count(*) FILTER (WHERE meta_leader IS NULL), avg(in_mps), max(in_mps), avg(out_mps), max(out_mps),
         avg(stored_mps), max(stored_mps), sum(stored_delta)
  FROM cluster_samples WHERE at >= $1 AND at < $2 GROUP BY cluster_id, at / 60000
  ${replaceOnConflict(["cluster_id", "minute"], CLUSTER_MINUTE_COLUMNS)}`;
const ASSET_ROLLUP = {
  stream: `
    INSERT INTO stream_rollups (${STREAM_ROLLUP_COLUMNS.join(", ")})
    SELECT stream_id, $3::bigint, max(messages), (array_agg(messages ORDER BY at DESC))[1], max(bytes), (array_agg(bytes ORDER BY at DESC))[1],
           (array_agg(last_seq ORDER BY at DESC))[1], max(stored_total)
    FROM stream_samples WHERE at >= $1 AND at < $2 GROUP BY stream_id
    ${replaceOnConflict(["stream_id", "bucket"], STREAM_ROLLUP_COLUMNS)}`,
  consumer: `
    INSERT INTO consumer_rollups (${CONSUMER_ROLLUP_COLUMNS.join(", ")})
    SELECT consumer_id, $3::bigint, max(num_pending), (array_agg(num_pending ORDER BY at DESC))[1], max(num_ack_pending), max(num_redelivered), max(num_waiting)
    FROM consumer_samples WHERE at >= $1 AND at < $2 GROUP BY consumer_id
    ${replaceOnConflict(["consumer_id", "bucket"], CONSUMER_ROLLUP_COLUMNS)}`,
};

/** Where rolling up starts: the watermark, else the first session's start. */
async function rollupStart(s: PgContext, watermark: number | null, step: number): Promise<number | null> {
  if (watermark !== null) return watermark;
  const first = (await one(s.pool, "SELECT min(started) AS t FROM sessions"))!.t as number | null;
  return first === null ? null : alignDown(first, step);
}

async function rollUpMinutes(s: PgContext, until: number): Promise<void> {
  const start = await rollupStart(s, await minuteWatermark(s), MINUTE);
  if (start === null) return;
  for (let from = start; from < until; ) {
    const batch = { from, to: Math.min(until, from + MINUTES_PER_BATCH * MINUTE) };
    await transaction(s.pool, async (db) => {
      await db.query(NODE_MINUTES, [batch.from, batch.to]);
      await db.query(CLUSTER_MINUTES, [batch.from, batch.to]);
      await setMeta(db, "wm.minutes", batch.to);
    });
    from = batch.to;
  }
}

async function rollUpAssets(s: PgContext, until: number): Promise<void> {
  const size = s.options.assetRollupMs;
  let from = await rollupStart(s, await assetWatermark(s), size);
  if (from === null) return;
  for (; from < until; from += size) {
    const bucket = from;
    await transaction(s.pool, async (db) => {
      for (const sql of Object.values(ASSET_ROLLUP)) await db.query(sql, [bucket, bucket + size, bucket]);
      await setMeta(db, "wm.assets", bucket + size);
    });
  }
}

/** Each closed hour's latency minutes merged per cluster and series, one hour per transaction. */
async function rollUpLatencyHours(s: PgContext, until: number): Promise<void> {
  let from = await latencyHourWatermark(s);
  if (from === null) {
    const oldest = (await one(s.pool, "SELECT min(minute) AS t FROM latency_minutes"))!.t as number | null;
    if (oldest === null) return;
    from = alignDown(oldest, HOUR);
  }
  for (; from + HOUR <= until; from += HOUR) {
    const hour = from;
    await transaction(s.pool, async (db) => {
      const minutes = await rows(db, "SELECT cluster_id, series, count, timeouts, errors, hist FROM latency_minutes WHERE minute >= $1 AND minute < $2 ORDER BY cluster_id, series", [
        hour,
        hour + HOUR,
      ]);
      for (const m of mergeLatencyMinutes(minutes))
        await db.query(
          `INSERT INTO latency_hours VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ${replaceOnConflict(["cluster_id", "series", "hour"], ["cluster_id", "series", "hour", "minutes", "count", "timeouts", "errors", "hist"])}`,
          [m.clusterId, m.series, hour, m.minutes, m.tally.hist.totalCount, m.tally.timeouts, m.tally.errors, encodeHistogram(m.tally.hist)],
        );
      await setMeta(db, "wm.latency-hours", hour + HOUR);
    });
  }
}

async function prune(s: PgContext, now: number): Promise<void> {
  const { pool, options } = s;
  const rawCutoff = now - options.rawRetentionMs;
  const rollupCutoff = now - options.rollupRetentionMs;
  const [minutes, assets, hoursMerged] = await Promise.all([minuteWatermark(s), assetWatermark(s), metaNumber(pool, "wm.latency-hours")]);
  // Raw rows go only once their rollup exists.
  const minuteCut = Math.min(rawCutoff, minutes ?? -Infinity);
  const assetCut = Math.min(rawCutoff, assets ?? -Infinity);
  if (Number.isFinite(minuteCut)) for (const table of ["cluster_samples", "node_samples"]) await pool.query(`DELETE FROM ${table} WHERE at < $1`, [minuteCut]);
  for (const sql of [
    "DELETE FROM cluster_minutes WHERE minute < $1",
    "DELETE FROM node_minutes WHERE minute < $1",
    "DELETE FROM events WHERE at < $1",
    "DELETE FROM alert_transitions WHERE at < $1",
    "DELETE FROM alert_records WHERE state = 'resolved' AND resolved_at < $1",
    "DELETE FROM alert_deliveries WHERE outcome IS NOT NULL AND done_at < $1",
    'DELETE FROM outages WHERE "end" IS NOT NULL AND "end" < $1',
    "DELETE FROM sessions WHERE last < $1",
    "DELETE FROM latency_minutes WHERE minute < $1",
    "DELETE FROM latency_hours WHERE hour < $1",
    "DELETE FROM stream_rollups WHERE bucket < $1",
    "DELETE FROM consumer_rollups WHERE bucket < $1",
  ])
    await pool.query(sql, [rollupCutoff]);
  // A minute of a detail series goes only once its hour exists.
  if (hoursMerged !== null)
    await pool.query(
      `DELETE FROM latency_minutes WHERE minute < $1 AND (series >= 'pair:' AND series < 'pair;' OR series >= 'rtt:' AND series < 'rtt;' OR series >= 'write@' AND series < 'writeA')`,
      [Math.min(rawCutoff, hoursMerged)],
    );
  if (Number.isFinite(assetCut)) for (const table of ["stream_samples", "consumer_samples"]) await pool.query(`DELETE FROM ${table} WHERE at < $1`, [assetCut]);
}

/** Rolls up what has settled and prunes what is past retention. */
export async function maintain(s: PgContext, now: number): Promise<void> {
  await rollUpMinutes(s, alignDown(now - SETTLE_MS, MINUTE));
  await rollUpAssets(s, alignDown(now - SETTLE_MS, s.options.assetRollupMs));
  await rollUpLatencyHours(s, alignDown(now - LATENCY_SETTLE_MS, HOUR));
  await prune(s, now);
}
