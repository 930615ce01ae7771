/**
 * How a follower gets its leader's cycles: through the PostgreSQL database they already share.
 * The leader writes each published cycle of a cluster it leads over the one row of that cluster in
 * `replica_cycles` and, in the same statement, `NOTIFY jsw_cycle` with the cluster's name; every
 * replica LISTENs on a connection of its own and, for a cluster it follows, reads the row and
 * publishes it (ClusterCollector.followed) to its viewers, who cannot tell it from a cycle of its
 * own. So the NATS nodes see one collector however many replicas run.
 *
 * Why not the leader's SSE stream: that needs each replica to know and reach the others' addresses
 * (behind a load balancer they are often unknown), a secret shared between them, and a reconnect
 * to a new address at each failover; the database is reachable from every replica by
 * construction, already authenticates it, and does not care who leads. The notification carries a
 * pointer, not the cycle: a NOTIFY payload is limited to 8000 bytes. A follower reads only the
 * newest row, so one that falls behind skips cycles instead of queueing them; it reads every
 * cluster it follows again whenever its connection is (re)made, since notifications sent while it
 * was away are lost.
 *
 * Events (leader elections, nodes down: from advisories or between two polls) are small: the
 * leader sends each whole on `jsw_event`, and a follower records it as its leader did instead of
 * deriving its own.
 *
 * An acknowledgement or a silence asked of a follower goes the same way to the leader, whose alert
 * lifecycle is the one kept (`NOTIFY jsw_alert_action`, small enough to carry whole); the leader
 * takes it, keeps it, and answers on `jsw_alert_reply` with the alert as it is now. No leader
 * answering within ACTION_TIMEOUT_MS is an error the operator sees, not an action taken twice.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { AlertRecord } from "../alerts/engine";
import { LeaderUnavailable, type AlertActionRequest, type ClusterCollector, type Hub } from "../hub";
import type { ClusterEvent, ClusterSnapshot } from "../model/types";

const CHANNEL = "jsw_cycle";
const EVENTS = "jsw_event";
const ACTIONS = "jsw_alert_action";
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const PAYLOAD_LIMIT = 7900;
const REPLIES = "jsw_alert_reply";
/** How long a follower waits for the leader to take an alert action. */
const ACTION_TIMEOUT_MS = 5000;

interface ForwardedAction {
  cluster: string;
  requestId: string;
  request: AlertActionRequest;
}

interface FollowedEvent {
  cluster: string;
  event: ClusterEvent;
}

interface ActionReply {
  requestId: string;
  record: AlertRecord | null;
}
const RECONNECT_MS = 1000;
const QUERY_TIMEOUT_MS = 10_000;
/** Every asset list: a follower's viewers may ask for any of them. */
const EVERYTHING = { streams: true, consumers: true, trouble: false } as const;

