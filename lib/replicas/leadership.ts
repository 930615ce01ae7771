/**
 * Which clusters this replica leads. Dashboards that share a PostgreSQL database elect one leader
 * per cluster with a session-level advisory lock (`pg_try_advisory_lock`) on a connection of its
 * own: the lock is held exactly as long as that session lives, so a replica that dies (kill -9, a
 * crashed host) or loses its connection loses its clusters, and PostgreSQL hands the lock to the
 * next replica that asks. Nothing here is a consensus of our own: the database decides.
 *
 * Every `retryMs` (about a second) a replica asks for the locks it does not hold and checks that
 * its connection still answers. A failed query or a closed connection means its locks are gone,
 * but not that another replica has them: when the database itself is down nobody can take them.
 * So a leader that loses its connection goes on leading, provisionally, and says the store is
 * unreachable (the listener's `reachable`); once a connection is made again, the first round asks
 * for every lock, and a provisional leader that does not get one back follows from then on. (If
 * only this replica was cut off, another takes over once the server ends its session, and both
 * poll until this one is back: the price of keeping the live view when the database is down.)
 * A leader that goes silent without
 * closing its connection (a hung process, a host that crashed or was cut off) is ended by the
 * server itself: the session's idle_session_timeout is a few rounds, so its locks are free a few
 * seconds later instead of when TCP gives up (hours). With the SQLite store there is one process,
 * which leads every cluster from the start (`SoloLeadership`).
 */
import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";

/** One cluster's side of the election, as this replica sees it. */
export interface LeadershipChange {
  cluster: string;
  leading: boolean;
  /** ms since the epoch: when this replica began (or stopped) leading it. */
  at: number;
}

export type LeadershipListener = (change: LeadershipChange) => void;

/** Whether the database that decides leadership answers; `at`: since when (ms since the epoch). */
export type ReachabilityListener = (reachable: boolean, at: number) => void;

export interface Leadership {
  start(listener: LeadershipListener, reachability?: ReachabilityListener): void;
  stop(): Promise<void>;
}

/** The single process of the SQLite store: it leads every cluster, from the moment it starts. */
export class SoloLeadership implements Leadership {
  constructor(private readonly clusters: readonly string[]) {}

  start(listener: LeadershipListener): void {
    const at = Date.now();
    for (const cluster of this.clusters) listener({ cluster, leading: true, at });
  }

  async stop(): Promise<void> {}
}

/**
 * The advisory lock key of a cluster: 64 bits of a hash of its name, in a namespace of ours so
 * that another application's advisory locks on the same database cannot collide by chance.
 */
export function leaderLockKey(cluster: string): bigint {
  return createHash("sha256").update(`jetstream-watch/cluster-leader/${cluster}`).digest().readBigInt64BE(0);
}

export interface PostgresLeadershipOptions {
  url: string;
  clusters: readonly string[];
  /** How often a follower asks for the lock again, and a leader checks its connection. */
  retryMs?: number;
  /** A query that takes longer means a dead connection (and so lost locks). */
  queryTimeoutMs?: number;
  /** A session silent this long is ended by the server, and its locks with it (at least a few rounds). */
  silentSessionMs?: number;
}

const DEFAULT_RETRY_MS = 1000;
const DEFAULT_QUERY_TIMEOUT_MS = 5000;
const DEFAULT_SILENT_SESSION_MS = 5000;

export class PostgresLeadership implements Leadership {
  private client: pg.Client | null = null;
  private readonly held = new Set<string>();
  /** Clusters led when the connection was lost: led on until the next connection's first round says otherwise. */
  private readonly provisional = new Set<string>();
  private reachable = true;
  /** After the store was unreachable, locks this replica did not hold are asked for from then on. */
  private othersAfter = 0;
  private reachability: ReachabilityListener = () => {};
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private listener: LeadershipListener = () => {};
  private lastError: string | null = null;
  private readonly keys: Map<string, bigint>;

