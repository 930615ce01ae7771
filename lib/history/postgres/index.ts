/**
 * The PostgreSQL history store, behind the same interface as the SQLite one (store.ts), for
 * dashboards that share one database. By job: schema.ts migrates, ids.ts keeps row ids, writes.ts
 * records cycles and events, alert-state.ts keeps what the alerts continue from, maintain.ts rolls
 * up and prunes, reports.ts and series.ts read; tokens.ts and audit.ts keep managed API tokens and
 * the audit log. What the rows mean and how a period's figures add up is shared with the SQLite
 * store (rows.ts, figures.ts).
 */
import "server-only";
import pg from "pg";
import type { AlertTransition } from "../../alerts/engine";
import type { AlertStateStore } from "../../alerts/state";
import type { LatencyMinute } from "../../model/latency/book";
import type { ClusterEvent } from "../../model/types";
import { oneAtATime } from "../figures";
import { alertTransitionValues } from "../rows";
import type { CycleRecord, HistoryStore, ResumeState, SeriesTarget, StoreOptions } from "../store";
import { PgAlertState } from "./alert-state";
import { PgAuditStore } from "./audit";
import { NUMBER_TYPES, type PgContext } from "./context";
import { PgRowIds } from "./ids";
import { maintain } from "./maintain";
import * as reports from "./reports";
import { migrate } from "./schema";
import * as series from "./series";
import { PgTokenStore } from "./tokens";
import { insertAlertTransition, PgHistoryWriter } from "./writes";

const CONNECT_TIMEOUT_MS = 5000;

export class PostgresHistoryStore implements HistoryStore {
  private readonly s: PgContext;
  private readonly writer: PgHistoryWriter;
  readonly tokens: PgTokenStore;
  readonly audit: PgAuditStore;

  private constructor(
    readonly pool: pg.Pool,
    options: StoreOptions,
  ) {
    this.s = { pool, ids: new PgRowIds(pool), options };
    this.writer = new PgHistoryWriter(this.s);
    this.tokens = new PgTokenStore(pool);
    this.audit = new PgAuditStore(pool);
  }

  /** Connects, brings the schema up to date (or refuses a newer one) and answers the store. */
  static async open(database: { url: string; poolSize: number }, options: StoreOptions): Promise<PostgresHistoryStore> {
    // A database that cannot be reached answers a page in seconds, not when TCP gives up.
    const pool = new pg.Pool({ connectionString: database.url, max: database.poolSize, types: NUMBER_TYPES, application_name: "jetstream-watch", connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection the server dropped is reported here, not thrown where nobody listens.
    pool.on("error", (err) => console.error(`jetstream-watch: a PostgreSQL connection failed: ${err.message}`));
    try {
      await migrate(pool);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresHistoryStore(pool, options);
  }

  beginSession(cluster: string, at: number, pollIntervalMs: number): Promise<ResumeState> {
    return this.writer.beginSession(cluster, at, pollIntervalMs);
  }

  writeCycle(cluster: string, record: CycleRecord): Promise<void> {
    return this.writer.writeCycle(cluster, record);
  }

  writeLatencyMinutes(cluster: string, minutes: readonly LatencyMinute[]): Promise<void> {
    return this.writer.writeLatencyMinutes(cluster, minutes);
  }

  recordEvent(cluster: string, event: ClusterEvent): Promise<void> {
    return this.writer.recordEvent(cluster, event);
  }

  async recordAlertTransition(cluster: string, transition: AlertTransition): Promise<void> {
    await insertAlertTransition(this.pool, await this.s.ids.cluster(cluster), alertTransitionValues(transition));
  }

  alertState(cluster: string): AlertStateStore {
    return new PgAlertState(this.s, cluster);
  }

  readonly maintain = oneAtATime((now) => maintain(this.s, now));

  sessions = (cluster: string, from: number, to: number) => reports.sessions(this.s, cluster, from, to);
  outages = (cluster: string, from: number, to: number) => reports.outages(this.s, cluster, from, to);
  events = (cluster: string, from: number, to: number, kinds?: readonly string[]) => reports.events(this.s, cluster, from, to, kinds);
  alertTransitions = (cluster: string, from: number, to: number) => reports.alertTransitions(this.s, cluster, from, to);
  counterTotals = (cluster: string, from: number, to: number) => reports.counterTotals(this.s, cluster, from, to);
  peakRates = (cluster: string, from: number, to: number) => reports.peakRates(this.s, cluster, from, to);
  storedMessages = (cluster: string, from: number, to: number) => reports.storedMessages(this.s, cluster, from, to);
  latencyTotals = (cluster: string, names: readonly string[], from: number, to: number) => series.latencyTotals(this.s, cluster, names, from, to);
  latencySeriesNames = (cluster: string, prefix: string, from: number, to: number) => series.latencySeriesNames(this.s, cluster, prefix, from, to);
  streamAdvances = (cluster: string, from: number, to: number) => reports.streamAdvances(this.s, cluster, from, to);
  worstConsumers = (cluster: string, from: number, to: number, limit: number) => reports.worstConsumers(this.s, cluster, from, to, limit);
  nodeStorage = (cluster: string, from: number, to: number) => reports.nodeStorage(this.s, cluster, from, to);
  series = (cluster: string, target: SeriesTarget, from: number, to: number, stepMs: number) => series.series(this.s, cluster, target, from, to, stepMs);

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