export class CycleRelay {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly unsubscribe: (() => void)[] = [];
  /** Per cluster with a write or read in flight: the one to run after it (only the newest matters). */
  private readonly busy = new Map<string, { next: (() => Promise<void>) | null }>();
  private lastError: string | null = null;
  /** The client's queries, one after the other (pg deprecates a query sent while another runs). */
  private queries: Promise<unknown> = Promise.resolve();
  /** This replica's forwarded alert actions, waiting for their leader's answer. */
  private readonly waiting = new Map<string, { resolve: (record: AlertRecord | null) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly url: string,
    private readonly hub: Hub,
    private readonly replica: string,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const collector of this.hub.collectors.values()) {
      collector.forwardAlertActionsWith((cluster, request) => this.forward(cluster, request));
      this.unsubscribe.push(
        collector.subscribe((update) => {
          if (collector.replica()?.leading) this.once(collector.cluster.name, () => this.write(collector.cluster.name, update.snapshot.seq, update.snapshotJson(EVERYTHING)));
        }),
        collector.subscribeEvents((event) => {
          if (collector.replica()?.leading) this.notify(EVENTS, { cluster: collector.cluster.name, event } satisfies FollowedEvent);
        }),
      );
    }
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: "jetstream-watch relay", query_timeout: QUERY_TIMEOUT_MS, keepAlive: true });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client, new Error("the connection ended")));
    client.on("notification", (message) => {
      if (!message.payload) return;
      try {
        if (message.channel === CHANNEL) this.follow(message.payload);
        else if (message.channel === EVENTS) this.followEvent(JSON.parse(message.payload) as FollowedEvent);
        else if (message.channel === ACTIONS) void this.take(JSON.parse(message.payload) as ForwardedAction);
        else if (message.channel === REPLIES) this.answered(JSON.parse(message.payload) as ActionReply);
      } catch (err) {
        console.error(`[relay] a notification on ${message.channel} was not understood: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${EVENTS}; LISTEN ${ACTIONS}; LISTEN ${REPLIES}`);
    } catch (err) {
      await client.end().catch(() => {});
      this.lost(client, err);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.queries = Promise.resolve();
    this.lastError = null;
    // What was published while this replica was not listening.
    for (const name of this.hub.clusterNames()) this.follow(name);
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.stopped) return;
    if (this.client === client) this.client = null;
    else if (this.client !== null) return;
    const message = err instanceof Error ? err.message : String(err);
    if (message !== this.lastError) {
      this.lastError = message;
      console.error(`[relay] the PostgreSQL connection that carries the leaders' cycles failed: ${message}; followed clusters wait until it is back`);
    }
    void client.end().catch(() => {});
    if (!this.stopped && !this.timer) {
      this.timer = setTimeout(() => void this.connect(), RECONNECT_MS);
      this.timer.unref();
    }
  }

  /** A cluster whose cycle changed: published here when this replica follows it. */
  private follow(cluster: string): void {
    const collector = this.hub.collector(cluster);
    if (!collector || collector.cluster.name !== cluster || collector.replica()?.leading !== false) return;
    this.once(cluster, () => this.read(collector));
  }

  /** A query on the relay's client after those sent before it. */
  private query<R extends pg.QueryResultRow = pg.QueryResultRow>(client: pg.Client, sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.queries.then(() => client.query<R>(sql, params));
    this.queries = result.catch(() => {});
    return result;
  }

  private async write(cluster: string, seq: number, json: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    await this.query(
      client,
      `WITH written AS (
         INSERT INTO replica_cycles (cluster, replica, seq, at, snapshot) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (cluster) DO UPDATE SET replica = EXCLUDED.replica, seq = EXCLUDED.seq, at = EXCLUDED.at, snapshot = EXCLUDED.snapshot
         RETURNING cluster)
       SELECT pg_notify('${CHANNEL}', cluster) FROM written`,
      [cluster, this.replica, seq, Date.now(), json],
    );
  }

  private async read(collector: ClusterCollector): Promise<void> {
    const client = this.client;
    if (!client) return;
    const { rows } = await this.query<{ snapshot: string }>(client, "SELECT snapshot FROM replica_cycles WHERE cluster = $1", [collector.cluster.name]);
    if (rows[0] && collector.replica()?.leading === false) collector.followed(JSON.parse(rows[0].snapshot) as ClusterSnapshot);
  }

  private followEvent({ cluster, event }: FollowedEvent): void {
    const collector = this.hub.collector(cluster);
    if (collector && collector.cluster.name === cluster && collector.replica()?.leading === false) collector.followedEvent(event);
  }

  /** Sends a small message to every replica; one too large for a notification is left out, and said so. */
  private notify(channel: string, message: object): void {
    const payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > PAYLOAD_LIMIT) {
      console.error(`[relay] a message on ${channel} of ${Buffer.byteLength(payload)} bytes is too large for a notification; the followers miss it`);
      return;
    }
    const client = this.client;
    if (!client) return;
    this.query(client, "SELECT pg_notify($1, $2)", [channel, payload]).catch((err: unknown) => {
      console.error(`[relay] a message on ${channel} was not sent: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** A follower's side: asks the cluster's leader to take the action, and waits for its answer. */
  private async forward(cluster: string, request: AlertActionRequest): Promise<AlertRecord | null> {
    const client = this.client;
    if (!client) throw new LeaderUnavailable(`this replica cannot reach the database to hand the ${request.kind} to the leader of ${cluster}; try again`);
    const requestId = randomUUID();
    const answer = new Promise<AlertRecord | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new LeaderUnavailable(`no replica leading ${cluster} took the ${request.kind} within ${ACTION_TIMEOUT_MS / 1000} s; try again`));
      }, ACTION_TIMEOUT_MS);
      this.waiting.set(requestId, { resolve, timer });
    });
    const forwarded: ForwardedAction = { cluster, requestId, request };
    try {
      await this.query(client, "SELECT pg_notify($1, $2)", [ACTIONS, JSON.stringify(forwarded)]);
    } catch (err) {
      const waiting = this.waiting.get(requestId);
      if (waiting) clearTimeout(waiting.timer);
      this.waiting.delete(requestId);
      throw new LeaderUnavailable(`the ${request.kind} could not be handed to the leader of ${cluster}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return answer;
  }

  /** The leader's side: takes an action a follower forwarded, for a cluster led here, and answers. */
  private async take({ cluster, requestId, request }: ForwardedAction): Promise<void> {
    const collector = this.hub.collector(cluster);
    if (!collector || collector.cluster.name !== cluster || !collector.replica()?.leading) return;
    this.notify(REPLIES, { requestId, record: await collector.alertAction(request) } satisfies ActionReply);
  }

  private answered({ requestId, record }: ActionReply): void {
    const waiting = this.waiting.get(requestId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(requestId);
    waiting.resolve(record);
  }

  /** Runs `work` for a cluster, one at a time; what is asked meanwhile runs after it, the newest only. */
  private once(cluster: string, work: () => Promise<void>): void {
    const running = this.busy.get(cluster);
    if (running) {
      running.next = work;
      return;
    }
    const state: { next: (() => Promise<void>) | null } = { next: work };
    this.busy.set(cluster, state);
    void (async () => {
      while (state.next && !this.stopped) {
        const current = state.next;
        state.next = null;
        try {
          await current();
        } catch (err) {
          console.error(`[relay] ${cluster}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      this.busy.delete(cluster);
    })();
  }
}
