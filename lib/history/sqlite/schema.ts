/** The SQLite file's tables, and opening it: WAL, the pragmas, and the migrations from older files. */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

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

/**
 * Schema 3: the alert state a restarted dashboard continues from (lib/alerts/state.ts). Active
 * alerts (pending, firing) are unique per cluster and id; a resolved one stays as a row of its own.
 * Deliveries are the webhook notifications decided, with their outcome once the receiver answered
 * (none yet: to be sent again after a restart); `hook` is a digest, never the URL.
 */
const ALERT_STATE = `
CREATE TABLE IF NOT EXISTS alert_records (
  id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, alert_id TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
  subject TEXT NOT NULL, subject_label TEXT NOT NULL, message TEXT NOT NULL, value REAL, threshold REAL,
  state TEXT NOT NULL, pending_since INTEGER NOT NULL, firing_since INTEGER, resolved_at INTEGER, fired_ms INTEGER,
  ack_by TEXT, ack_at INTEGER, ack_note TEXT, silence_by TEXT, silence_at INTEGER, silence_note TEXT, silence_until INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS alert_records_active ON alert_records (cluster_id, alert_id) WHERE state != 'resolved';
CREATE INDEX IF NOT EXISTS alert_records_resolved ON alert_records (cluster_id, resolved_at) WHERE state = 'resolved';
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, key TEXT NOT NULL, hook TEXT NOT NULL, alert_id TEXT NOT NULL,
  status TEXT NOT NULL, at INTEGER NOT NULL, alert TEXT NOT NULL, outcome TEXT, done_at INTEGER, UNIQUE (cluster_id, key, hook));
CREATE INDEX IF NOT EXISTS alert_deliveries_open ON alert_deliveries (cluster_id) WHERE outcome IS NULL;
CREATE INDEX IF NOT EXISTS alert_deliveries_by_alert ON alert_deliveries (cluster_id, alert_id, at);
`;

/** Steps after the base schema, each self-contained: a file below a step's version runs it, in order. */
const STEPS: { version: number; sql: string }[] = [{ version: 3, sql: ALERT_STATE }];

const SCHEMA_VERSION = STEPS.at(-1)!.version;

/** Opens (or creates) the history file and brings its tables up to this version's schema. */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode survives a crash of the process (kill -9); only a power cut may lose the newest cycles.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`${file} was written by a newer JetStream Watch (schema ${version}); refusing to change it`);
  }
  db.transaction(() => {
    // Schema 1 keyed raw asset samples by asset first; they are raw (a day at most) and are dropped.
    if (version === 1) db.exec("DROP TABLE IF EXISTS stream_samples; DROP TABLE IF EXISTS consumer_samples;");
    db.exec(SCHEMA);
    for (const step of STEPS) if (version < step.version) db.exec(step.sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return db;
}