  constructor(private readonly options: PostgresLeadershipOptions) {
    this.keys = new Map(options.clusters.map((c) => [c, leaderLockKey(c)]));
  }

  start(listener: LeadershipListener, reachability?: ReachabilityListener): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.listener = listener;
    this.reachability = reachability ?? (() => {});
    void this.tick();
  }

  /** Lets go of every cluster (the session ends, so PostgreSQL releases its locks) and stops asking. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.disconnect();
    const at = Date.now();
    for (const cluster of [...this.held, ...this.provisional]) this.notify({ cluster, leading: false, at });
    this.held.clear();
    this.provisional.clear();
  }

  /** One round: connect if need be, check the connection, ask for each lock not held. */
  private async tick(): Promise<void> {
    this.timer = null;
    try {
      const client = this.client ?? (await this.connect());
      // Back from an outage, the provisional leaders ask first, so that what they did meanwhile
      // (acknowledgements, alert changes waiting for the store) is continued, not dropped.
      if (!this.reachable) this.othersAfter = Date.now() + 2 * (this.options.retryMs ?? DEFAULT_RETRY_MS);
      const wanted = [...this.keys].filter(([cluster]) => !this.held.has(cluster) && (this.provisional.has(cluster) || Date.now() >= this.othersAfter));
      if (wanted.length === 0) await client.query("SELECT 1");
      else {
        const { rows } = await client.query<{ key: string; got: boolean }>("SELECT key::text, pg_try_advisory_lock(key) AS got FROM unnest($1::bigint[]) AS key", [
          wanted.map(([, key]) => key.toString()),
        ]);
        if (this.stopped || this.client !== client) return;
        const got = new Set(rows.filter((r) => r.got).map((r) => r.key));
        const at = Date.now();
        for (const [cluster, key] of wanted) {
          const was = this.provisional.delete(cluster);
          if (got.has(key.toString())) {
            this.held.add(cluster);
            this.notify({ cluster, leading: true, at });
          } else if (was) this.notify({ cluster, leading: false, at });
        }
      }
      this.lastError = null;
      this.setReachable(true);
    } catch (err) {
      this.report(err);
      await this.disconnect();
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.options.retryMs ?? DEFAULT_RETRY_MS);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: "jetstream-watch leadership",
      query_timeout: this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      connectionTimeoutMillis: this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      keepAlive: true,
    });
    // The session is the lock: when it ends, leadership ends with it, before the next round notices.
    client.on("error", (err) => {
      this.report(err);
      if (this.client === client) void this.disconnect();
    });
    client.on("end", () => {
      if (this.client === client) void this.disconnect();
    });
    try {
      await client.connect();
      // idle_session_timeout is PostgreSQL 14's; an older server keeps a silent session until TCP gives up.
      const silentMs = Math.max(this.options.silentSessionMs ?? DEFAULT_SILENT_SESSION_MS, 3 * (this.options.retryMs ?? DEFAULT_RETRY_MS));
      await client.query("SELECT set_config('idle_session_timeout', $1, false) FROM pg_settings WHERE name = 'idle_session_timeout'", [String(silentMs)]);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    this.client = client;
    return client;
  }

  /** Ends the session; what it held is led on provisionally until a new one asks again. */
  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    for (const cluster of this.held) this.provisional.add(cluster);
    this.held.clear();
    if (!this.stopped) this.setReachable(false);
    await client?.end().catch(() => {});
  }

  private setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    try {
      this.reachability(reachable, Date.now());
    } catch (err) {
      console.error("[leadership] a reachability listener failed:", err);
    }
  }

  private notify(change: LeadershipChange): void {
    try {
      this.listener(change);
    } catch (err) {
      console.error(`[leadership] a listener failed on ${change.cluster}:`, err);
    }
  }

  /** Once per kind of failure: a database that stays down would otherwise log every second. */
  private report(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (message === this.lastError) return;
    this.lastError = message;
    console.error(`[leadership] the PostgreSQL connection that holds the leader locks failed: ${message}; clusters led here are led on until it is back and says otherwise`);
  }
}
