/**
 * Reading the record of a period for the trial report and the pages, as the SQLite store does
 * (sqlite/reports.ts) and with the same arithmetic (figures.ts); each figure in one or a few
 * statements, however many streams and consumers there are, so a two-week report over a thousand
 * streams costs a handful of round trips.
 */
import { alignDown, nodeStorageOf, rawSplit as splitOf, storedPrecisionMs, streamAdvance, worstOf, worstPlan } from "../figures";
import { alertTransitionOf, eventOf, maxOf, outageOf } from "../rows";
import type { ConsumerWorst, CounterTotals, NodeStorage, Outage, PeakRates, Session, StoredAlertTransition, StoredCount, StreamAdvance } from "../store";
import type { ClusterEvent } from "../../model/types";
import { metaNumber, one, rows, type PgContext } from "./context";
import { latestStreamCycle } from "./writes";

export const minuteWatermark = (s: PgContext) => metaNumber(s.pool, "wm.minutes");
export const assetWatermark = (s: PgContext) => metaNumber(s.pool, "wm.assets");

export async function sessions(s: PgContext, cluster: string, from: number, to: number): Promise<Session[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (await rows(s.pool, "SELECT started, last, poll_ms FROM sessions WHERE cluster_id = $1 AND last >= $2 AND started <= $3 ORDER BY started, id", [id, from, to])).map(
    (r) => ({ started: r.started as number, last: r.last as number, pollIntervalMs: r.poll_ms as number }),
  );
}

export async function outages(s: PgContext, cluster: string, from: number, to: number): Promise<Outage[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (
    await rows(s.pool, 'SELECT scope, node, start, "end", end_observed, reason FROM outages WHERE cluster_id = $1 AND start <= $2 AND ("end" IS NULL OR "end" >= $3) ORDER BY start, id', [
      id,
      to,
      from,
    ])
  ).map(outageOf);
}

export async function events(s: PgContext, cluster: string, from: number, to: number, kinds?: readonly string[]): Promise<ClusterEvent[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  const sql = "SELECT * FROM events WHERE cluster_id = $1 AND at >= $2 AND at <= $3 AND ($4::text[] IS NULL OR kind = ANY($4)) ORDER BY at, id";
  return (await rows(s.pool, sql, [id, from, to, kinds?.length ? kinds : null])).map(eventOf);
}

export async function alertTransitions(s: PgContext, cluster: string, from: number, to: number): Promise<StoredAlertTransition[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  return (await rows(s.pool, "SELECT * FROM alert_transitions WHERE cluster_id = $1 AND at >= $2 AND at <= $3 ORDER BY at, id", [id, from, to])).map((r) => ({
    ...alertTransitionOf(r),
    atMs: r.at as number,
  }));
}

async function rawSplit(s: PgContext, clusterId: number, from: number, to: number) {
  const [oldest, rolledUp] = await Promise.all([one(s.pool, "SELECT min(at) AS t FROM cluster_samples WHERE cluster_id = $1", [clusterId]), minuteWatermark(s)]);
  return splitOf((oldest!.t as number | null) ?? null, rolledUp, from, to);
}

const TOTALS = "coalesce(sum(d_in_msgs), 0) AS a, coalesce(sum(d_out_msgs), 0) AS b, coalesce(sum(d_in_bytes), 0) AS c, coalesce(sum(d_out_bytes), 0) AS d";

export async function counterTotals(s: PgContext, cluster: string, from: number, to: number): Promise<CounterTotals> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return { inMsgs: 0, outMsgs: 0, inBytes: 0, outBytes: 0 };
  const { minutesFrom, split } = await rawSplit(s, id, from, to);
  const [raw, rolled] = (await Promise.all([
    one(s.pool, `SELECT ${TOTALS} FROM node_samples s JOIN nodes n ON n.id = s.node_id WHERE n.cluster_id = $1 AND s.at > $2 AND s.at >= $3 AND s.at <= $4`, [id, from, split, to]),
    one(s.pool, `SELECT ${TOTALS} FROM node_minutes m JOIN nodes n ON n.id = m.node_id WHERE n.cluster_id = $1 AND m.minute >= $2 AND m.minute + 60000 <= $3`, [id, minutesFrom, split]),
  ])) as Record<string, number>[];
  return { inMsgs: raw.a + rolled.a, outMsgs: raw.b + rolled.b, inBytes: raw.c + rolled.c, outBytes: raw.d + rolled.d };
}

