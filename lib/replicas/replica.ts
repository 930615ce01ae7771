/**
 * This dashboard process as one replica among those that share the store: for each cluster it
 * either leads (its collector polls and its recorder writes history) or follows (both are quiet and
 * the collector shows the leader's cycles). Leadership itself is decided in leadership.ts; this is
 * where its changes reach the hub and the history, and where /api/health reads them.
 */
import "server-only";
import { hostname } from "node:os";
import type { HistoryRuntime } from "../history/runtime";
import { loadClusterAlertState, type ClusterCollector, type Hub } from "../hub";
import type { ReplicaRole } from "../model/types";
import type { Leadership, LeadershipChange } from "./leadership";

export interface ReplicaStatus {
  replica: string;
  /** True when replicas share the store (PostgreSQL) and so may lead different clusters. */
  shared: boolean;
  /** Each configured cluster: led here or followed, since when, and since when the store is unreachable (while it is). */
  clusters: { cluster: string; leading: boolean; since: string; storeDownSince?: string }[];
}

/** Who this replica is in logs, /api/health and on the Sources panel: its host and process. */
export const REPLICA_ID = `${hostname()}:${process.pid}`;

export class Replica {
  private readonly roles = new Map<string, ReplicaRole>();

  constructor(
    private readonly hub: Hub,
    private readonly history: HistoryRuntime,
    private readonly leadership: Leadership,
    readonly shared: boolean,
    readonly id: string = REPLICA_ID,
  ) {}

  /** Follows every cluster until leadership says otherwise (at once, with the SQLite store). */
  start(): void {
    const since = new Date().toISOString();
    for (const collector of this.hub.collectors.values()) {
      const role = { replica: this.id, leading: false, since, shared: this.shared };
      this.roles.set(collector.cluster.name, role);
      collector.follow(role);
      if (this.shared) this.followAlerts(collector);
    }
    this.leadership.start(
      (change) => void this.changed(change),
      (reachable, at) => this.reachability(reachable, at),
    );
  }

  async stop(): Promise<void> {
    await this.leadership.stop();
  }

  /**
   * Each cluster's role as its collector has taken it up: a replica that has won a cluster's lock
   * says it leads only once its collector polls and its viewers are shown so (not while the alert
   * state it continues is still being read).
   */
  status(): ReplicaStatus {
    return {
      replica: this.id,
      shared: this.shared,
      clusters: [...this.roles.keys()].map((cluster) => {
        const role = this.hub.collector(cluster)?.replica() ?? this.roles.get(cluster)!;
        return { cluster, leading: role.leading, since: role.since, ...(role.storeDownSince && { storeDownSince: role.storeDownSince }) };
      }),
    };
  }

  /**
   * A follower reads its leader's alert state from the store again when the firing alerts it is
   * shown change, and once more a cycle later: the leader publishes a change before the store has
   * it, and a page of this replica should not miss it.
   */
  private followAlerts(collector: ClusterCollector): void {
    const store = this.history.store;
    if (!store) return;
    let seen = "";
    let again = false;
    let reading = false;
    collector.subscribe((update) => {
      if (collector.replica()?.leading !== false || reading) return;
      const alerts = JSON.stringify(update.snapshot.alerts);
      if (alerts === seen && !again) return;
      again = alerts !== seen;
      seen = alerts;
      reading = true;
      void loadClusterAlertState(store.alertState(collector.cluster.name))
        .then((state) => {
          if ("saved" in state) collector.followAlerts(state);
        })
        .finally(() => (reading = false));
    });
  }

  /**
   * The store cannot be reached, or can again. Cut off, a leader leads on (see leadership.ts) and a
   * follower, which no longer receives its leader's cycles, polls for its own viewers; back, the
   * first round of locks has already said who leads, and an observer that did not win follows.
   */
  private reachability(reachable: boolean, at: number): void {
    for (const [cluster, role] of this.roles) {
      const collector = this.hub.collector(cluster);
      if (!collector) continue;
      if (!reachable) {
        // A lock won whose alert state was still being read leads nothing yet: it observes, like a follower.
        const leads = role.leading && collector.replica()?.leading === true;
        const cut: ReplicaRole = { ...role, leading: leads, storeDownSince: new Date(at).toISOString() };
        this.roles.set(cluster, cut);
        console.log(`jetstream-watch: replica ${this.id} cannot reach the store; ${leads ? "leads" : "polls"} ${cluster} on its own until it is back`);
        if (leads) collector.lead(cut);
        else collector.observe(cut);
      } else if (role.storeDownSince) {
        const back: ReplicaRole = { replica: role.replica, leading: role.leading, since: role.since, shared: role.shared };
        this.roles.set(cluster, back);
        if (back.leading) collector.lead(back);
        else collector.follow(back);
      }
    }
  }

  private async changed({ cluster, leading, at }: LeadershipChange): Promise<void> {
    const collector = this.hub.collector(cluster);
    if (!collector) return;
    const role: ReplicaRole = { replica: this.id, leading, since: new Date(at).toISOString(), shared: this.shared };
    this.roles.set(cluster, role);
    const recorder = this.history.recorders.get(cluster);
    if (!leading) {
      if (this.shared) console.log(`jetstream-watch: replica ${this.id} no longer leads ${cluster}; following its leader`);
      recorder?.stop();
      collector.follow(role);
      return;
    }
    // A replica that takes over continues the alert state the previous leader left in the store.
    const store = this.history.store;
    const alertState = this.shared && store ? await loadClusterAlertState(store.alertState(cluster)) : undefined;
    if (this.roles.get(cluster) !== role) return; // lost again while the state was read
    if (this.shared) console.log(`jetstream-watch: replica ${this.id} leads ${cluster}`);
    collector.lead(role, alertState);
    recorder?.start();
  }
}

const REPLICA_KEY = Symbol.for("jetstream-watch.replica");
type Holder = { [REPLICA_KEY]?: Replica };

/** The process's replica (route handlers and instrumentation are separate bundles, hence globalThis). */
export function getReplica(): Replica | undefined {
  return (globalThis as Holder)[REPLICA_KEY];
}

/** Makes and starts the process's replica, once. */
export function startReplica(make: () => Replica): Replica {
  const holder = globalThis as Holder;
  if (!holder[REPLICA_KEY]) {
    holder[REPLICA_KEY] = make();
    holder[REPLICA_KEY].start();
  }
  return holder[REPLICA_KEY];
}
