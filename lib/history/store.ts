/**
 * The history store: what the dashboard saw, kept beyond the process. Two implementations: SQLite
 * (sqlite/, the embedded default) and PostgreSQL (postgres/, shared by several dashboards). Every
 * method answers with a promise, as a database across the network must; times are ms since the
 * epoch; every figure is per cluster.
 */
import type { AlertTransition } from "../alerts/engine";
import type { AlertStateStore } from "../alerts/state";
import type { LatencyMinute } from "../model/latency/book";
import type { Tally } from "../model/latency/histogram";
import type { ClusterEvent } from "../model/types";
import type { AuditStore } from "./audit";
import type { TokenStore } from "./tokens";

/** Node and cluster samples roll up per minute; streams and consumers per the configured `assetRollupMs`. */
export const NODE_ROLLUP_MS = 60_000;

export type NodeState = "up" | "degraded" | "down" | "other";

export interface NodeSampleRow {
  node: string;
  state: NodeState;
  /** Counter advances since this node's previous sample (a reset counts from zero); null when unknown. */
  inMsgsDelta: number | null;
  outMsgsDelta: number | null;
  inBytesDelta: number | null;
  outBytesDelta: number | null;
  /** The cumulative counters as the server reported them (kept to continue the deltas after a dashboard restart). */
  inMsgs: number | null;
  outMsgs: number | null;
  inBytes: number | null;
  outBytes: number | null;
  startedAt: string | null;
  inMsgsPerSec: number | null;
  outMsgsPerSec: number | null;
  storageBytes: number | null;
  storageLimitBytes: number | null;
  memBytes: number | null;
  cpuPercent: number | null;
  connections: number | null;
  slowConsumers: number | null;
}

export interface ClusterSampleRow {
  nodesUp: number;
  expectedNodes: number;
  metaLeader: string | null;
  status: "ok" | "warning" | "critical";
  inMsgsPerSec: number | null;
  outMsgsPerSec: number | null;
  /** Messages stored per second over all streams (advance of their last sequences). */
  storedMsgsPerSec: number | null;
  storedDelta: number | null;
}

export interface StreamSampleRow {
  account: string;
  name: string;
  created: string | null;
  /** Null when the stream's leader did not answer at this step: the row then only says where its count stands. */
  messages: number | null;
  bytes: number | null;
  /** The last sequence counted so far (this poll's, or the last poll's whose leader answered). */
  lastSeq: number;
  /** Messages this stream has stored as far as the dashboard can tell, monotonic across purges and re-creation. */
  storedTotal: number;
}

export interface ConsumerSampleRow {
  account: string;
  stream: string;
  name: string;
  numPending: number | null;
  numAckPending: number | null;
  numRedelivered: number | null;
  numWaiting: number | null;
}

export interface OutageChange {
  scope: "node" | "cluster";
  /** The node's name; null for the cluster. */
  node: string | null;
  kind: "start" | "end";
  at: number;
  reason: string;
}

/** Everything one collector cycle leaves in the store. */
export interface CycleRecord {
  at: number;
  /** The dashboard could not see the cluster (see isBlind): not observed, ends the current observation. */
  blind: boolean;
  /** The cycles before this one could not be written (the store was down): the observation begins anew here. */
  afterGap?: true;
  cluster: ClusterSampleRow;
  nodes: NodeSampleRow[];
  /** Present at the coarser asset step only. */
  streams: StreamSampleRow[] | null;
  consumers: ConsumerSampleRow[] | null;
  outages: OutageChange[];
}

/** What a restarted dashboard needs to continue where the previous run stopped. */
export interface ResumeState {
  nodes: Map<string, { inMsgs: number; outMsgs: number; inBytes: number; outBytes: number; startedAt: string | null }>;
  streams: Map<string, { lastSeq: number; storedTotal: number }>;
  /** The previous run's last poll: a stream created after it and first seen now was stored from zero. Null for a new store. */
  countedUntil: number | null;
  /** Messages the polls after the stream figures above were taken have already counted: not to be counted again. */
  storedCredit: number;
}

export interface Session {
  started: number;
  /** The last time this run recorded a cycle. */
  last: number;
  pollIntervalMs: number;
}

export interface Outage {
  scope: "node" | "cluster";
  node: string | null;
  start: number;
  /** null while it lasts. */
  end: number | null;
  /** False when the dashboard stopped before it saw the end: the end is when it last looked. */
  endObserved: boolean;
  reason: string;
}

export interface StoredAlertTransition extends AlertTransition {
  atMs: number;
}