export async function peakRates(s: PgContext, cluster: string, from: number, to: number): Promise<PeakRates> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return { storedMsgsPerSec: null, inMsgsPerSec: null };
  const { minutesFrom, split } = await rawSplit(s, id, from, to);
  const [raw, rolled] = (await Promise.all([
    one(s.pool, "SELECT max(stored_mps) AS s, max(in_mps) AS i FROM cluster_samples WHERE cluster_id = $1 AND at >= $2 AND at >= $3 AND at <= $4", [id, from, split, to]),
    one(s.pool, "SELECT max(stored_mps_max) AS s, max(in_mps_max) AS i FROM cluster_minutes WHERE cluster_id = $1 AND minute >= $2 AND minute + 60000 <= $3", [id, minutesFrom, split]),
  ])) as { s: number | null; i: number | null }[];
  return { storedMsgsPerSec: maxOf(raw.s, rolled.s), inMsgsPerSec: maxOf(raw.i, rolled.i) };
}

export async function storedMessages(s: PgContext, cluster: string, from: number, to: number): Promise<StoredCount> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return { messages: 0, precisionMs: 0 };
  const { minutesFrom, split } = await rawSplit(s, id, from, to);
  const [raw, rolled, runs] = await Promise.all([
    one(s.pool, "SELECT coalesce(sum(stored_delta), 0) AS n FROM cluster_samples WHERE cluster_id = $1 AND at > $2 AND at >= $3 AND at <= $4", [id, from, split, to]),
    one(s.pool, "SELECT coalesce(sum(stored_delta), 0) AS n FROM cluster_minutes WHERE cluster_id = $1 AND minute >= $2 AND minute + 60000 <= $3", [id, minutesFrom, split]),
    sessions(s, cluster, from, to),
  ]);
  const pollMs = Math.max(0, ...runs.map((r) => r.pollIntervalMs));
  return { messages: (raw!.n as number) + (rolled!.n as number), precisionMs: storedPrecisionMs(split, from, pollMs) };
}

export async function streamAdvances(s: PgContext, cluster: string, from: number, to: number): Promise<StreamAdvance[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  const size = s.options.assetRollupMs;
  const [endPoll, startPoll] = await Promise.all([latestStreamCycle(s.pool, id, to), latestStreamCycle(s.pool, id, from)]);
  // Per stream: its stored total at either end (the newest stored poll by then, else the newest
  // rollup ended by then) and the first one seen inside the period.
  const found = await rows(
    s.pool,
    `SELECT st.account, st.name, st.created,
       CASE WHEN re.stream_id IS NOT NULL THEN re.stored_total
            ELSE (SELECT stored_total_last FROM stream_rollups WHERE stream_id = st.id AND bucket + $4 <= $3 ORDER BY bucket DESC LIMIT 1) END AS end_total,
       CASE WHEN rs.stream_id IS NOT NULL THEN rs.stored_total
            ELSE (SELECT stored_total_last FROM stream_rollups WHERE stream_id = st.id AND bucket + $4 <= $2 ORDER BY bucket DESC LIMIT 1) END AS start_total,
       coalesce((SELECT stored_total FROM stream_samples WHERE stream_id = st.id AND at > $2 AND at <= $3 ORDER BY at LIMIT 1),
                (SELECT stored_total_last FROM stream_rollups WHERE stream_id = st.id AND bucket >= $7 AND bucket <= $3 ORDER BY bucket LIMIT 1)) AS first_seen
     FROM streams st
     LEFT JOIN stream_samples re ON re.stream_id = st.id AND re.at = $5
     LEFT JOIN stream_samples rs ON rs.stream_id = st.id AND rs.at = $6
     WHERE st.cluster_id = $1 ORDER BY st.id`,
    [id, from, to, size, endPoll, startPoll, alignDown(from, size)],
  );
  const out: StreamAdvance[] = [];
  for (const r of found) {
    const stored = streamAdvance(
      { end: r.end_total as number | null, start: r.start_total as number | null, created: r.created as number | null, firstSeen: r.first_seen as number | null },
      from,
    );
    if (stored !== null) out.push({ account: r.account as string, name: r.name as string, stored });
  }
  return out;
}

