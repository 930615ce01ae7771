/**
 * The SQLite history store: one file in WAL mode, behind the HistoryStore interface (store.ts) that
 * a PostgreSQL store would implement as well. By job: schema.ts opens and migrates the file,
 * statements.ts prepares every statement once, ids.ts keeps row ids, writes.ts records cycles,
 * events and alert transitions, alert-state.ts keeps what the alerts continue from after a restart,
 * maintain.ts rolls up and prunes, series.ts and reports.ts read.
 */
import "server-only";
import type Database from "better-sqlite3";
import type { AlertTransition } from "../../alerts/engine";
import type { AlertStateStore } from "../../alerts/state";
import type { ClusterEvent } from "../../model/types";
import type { CycleRecord, HistoryStore, ResumeState, SeriesTarget } from "../store";
import { SqliteAlertState } from "./alert-state";
import type { SqliteStoreOptions, StoreContext } from "./context";
import { RowIds } from "./ids";
import { assetWatermark, maintain, minuteWatermark } from "./maintain";
import * as reports from "./reports";
import { openDatabase } from "./schema";
import { series } from "./series";
import { prepareStatements } from "./statements";
import { HistoryWriter } from "./writes";

export type { SqliteStoreOptions } from "./context";

export class SqliteHistoryStore implements HistoryStore {
  readonly db: Database.Database;
  private readonly s: StoreContext;
  private readonly writer: HistoryWriter;
  private maintaining = false;

  constructor(
    readonly file: string,
    options: SqliteStoreOptions,
  ) {
    this.db = openDatabase(file);
    const sql = prepareStatements(this.db);
    this.s = { db: this.db, sql, ids: new RowIds(sql), options };
    this.writer = new HistoryWriter(this.s);
  }

  beginSession(cluster: string, at: number, pollIntervalMs: number): ResumeState {
    return this.writer.beginSession(cluster, at, pollIntervalMs);
  }

  writeCycle(cluster: string, record: CycleRecord): void {
    this.writer.writeCycle(cluster, record);
  }

  recordEvent(cluster: string, event: ClusterEvent): void {
    this.writer.recordEvent(cluster, event);
  }

  recordAlertTransition(cluster: string, transition: AlertTransition): void {
    this.writer.recordAlertTransition(cluster, transition);
  }

  alertState(cluster: string): AlertStateStore {
    return new SqliteAlertState(this.s, cluster);
  }

  async maintain(now: number): Promise<void> {
    if (this.maintaining) return;
    this.maintaining = true;
    try {
      await maintain(this.s, now);
    } finally {
      this.maintaining = false;
    }
  }

  /** Time up to which per-minute rollups of nodes and the cluster are complete. */
  minuteWatermark(): number | null {
    return minuteWatermark(this.s);
  }

  /** Time up to which stream and consumer rollups are complete. */
  assetWatermark(): number | null {
    return assetWatermark(this.s);
  }

  sessions = (cluster: string, from: number, to: number) => reports.sessions(this.s, cluster, from, to);
  outages = (cluster: string, from: number, to: number) => reports.outages(this.s, cluster, from, to);
  events = (cluster: string, from: number, to: number, kinds?: readonly string[]) => reports.events(this.s, cluster, from, to, kinds);
  alertTransitions = (cluster: string, from: number, to: number) => reports.alertTransitions(this.s, cluster, from, to);
  counterTotals = (cluster: string, from: number, to: number) => reports.counterTotals(this.s, cluster, from, to);
  peakRates = (cluster: string, from: number, to: number) => reports.peakRates(this.s, cluster, from, to);
  streamAdvances = (cluster: string, from: number, to: number) => reports.streamAdvances(this.s, cluster, from, to);
  worstConsumers = (cluster: string, from: number, to: number, limit: number) => reports.worstConsumers(this.s, cluster, from, to, limit);
  nodeStorage = (cluster: string, from: number, to: number) => reports.nodeStorage(this.s, cluster, from, to);
  series = (cluster: string, target: SeriesTarget, from: number, to: number, stepMs: number) => series(this.s, cluster, target, from, to, stepMs);

  close(): void {
    if (this.db.open) this.db.close();
  }
}
