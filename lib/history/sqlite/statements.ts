/**
 * Every statement the SQLite store runs, prepared once when the file is opened. Table and column
 * names are spelled out per statement (SQL cannot bind them), so the few statements that differ
 * only by table come in families keyed by what they are for.
 */
import type Database from "better-sqlite3";
import { SERIES, type SeriesKind } from "../sql";

/** Per asset kind: its tables, for the rollups and pruning that walk them in id slices. */
const ASSETS = {
  stream: { table: "streams", samples: "stream_samples", rollups: "stream_rollups", id: "stream_id" },
  consumer: { table: "consumers", samples: "consumer_samples", rollups: "consumer_rollups", id: "consumer_id" },
} as const;
export type AssetKind = keyof typeof ASSETS;

const perKind = <K extends string, T>(kinds: readonly K[], make: (kind: K) => T) => Object.fromEntries(kinds.map((k) => [k, make(k)])) as Record<K, T>;

const TOTALS = "coalesce(sum(d_in_msgs), 0) AS a, coalesce(sum(d_out_msgs), 0) AS b, coalesce(sum(d_in_bytes), 0) AS c, coalesce(sum(d_out_bytes), 0) AS d";

const WORST_RAW = "SELECT consumer_id, max(num_pending) AS p, max(num_redelivered) AS r, max(num_ack_pending) AS a FROM consumer_samples WHERE at >= @rawFrom AND at <= @to GROUP BY consumer_id";
const WORST_ROLLED =
  "SELECT consumer_id, max(pending_max), max(redelivered_max), max(ack_pending_max) FROM consumer_rollups WHERE bucket + @size > @from AND bucket < @rawFrom GROUP BY consumer_id";
const worst = (per: string) => `
  WITH per AS (${per}), worst AS (SELECT consumer_id, max(p) AS p, max(r) AS r, max(a) AS a FROM per GROUP BY consumer_id)
  SELECT s.account, s.name AS stream, c.name, w.p, w.r, w.a FROM worst w
    JOIN consumers c ON c.id = w.consumer_id JOIN streams s ON s.id = c.stream_id
   WHERE s.cluster_id = @cluster`;