const WORST_RAW = "SELECT consumer_id, max(num_pending) AS p, max(num_redelivered) AS r, max(num_ack_pending) AS a FROM consumer_samples WHERE at >= $1 AND at <= $2 GROUP BY consumer_id";
const WORST_ROLLED =
  "SELECT consumer_id, max(pending_max), max(redelivered_max), max(ack_pending_max) FROM consumer_rollups WHERE bucket + $3 > $4 AND bucket < $1 GROUP BY consumer_id";
/** `cluster`: the parameter that holds the cluster's id. */
const worst = (per: string, cluster: string) => `
  WITH per AS (${per}), worst AS (SELECT consumer_id, max(p) AS p, max(r) AS r, max(a) AS a FROM per GROUP BY consumer_id)
  SELECT s.account, s.name AS stream, c.name, w.p, w.r, w.a FROM worst w
    JOIN consumers c ON c.id = w.consumer_id JOIN streams s ON s.id = c.stream_id
   WHERE s.cluster_id = ${cluster}`;

export async function worstConsumers(s: PgContext, cluster: string, from: number, to: number, limit: number): Promise<ConsumerWorst[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  const size = s.options.assetRollupMs;
  const { rawOnly, rawFrom } = worstPlan(from, to, size, await assetWatermark(s));
  const found = rawOnly
    ? await rows(s.pool, worst(WORST_RAW, "$3"), [rawFrom, to, id])
    : await rows(s.pool, worst(`${WORST_RAW} UNION ALL ${WORST_ROLLED}`, "$5"), [rawFrom, to, size, from, id]);
  return worstOf(found as unknown as Parameters<typeof worstOf>[0], limit);
}

export async function nodeStorage(s: PgContext, cluster: string, from: number, to: number): Promise<NodeStorage[]> {
  const id = await s.ids.existingCluster(cluster);
  if (id === null) return [];
  const { minutesFrom, split } = await rawSplit(s, id, from, to);
  const found = await rows(
    s.pool,
    `SELECT n.name,
       (SELECT store_bytes FROM node_samples WHERE node_id = n.id AND at >= $4 AND at <= $3 AND store_bytes IS NOT NULL ORDER BY at DESC LIMIT 1) AS last_raw,
       (SELECT store_bytes_last FROM node_minutes WHERE node_id = n.id AND minute >= $5 AND minute + 60000 <= $4 AND store_bytes_last IS NOT NULL ORDER BY minute DESC LIMIT 1) AS last_min,
       (SELECT store_bytes_last FROM node_minutes WHERE node_id = n.id AND minute >= $5 AND minute + 60000 <= $4 AND store_bytes_last IS NOT NULL ORDER BY minute LIMIT 1) AS first_min,
       (SELECT store_bytes FROM node_samples WHERE node_id = n.id AND at >= $4 AND at >= $2 AND at <= $3 AND store_bytes IS NOT NULL ORDER BY at LIMIT 1) AS first_raw,
       (SELECT max(store_bytes) FROM node_samples WHERE node_id = n.id AND at >= $4 AND at >= $2 AND at <= $3) AS peak_raw,
       (SELECT max(store_bytes_max) FROM node_minutes WHERE node_id = n.id AND minute >= $5 AND minute + 60000 <= $4) AS peak_min,
       (SELECT max(store_limit) FROM node_samples WHERE node_id = n.id AND at >= $4 AND at >= $2 AND at <= $3) AS limit_raw,
       (SELECT max(store_limit) FROM node_minutes WHERE node_id = n.id AND minute >= $5 AND minute + 60000 <= $4) AS limit_min
     FROM nodes n WHERE n.cluster_id = $1 ORDER BY n.name COLLATE "C"`,
    [id, from, to, split, minutesFrom],
  );
  return nodeStorageOf(found);
}