/** A chart series on a fixed grid: one value per bucket, null where nothing was recorded (a gap). */
export interface Series {
  from: number;
  to: number;
  stepMs: number;
  /** "raw" samples or per-minute / per-bucket "rollup"s. */
  resolution: "raw" | "rollup";
  points: { at: number; values: Record<string, number | null> }[];
}

export type SeriesTarget =
  | { kind: "cluster" }
  /** A latency series as the canary's minutes are stored: "write", "e2e", "pair:n1>n2", "rtt:n1", "ack:STREAM/CONSUMER". */
  | { kind: "latency"; series: string }
  | { kind: "node"; node: string }
  | { kind: "stream"; account: string; name: string }
  | { kind: "consumer"; account: string; stream: string; name: string };

export interface StreamAdvance {
  account: string;
  name: string;
  stored: number;
}

export interface ConsumerWorst {
  account: string;
  stream: string;
  name: string;
  maxPending: number;
  maxRedelivered: number;
  maxAckPending: number;
}

export interface NodeStorage {
  node: string;
  first: number | null;
  last: number | null;
  peak: number | null;
  limit: number | null;
}

export interface CounterTotals {
  inMsgs: number;
  outMsgs: number;
  inBytes: number;
  outBytes: number;
}

/** Messages stored in a period as the sum of every poll's count, and how far either end of it may be off. */
export interface StoredCount {
  messages: number;
  /** At most one poll interval at each end where polls are kept; one minute where only per-minute rollups are. */
  precisionMs: number;
}

/** A latency series' minutes in a period, merged. */
export interface LatencyTotal {
  tally: Tally;
  /** Minutes with at least one probe outcome. */
  minutes: number;
  /** The part of the period those minutes cover. */
  measuredMs: number;
}

export interface PeakRates {
  storedMsgsPerSec: number | null;
  inMsgsPerSec: number | null;
}

/** How long a store keeps what, and the bucket of its stream and consumer rollups (from the history config). */
export interface StoreOptions {
  rawRetentionMs: number;
  rollupRetentionMs: number;
  assetRollupMs: number;
}

export interface HistoryStore {
  /** Starts a run of the dashboard for this cluster; closes what the previous run left open at its last time. */
  beginSession(cluster: string, at: number, pollIntervalMs: number): Promise<ResumeState>;
  writeCycle(cluster: string, record: CycleRecord): Promise<void>;
  /** The latency canary's closed minutes (one row per series and minute). */
  writeLatencyMinutes(cluster: string, minutes: readonly LatencyMinute[]): Promise<void>;
  recordEvent(cluster: string, event: ClusterEvent): Promise<void>;
  recordAlertTransition(cluster: string, transition: AlertTransition): Promise<void>;
  /** The cluster's alert state (acknowledgements, silences, resolved alerts, transitions, webhook deliveries), kept across restarts. */
  alertState(cluster: string): AlertStateStore;
  /** Rollups and pruning in small batches; resolves when done. */
  maintain(now: number): Promise<void>;

  sessions(cluster: string, from: number, to: number): Promise<Session[]>;
  outages(cluster: string, from: number, to: number): Promise<Outage[]>;
  events(cluster: string, from: number, to: number, kinds?: readonly string[]): Promise<ClusterEvent[]>;
  alertTransitions(cluster: string, from: number, to: number): Promise<StoredAlertTransition[]>;
  counterTotals(cluster: string, from: number, to: number): Promise<CounterTotals>;
  peakRates(cluster: string, from: number, to: number): Promise<PeakRates>;
  /** Messages stored in (from, to], exact to one poll at each end. */
  storedMessages(cluster: string, from: number, to: number): Promise<StoredCount>;
  /** The named latency series over the minutes that overlap [from, to), each merged; series without data are left out. */
  latencyTotals(cluster: string, series: readonly string[], from: number, to: number): Promise<Map<string, LatencyTotal>>;
  /** The latency series recorded in [from, to) whose names start with `prefix` (e.g. "pair:"). */
  latencySeriesNames(cluster: string, prefix: string, from: number, to: number): Promise<string[]>;
  streamAdvances(cluster: string, from: number, to: number): Promise<StreamAdvance[]>;
  worstConsumers(cluster: string, from: number, to: number, limit: number): Promise<ConsumerWorst[]>;
  nodeStorage(cluster: string, from: number, to: number): Promise<NodeStorage[]>;
  series(cluster: string, target: SeriesTarget, from: number, to: number, stepMs: number): Promise<Series>;
  /** Managed API tokens and display links (kept across clusters: they are the dashboard's). */
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  close(): Promise<void>;
}
