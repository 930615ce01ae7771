/**
 * The SQLite history store: one file in WAL mode, behind the HistoryStore interface (store.ts), the
 * embedded default. Its work is synchronous (better-sqlite3): each method does it before it
 * returns its promise, so a write is in the file when the call returns. By job: schema.ts opens and migrates the file,
 * statements.ts prepares every statement once, ids.ts keeps row ids, writes.ts records cycles,
 * events and alert transitions, alert-state.ts keeps what the alerts continue from after a restart,
 * maintain.ts rolls up and prunes, series.ts and reports.ts read, latency.ts reads the latency
 * canary's histograms; tokens.ts and audit.ts keep
 * managed API tokens and the audit log.
 */
import "server-only";
import type Database from "better-sqlite3";
import type { AlertTransition } from "../../alerts/engine";
import type { AlertStateStore } from "../../alerts/state";
import type { LatencyMinute } from "../../model/latency/book";
import type { ClusterEvent } from "../../model/types";
import { oneAtATime } from "../figures";
import type { CycleRecord, HistoryStore, ResumeState, SeriesTarget } from "../store";
import { SqliteAlertState } from "./alert-state";
import type { SqliteStoreOptions, StoreContext } from "./context";
import { SqliteAuditStore } from "./audit";
import { RowIds } from "./ids";
import { assetWatermark, maintain, minuteWatermark } from "./maintain";
import * as latency from "./latency";
import * as reports from "./reports";
import { openDatabase } from "./schema";
import { series } from "./series";
import { prepareStatements } from "./statements";
import { SqliteTokenStore } from "./tokens";
import { HistoryWriter } from "./writes";

export type { SqliteStoreOptions } from "./context";

export class SqliteHistoryStore implements HistoryStore {
  readonly db: Database.Database;
  private readonly s: StoreContext;
  private readonly writer: HistoryWriter;
  readonly tokens: SqliteTokenStore;
  readonly audit: SqliteAuditStore;

  constructor(
    readonly file: string,
    options: SqliteStoreOptions,
  ) {
    this.db = openDatabase(file);
    const sql = prepareStatements(this.db);
    this.s = { db: this.db, sql, ids: new RowIds(sql), options };
    this.writer = new HistoryWriter(this.s);
    this.tokens = new SqliteTokenStore(this.db);
    this.audit = new SqliteAuditStore(this.db);
  }

  async beginSession(cluster: string, at: number, pollIntervalMs: number): Promise<ResumeState> {
    return this.writer.beginSession(cluster, at, pollIntervalMs);
  }

  async writeCycle(cluster: string, record: CycleRecord): Promise<void> {
    this.writer.writeCycle(cluster, record);
  }

  async writeLatencyMinutes(cluster: string, minutes: readonly LatencyMinute[]): Promise<void> {
    this.writer.writeLatencyMinutes(cluster, minutes);
  }

  async recordEvent(cluster: string, event: ClusterEvent): Promise<void> {
    this.writer.recordEvent(cluster, event);
  }

  async recordAlertTransition(cluster: string, transition: AlertTransition): Promise<void> {
    this.writer.recordAlertTransition(cluster, transition);
  }

  alertState(cluster: string): AlertStateStore {
    return new SqliteAlertState(this.s, cluster);
  }

  readonly maintain = oneAtATime((now) => maintain(this.s, now));

  /** Time up to which per-minute rollups of nodes and the cluster are complete. */
  minuteWatermark(): number | null {
    return minuteWatermark(this.s);
  }

  /** Time up to which stream and consumer rollups are complete. */
  assetWatermark(): number | null {
    return assetWatermark(this.s);
  }

  sessions = async (cluster: string, from: number, to: number) => reports.sessions(this.s, cluster, from, to);
  outages = async (cluster: string, from: number, to: number) => reports.outages(this.s, cluster, from, to);
  events = async (cluster: string, from: number, to: number, kinds?: readonly string[]) => reports.events(this.s, cluster, from, to, kinds);
  alertTransitions = async (cluster: string, from: number, to: number) => reports.alertTransitions(this.s, cluster, from, to);
  counterTotals = async (cluster: string, from: number, to: number) => reports.counterTotals(this.s, cluster, from, to);
  peakRates = async (cluster: string, from: number, to: number) => reports.peakRates(this.s, cluster, from, to);
  storedMessages = async (cluster: string, from: number, to: number) => reports.storedMessages(this.s, cluster, from, to);
  latencyTotals = async (cluster: string, names: readonly string[], from: number, to: number) => latency.latencyTotals(this.s, cluster, names, from, to);
  latencySeriesNames = async (cluster: string, prefix: string, from: number, to: number) => latency.latencySeriesNames(this.s, cluster, prefix, from, to);
  streamAdvances = async (cluster: string, from: number, to: number) => reports.streamAdvances(this.s, cluster, from, to);
  worstConsumers = async (cluster: string, from: number, to: number, limit: number) => reports.worstConsumers(this.s, cluster, from, to, limit);
  nodeStorage = async (cluster: string, from: number, to: number) => reports.nodeStorage(this.s, cluster, from, to);
  series = async (cluster: string, target: SeriesTarget, from: number, to: number, stepMs: number) => series(this.s, cluster, target, from, to, stepMs);

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