export function prepareStatements(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    // ---- ids: `…Upsert` creates the row when missing; `…Of` only looks
    clusterUpsert: p("INSERT INTO clusters (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id"),
    clusterOf: p("SELECT id FROM clusters WHERE name = ?"),
    nodeUpsert: p("INSERT INTO nodes (cluster_id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = name RETURNING id"),
    nodeOf: p("SELECT id FROM nodes WHERE cluster_id = ? AND name = ?"),
    streamUpsert: p(
      "INSERT INTO streams (cluster_id, account, name, created) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET created = coalesce(excluded.created, created) RETURNING id",
    ),
    streamOf: p("SELECT id FROM streams WHERE cluster_id = ? AND account = ? AND name = ?"),
    streamsOfCluster: p("SELECT id, account, name, created FROM streams WHERE cluster_id = ?"),
    consumerUpsert: p("INSERT INTO consumers (stream_id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = name RETURNING id"),
    consumerOf: p("SELECT id FROM consumers WHERE stream_id = ? AND name = ?"),
    maxId: perKind(["stream", "consumer"] as const, (k) => p(`SELECT max(id) AS id FROM ${ASSETS[k].table}`)),

    // ---- sessions and outages
    sessionInsert: p("INSERT INTO sessions (cluster_id, started, last, poll_ms) VALUES (?, ?, ?, ?)"),
    sessionTouch: p("UPDATE sessions SET last = ? WHERE id = ? AND last < ?"),
    sessionLast: p("SELECT max(last) AS last FROM sessions WHERE cluster_id = ?"),
    sessionFirst: p("SELECT min(started) AS t FROM sessions WHERE cluster_id = ?"),
    sessionFirstAny: p("SELECT min(started) AS t FROM sessions"),
    sessionsBetween: p("SELECT started, last, poll_ms FROM sessions WHERE cluster_id = ? AND last >= ? AND started <= ? ORDER BY started"),
    outageStart: p("INSERT INTO outages (cluster_id, scope, node, start, reason) VALUES (?, ?, ?, ?, ?)"),
    outageEnd: p("UPDATE outages SET end = ?, end_observed = ? WHERE cluster_id = ? AND scope = ? AND node IS ? AND end IS NULL"),
    outagesUnobservedEnd: p("UPDATE outages SET end = max(start, ?), end_observed = 0 WHERE cluster_id = ? AND end IS NULL"),
    outagesBetween: p("SELECT scope, node, start, end, end_observed, reason FROM outages WHERE cluster_id = ? AND start <= ? AND (end IS NULL OR end >= ?) ORDER BY start"),

    // ---- samples, events, alert transitions
    clusterSample: p(
      "INSERT OR REPLACE INTO cluster_samples VALUES (@cluster_id, @at, @nodes_up, @nodes_expected, @meta_leader, @status, @in_mps, @out_mps, @stored_mps, @stored_delta)",
    ),
    nodeSample: p(
      `INSERT OR REPLACE INTO node_samples VALUES (@node_id, @at, @state, @d_in_msgs, @d_out_msgs, @d_in_bytes, @d_out_bytes,
        @in_msgs, @out_msgs, @in_bytes, @out_bytes, @started, @in_mps, @out_mps, @store_bytes, @store_limit, @mem_bytes, @cpu, @conns, @slow)`,
    ),
    streamSample: p("INSERT OR REPLACE INTO stream_samples VALUES (?, ?, ?, ?, ?, ?)"),
    consumerSample: p("INSERT OR REPLACE INTO consumer_samples VALUES (?, ?, ?, ?, ?, ?)"),
    event: p(
      `INSERT INTO events (cluster_id, at, kind, source, account, stream, consumer, server, from_leader, to_leader, leaderless_since, leaderless_ms, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // `kinds`: a JSON list of event kinds, or null for every kind.
    eventsBetween: p(
      "SELECT * FROM events WHERE cluster_id = @cluster AND at >= @from AND at <= @to AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds))) ORDER BY at, id",
    ),
    alertTransition: p(
      "INSERT INTO alert_transitions (cluster_id, at, alert_id, rule, severity, subject, from_state, to_state, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    alertTransitionsBetween: p("SELECT * FROM alert_transitions WHERE cluster_id = ? AND at >= ? AND at <= ? ORDER BY at, id"),

    // ---- alert state (lib/alerts/state.ts): the active record of an alert is updated in place, else a row is added
    alertRecordUpdate: p(
      `UPDATE alert_records SET rule = @rule, severity = @severity, subject = @subject, subject_label = @subject_label, message = @message,
         value = @value, threshold = @threshold, state = @state, pending_since = @pending_since, firing_since = @firing_since,
         resolved_at = @resolved_at, fired_ms = @fired_ms, ack_by = @ack_by, ack_at = @ack_at, ack_note = @ack_note,
         silence_by = @silence_by, silence_at = @silence_at, silence_note = @silence_note, silence_until = @silence_until
       WHERE cluster_id = @cluster_id AND alert_id = @alert_id AND state != 'resolved'`,
    ),
    alertRecordInsert: p(
      `INSERT INTO alert_records (cluster_id, alert_id, rule, severity, subject, subject_label, message, value, threshold, state, pending_since,
         firing_since, resolved_at, fired_ms, ack_by, ack_at, ack_note, silence_by, silence_at, silence_note, silence_until)
       VALUES (@cluster_id, @alert_id, @rule, @severity, @subject, @subject_label, @message, @value, @threshold, @state, @pending_since,
         @firing_since, @resolved_at, @fired_ms, @ack_by, @ack_at, @ack_note, @silence_by, @silence_at, @silence_note, @silence_until)`,
    ),
    alertRecordDrop: p("DELETE FROM alert_records WHERE cluster_id = ? AND alert_id = ? AND state = 'pending'"),
    alertRecordsActive: p("SELECT * FROM alert_records WHERE cluster_id = ? AND state != 'resolved' ORDER BY pending_since, id"),
    alertRecordsResolved: p(
      "SELECT * FROM (SELECT * FROM alert_records WHERE cluster_id = ? AND state = 'resolved' ORDER BY resolved_at DESC, id DESC LIMIT ?) ORDER BY resolved_at, id",
    ),
    alertTransitionsLatest: p("SELECT * FROM (SELECT * FROM alert_transitions WHERE cluster_id = ? ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id"),
    alertDeliveryDecided: p("INSERT OR IGNORE INTO alert_deliveries (cluster_id, key, hook, alert_id, status, at, alert) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    alertDeliveryDone: p("UPDATE alert_deliveries SET outcome = ?, done_at = ? WHERE cluster_id = ? AND key = ? AND hook = ? AND outcome IS NULL"),
    alertDeliveriesOpen: p("SELECT key, hook, status, at, alert FROM alert_deliveries WHERE cluster_id = ? AND outcome IS NULL ORDER BY id"),
    // Since the alert's firingSince: its escalations included, an earlier firing of the same alert not.
    alertAnnounced: p(
      `SELECT DISTINCT d.alert_id, d.hook FROM alert_deliveries d
       JOIN alert_records r ON r.cluster_id = d.cluster_id AND r.alert_id = d.alert_id AND r.state = 'firing'
       WHERE d.cluster_id = ? AND d.status = 'firing' AND d.at >= r.firing_since ORDER BY d.alert_id, d.hook`,
    ),

    // ---- resuming after a restart
    resumeNodes: p(
      `SELECT n.name, s.in_msgs, s.out_msgs, s.in_bytes, s.out_bytes, s.started FROM nodes n
       JOIN node_samples s ON s.node_id = n.id
       WHERE n.cluster_id = ? AND s.at = (SELECT max(at) FROM node_samples WHERE node_id = n.id AND in_msgs IS NOT NULL)`,
    ),
    latestStreamCycle: p(
      "SELECT s.at FROM stream_samples s JOIN streams st ON st.id = s.stream_id WHERE st.cluster_id = ? AND s.at <= ? ORDER BY s.at DESC LIMIT 1",
    ),
    streamCycle: p(
      "SELECT s.stream_id, s.last_seq, s.stored_total FROM stream_samples s JOIN streams st ON st.id = s.stream_id WHERE s.at = ? AND st.cluster_id = ?",
    ),
    lastStreamRollup: p("SELECT last_seq_last AS last_seq, stored_total_last AS stored_total FROM stream_rollups WHERE stream_id = ? ORDER BY bucket DESC LIMIT 1"),

    // ---- rollups, watermarks, pruning
    metaGet: p("SELECT value FROM meta WHERE key = ?"),
    metaSet: p("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
    nodeMinutes: p(
      `INSERT OR REPLACE INTO node_minutes
       SELECT node_id, (at / 60000) * 60000, count(*), sum(state <= 1), sum(d_in_msgs), sum(d_out_msgs), sum(d_in_bytes), sum(d_out_bytes),
              avg(in_mps), max(in_mps), avg(out_mps), max(out_mps), max(store_bytes),
              (SELECT store_bytes FROM node_samples x WHERE x.node_id = s.node_id AND x.at < (s.at / 60000) * 60000 + 60000 AND x.at >= (s.at / 60000) * 60000 ORDER BY x.at DESC LIMIT 1),
              max(store_limit), max(mem_bytes), avg(cpu), max(cpu), max(conns), max(slow)
       FROM node_samples s WHERE at >= ? AND at < ? GROUP BY node_id, at / 60000`,
    ),
    clusterMinutes: p(
      `INSERT OR REPLACE INTO cluster_minutes
       SELECT cluster_id, (at / 60000) * 60000, count(*), min(nodes_up), sum(meta_leader IS NULL), avg(in_mps), max(in_mps), avg(out_mps), max(out_mps),
              avg(stored_mps), max(stored_mps), sum(stored_delta)
       FROM cluster_samples WHERE at >= ? AND at < ? GROUP BY cluster_id, at / 60000`,
    ),
    // The "last" values come from each asset's newest row in the bucket, found by its (at, id) key.
    assetRollup: {
      stream: p(
        `INSERT OR REPLACE INTO stream_rollups
         SELECT a.stream_id, @bucket, a.messages_max, l.messages, a.bytes_max, l.bytes, l.last_seq, a.stored_max
         FROM (SELECT stream_id, max(messages) AS messages_max, max(bytes) AS bytes_max, max(stored_total) AS stored_max, max(at) AS last_at
                 FROM stream_samples WHERE at >= @from AND at < @to AND stream_id BETWEEN @lo AND @hi GROUP BY stream_id) a
         JOIN stream_samples l ON l.at = a.last_at AND l.stream_id = a.stream_id`,
      ),
      consumer: p(
        `INSERT OR REPLACE INTO consumer_rollups
         SELECT a.consumer_id, @bucket, a.pending_max, l.num_pending, a.ack_max, a.redelivered_max, a.waiting_max
         FROM (SELECT consumer_id, max(num_pending) AS pending_max, max(num_ack_pending) AS ack_max, max(num_redelivered) AS redelivered_max,
                      max(num_waiting) AS waiting_max, max(at) AS last_at
                 FROM consumer_samples WHERE at >= @from AND at < @to AND consumer_id BETWEEN @lo AND @hi GROUP BY consumer_id) a
         JOIN consumer_samples l ON l.at = a.last_at AND l.consumer_id = a.consumer_id`,
      ),
    },
    pruneRaw: perKind(["cluster_samples", "node_samples"] as const, (table) => p(`DELETE FROM ${table} WHERE at < ?`)),
    pruneOld: [
      p("DELETE FROM cluster_minutes WHERE minute < ?"),
      p("DELETE FROM node_minutes WHERE minute < ?"),
      p("DELETE FROM events WHERE at < ?"),
      p("DELETE FROM alert_transitions WHERE at < ?"),
      p("DELETE FROM alert_records WHERE state = 'resolved' AND resolved_at < ?"),
      p("DELETE FROM alert_deliveries WHERE outcome IS NOT NULL AND done_at < ?"),
      p("DELETE FROM outages WHERE end IS NOT NULL AND end < ?"),
      p("DELETE FROM sessions WHERE last < ?"),
    ],
    oldestAssetSample: perKind(["stream", "consumer"] as const, (k) => p(`SELECT at FROM ${ASSETS[k].samples} ORDER BY at LIMIT 1`)),
    pruneAssetSamples: perKind(["stream", "consumer"] as const, (k) => p(`DELETE FROM ${ASSETS[k].samples} WHERE at < ?`)),
    pruneAssetRollups: perKind(["stream", "consumer"] as const, (k) => p(`DELETE FROM ${ASSETS[k].rollups} WHERE ${ASSETS[k].id} BETWEEN ? AND ? AND bucket < ?`)),

    // ---- the latency canary's minutes, and their hourly merges
    latencyMinute: p("INSERT OR REPLACE INTO latency_minutes VALUES (?, ?, ?, ?, ?, ?, ?)"),
    latencyRows: p("SELECT minute AS start, 1 AS minutes, count, timeouts, errors, hist FROM latency_minutes WHERE cluster_id = ? AND series = ? AND minute >= ? AND minute < ? ORDER BY minute"),
    latencyHourRows: p("SELECT hour AS start, minutes, count, timeouts, errors, hist FROM latency_hours WHERE cluster_id = ? AND series = ? AND hour >= ? AND hour < ? ORDER BY hour"),
    latencyNames: p(
      `SELECT series FROM latency_minutes WHERE cluster_id = @cluster AND series >= @lo AND series < @hi AND minute >= @from AND minute < @to
       UNION SELECT series FROM latency_hours WHERE cluster_id = @cluster AND series >= @lo AND series < @hi AND hour + 3600000 > @from AND hour < @to ORDER BY series`,
    ),
    latencyMinutesOfHour: p("SELECT cluster_id, series, count, timeouts, errors, hist FROM latency_minutes WHERE minute >= ? AND minute < ? ORDER BY cluster_id, series"),
    latencyHour: p("INSERT OR REPLACE INTO latency_hours VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    oldestLatencyMinute: p("SELECT min(minute) AS t FROM latency_minutes"),
    // Node pairs, round trips and writes by entry node are many series: their minutes are kept as long as raw samples, their hours as rollups.
    pruneLatencyDetail: p("DELETE FROM latency_minutes WHERE minute < ? AND (series >= 'pair:' AND series < 'pair;' OR series >= 'rtt:' AND series < 'rtt;' OR series >= 'write@' AND series < 'writeA')"),
    pruneLatency: [p("DELETE FROM latency_minutes WHERE minute < ?"), p("DELETE FROM latency_hours WHERE hour < ?")],

    // ---- reports
    storedRaw: p("SELECT coalesce(sum(stored_delta), 0) AS n FROM cluster_samples WHERE cluster_id = ? AND at > ? AND at >= ? AND at <= ?"),
    storedRolled: p("SELECT coalesce(sum(stored_delta), 0) AS n FROM cluster_minutes WHERE cluster_id = ? AND minute >= ? AND minute + 60000 <= ?"),
    storedAfter: p("SELECT coalesce(sum(stored_delta), 0) AS n FROM cluster_samples WHERE cluster_id = ? AND at > ?"),
    oldestClusterSample: p("SELECT min(at) AS t FROM cluster_samples WHERE cluster_id = ?"),
    countersRaw: p(`SELECT ${TOTALS} FROM node_samples s JOIN nodes n ON n.id = s.node_id WHERE n.cluster_id = ? AND s.at > ? AND s.at >= ? AND s.at <= ?`),
    countersRolled: p(`SELECT ${TOTALS} FROM node_minutes m JOIN nodes n ON n.id = m.node_id WHERE n.cluster_id = ? AND m.minute >= ? AND m.minute + 60000 <= ?`),
    peaksRaw: p("SELECT max(stored_mps) AS s, max(in_mps) AS i FROM cluster_samples WHERE cluster_id = ? AND at >= ? AND at >= ? AND at <= ?"),
    peaksRolled: p("SELECT max(stored_mps_max) AS s, max(in_mps_max) AS i FROM cluster_minutes WHERE cluster_id = ? AND minute >= ? AND minute + 60000 <= ?"),
    storedAtRollup: p("SELECT stored_total_last AS stored_total FROM stream_rollups WHERE stream_id = ? AND bucket + ? <= ? ORDER BY bucket DESC LIMIT 1"),
    storedFirstRaw: p("SELECT stored_total FROM stream_samples WHERE stream_id = ? AND at > ? AND at <= ? ORDER BY at LIMIT 1"),
    storedFirstRollup: p("SELECT stored_total_last AS stored_total FROM stream_rollups WHERE stream_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket LIMIT 1"),
    // Short periods read raw samples only; long ones also the rollups before the raw samples' start.
    worstConsumers: { raw: p(worst(WORST_RAW)), withRollups: p(worst(`${WORST_RAW} UNION ALL ${WORST_ROLLED}`)) },
    nodeStorage: p(
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
    ),

    // ---- chart series: per target kind, the bucketed query and where its raw samples start
    series: perKind(Object.keys(SERIES) as SeriesKind[], (kind) => {
      const query = (t: { table: string; time: string; id: string; columns: string }) =>
        // better-sqlite3 binds numbers as REAL: cast, or the division is not an integer one.
        p(
          `SELECT (${t.time} / CAST(@step AS INTEGER)) * CAST(@step AS INTEGER) AS b, ${t.columns} FROM ${t.table}
           WHERE ${t.id} = @id AND ${t.time} >= @from AND ${t.time} <= @to GROUP BY b ORDER BY b`,
        );
      const spec = SERIES[kind];
      return {
        raw: query(spec.raw),
        rollup: query(spec.rollup),
        oldestRaw: p(`SELECT min(at) AS t FROM ${spec.raw.table} WHERE ${spec.raw.id} = ?`),
        anyRollup: p(`SELECT 1 FROM ${spec.rollup.table} WHERE ${spec.rollup.id} = ? LIMIT 1`),
      };
    }),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
