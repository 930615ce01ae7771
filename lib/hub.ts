/**
 * The hub: exactly one collector per configured cluster per server process. A collector schedules
 * its cycles (each polls every node in parallel and merges the answers, in a worker thread),
 * runs the alert lifecycle on their findings, publishes each snapshot and fans it out to every
 * subscriber. Viewers never cause upstream requests: 1 or 200 open pages cost the NATS nodes the same.
 *
 * When several dashboards share one PostgreSQL, a collector is either its cluster's leader (it
 * polls, as above) or a follower: it opens nothing towards the nodes and publishes the leader's
 * cycles and events as they are handed to it (`followed`, `followedEvent`). Who leads is decided
 * in lib/replicas/.
 */
import "server-only";
import { Alerting, type AlertActionListener } from "./alerts/alerting";
import { DEFAULT_ALERTS, type AlertsConfig } from "./alerts/config";
import type { AlertReader, AlertRecord } from "./alerts/engine";
import { loadAlertState, type AlertStateStore, type LoadedAlertState } from "./alerts/state";
import { DEFAULT_COLLECTOR_SETTINGS, type CollectorSettings } from "./collector/config";
import { NEEDS_CONFIGS, type CycleOutcome, type CycleSteps } from "./collector/cycle";
import { RecentCycles } from "./collector/recent";
import { createCycleRunner, type CycleRunner } from "./collector/runner";
import { EventTracker } from "./events/tracker";
import { diffSnapshots, serializeAssets, type SerializedAssets } from "./model/delta";
import { publishedSnapshot } from "./model/status";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./model/thresholds";
import type { AssetHistory, ClusterEvent, ClusterSnapshot, ClusterStatus, ConsumerSample, MergedSnapshot, ReplicaRole, StreamSample, ThroughputSample } from "./model/types";
import { CycleUpdate } from "./model/update";
import type { ClusterConfig } from "./sources/config";
import { LatencyBook, type LatencyMinute } from "./model/latency/book";
import { latencyView, RECENT_WRITES_MS } from "./model/latency/view";
import type { Measurement, ProberStatus } from "./sources/canary/measurement";
import { createCanaryRunner, startingStatus, type CanaryRunner } from "./sources/canary/runner";
import { SystemAccountSource } from "./sources/system-account";

export type Listener = (update: CycleUpdate) => void;
export type EventListener = (event: ClusterEvent) => void;
export type LatencyMinutesListener = (minutes: LatencyMinute[]) => void;
export type MeasurementListener = (batch: readonly Measurement[]) => void;

/** An acknowledgement or a silence, as an operator asked it of any replica. */
export interface AlertActionRequest {
  kind: "acknowledge" | "silence";
  id: string;
  by: string;
  note: string;
  /** A silence's end, ms since the epoch. */
  untilMs?: number;
}

/** Hands a follower's alert action to the cluster's leader (lib/replicas/relay.ts); resolves with its answer. */
export type AlertActionForwarder = (cluster: string, request: AlertActionRequest) => Promise<AlertRecord | null>;

/** No replica leads the cluster now, or its leader did not answer: the action was not taken. */
export class LeaderUnavailable extends Error {
  readonly name = "LeaderUnavailable";

  /**
   * Told by its name: the route handlers and the instrumentation that starts the relay are separate
   * bundles, each with its own copy of this class, so `instanceof` fails across them.
   */
  static is(err: unknown): err is LeaderUnavailable {
    return err instanceof Error && err.name === "LeaderUnavailable";
  }
}

export interface CycleInfo {
  runner: CycleRunner["kind"];
  /** Time the fetch-parse-validate-merge-serialize part kept its thread busy. */
  builderBusyMs: number;
  /** Of which each step. */
  stepsMs: CycleSteps;
  /** The V8 heap in use on that thread after the cycle (with the worker: the worker's own). */
  heapBytes: number;
}

const EVENT_LOG_SIZE = 1000;
const ALERT_HISTORY = 1000;
/** How often closed latency minutes are handed to the history store. */
const LATENCY_MINUTES_EVERY_MS = 5000;
/** After its timeout, how long a probe's outcome may take to reach the book (batching, thread hop). */
const LATENCY_GRACE_MS = 3000;

/** A failing subscriber is logged and does not keep the others from hearing. */
function notifyAll<T>(listeners: Iterable<(value: T) => void>, value: T, who: string): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (err) {
      console.error(`[hub] ${who} failed:`, err);
    }
  }
}

export class ClusterCollector {
  private latest: ClusterSnapshot | null = null;
  private latestUpdate: CycleUpdate | null = null;
  private latestAssets: SerializedAssets | null = null;
  /** The snapshot as merged, before it was published with its alerts (published again after an acknowledgement). */
  private merged: MergedSnapshot | null = null;
  private readonly recent: RecentCycles;
  private readonly events: EventTracker;
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<EventListener>();
  private alerting: Alerting;
  private readonly actionListeners = new Set<AlertActionListener>();
  /** Fetching, validating and merging: in a worker thread (see lib/collector/runner.ts). */
  private cycles: CycleRunner;
  private system: SystemAccountSource | null;
  private running = false;
  private rerun = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  /** Counts stops: a cycle that ends after one (a follower again, or a new leader's parts) publishes nothing. */
  private stops = 0;
  private lastCycle: CycleInfo | null = null;
  /** The latency canary (opt-in per cluster): its prober, the book of what it measured, and its last state. */
  private canary: { runner: CanaryRunner; book: LatencyBook; status: ProberStatus; timer: NodeJS.Timeout | null } | null;
  private readonly minuteListeners = new Set<LatencyMinutesListener>();
  private readonly measurementListeners = new Set<MeasurementListener>();
  /** When a round should next ask for stream and consumer configs, as the last cycle said (0: now). */
  private configsDueAt = 0;
  /** Leader or follower, when replicas share the store; null until told (a collector used alone). */
  private role: ReplicaRole | null = null;
  /** Polling for its own viewers only, while the store that relays its leader's cycles is unreachable. */
  private observing = false;
  private forwarder: AlertActionForwarder | null = null;

  constructor(
    readonly cluster: ClusterConfig,
    private readonly pollIntervalMs: number,
    recentLimit: number,
    private readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    private readonly alertsConfig: AlertsConfig = DEFAULT_ALERTS,
    private readonly publicUrl: string | null = null,
    /** Where acknowledgements, silences, resolved alerts and webhook deliveries outlive the process, read before (loadAlertStates); null: in memory. */
    alertState: LoadedAlertState | null = null,
    private readonly configRefreshMs: number = DEFAULT_COLLECTOR_SETTINGS.configRefreshMs,
  ) {
    // Restored here, before the first cycle evaluates anything.
    this.alerting = this.newAlerting(alertState);
    this.cycles = this.newCycles();
    this.recent = new RecentCycles(pollIntervalMs, recentLimit);
    this.events = new EventTracker(EVENT_LOG_SIZE, {
      latest: () => this.latest,
      recorded: (event) => notifyAll(this.eventListeners, event, `an event subscriber of ${cluster.name}`),
      repoll: () => this.requestCycle(),
      warn: (message) => console.warn(`[hub] ${cluster.name}: ${message}`),
    });
    this.system = this.newSystem();
    this.canary = this.newCanary();
  }

  /** `quiet`: alerts evaluated for the viewers only, told to no webhook (an observer's). */
  private newAlerting(state: LoadedAlertState | null, quiet = false): Alerting {
    const alerting = new Alerting({
      cluster: this.cluster.name,
      holdMs: this.alertsConfig.holdMs,
      historyLimit: ALERT_HISTORY,
      webhooks: quiet ? [] : this.alertsConfig.webhooks,
      publicUrl: this.publicUrl,
      store: state,
      warn: (message) => console.warn(`[alerts] ${this.cluster.name}: ${message}`),
    });
    alerting.subscribeActions((action) => notifyAll(this.actionListeners, action, `an alert action subscriber of ${this.cluster.name}`));
    return alerting;
  }

  /** `shownNames`: node names by URL from cycles shown before (a follower's, from its leader), for nodes that do not answer now. */
  private newCycles(shownNames: Record<string, string> = {}): CycleRunner {
    // The worker needs neither the system account's nor the canary's credentials, nor their connections.
    return createCycleRunner({
      cluster: { ...this.cluster, system: undefined, canary: undefined },
      pollIntervalMs: this.pollIntervalMs,
      configRefreshMs: this.configRefreshMs,
      thresholds: this.thresholds,
      alertThresholds: this.alertsConfig.thresholds,
      knownNames: { ...shownNames, ...this.alerting.nodeNames() },
    });
  }

  private newSystem(): SystemAccountSource | null {
    const system = this.cluster.system ? new SystemAccountSource(this.cluster.system) : null;
    system?.onConnected((nc) => this.events.listen(nc));
    return system;
  }

  private newCanary(): ClusterCollector["canary"] {
    const canary = this.cluster.canary;
    if (!canary) return null;
    const book = new LatencyBook(Date.now(), canary.timeoutMs + LATENCY_GRACE_MS);
    // Each canary reports into its own state: one stopped when this replica began to follow never overwrites the next one's.
    const made: { status: ProberStatus } = { status: startingStatus(canary) };
    const runner = createCanaryRunner(
      canary,
      {
        measured: (batch) => {
          for (const m of batch) book.record(m);
          notifyAll(this.measurementListeners, batch, `a measurement subscriber of ${this.cluster.name}`);
        },
        status: (status) => {
          made.status = status;
        },
      },
      this.cluster.name,
    );
    return Object.assign(made, { runner, book, timer: null });
  }

  /**
   * Becomes the cluster's leader: polls from now on. `alertState`: the alert state as the store
   * holds it now, for a replica that takes over from another (whose acknowledgements, silences and
   * unsent deliveries it continues); without it, the alerts go on from what this collector holds.
   */
  lead(role: ReplicaRole, alertState?: LoadedAlertState | null): void {
    // An observer's alerts were told to nobody: a leader's are made anew, from the store's state if given.
    const observed = this.observing;
    if (observed) this.quieten();
    this.setRole(role);
    if (!this.stopped) return;
    if (alertState !== undefined || observed) {
      this.alerting = this.newAlerting(alertState ?? null);
      this.cycles.close();
      this.cycles = this.newCycles();
    }
    this.start();
  }

  /**
   * Becomes a follower: stops polling and closes every connection to the nodes (another replica
   * leads now), then shows the cycles handed to `followed`. Its parts are made anew, unopened,
   * for the next time it leads.
   */
  follow(role: ReplicaRole): void {
    this.setRole(role);
    this.quieten();
  }

  /**
   * A follower cut off from its leader's cycles (the store that relays them is unreachable) polls
   * for its own viewers: its alerts are shown but told to no webhook, and nothing is written
   * (its recorder stays stopped). It leads or follows again once the store says who leads.
   */
  observe(role: ReplicaRole): void {
    this.setRole(role);
    if (!this.stopped) return;
    this.alerting = this.newAlerting(null, true);
    this.cycles.close();
    // A node down now keeps the name its leader's cycles showed.
    this.cycles = this.newCycles(Object.fromEntries((this.latest?.nodes ?? []).map((n) => [n.url, n.name])));
    this.observing = true;
    this.start();
  }

  /** Stops polling and closes every connection to the nodes; its parts are made anew, unopened, for the next time it polls. */
  private quieten(): void {
    this.observing = false;
    if (this.stopped) return;
    this.stop();
    this.cycles = this.newCycles();
    this.system = this.newSystem();
    this.canary = this.newCanary();
    this.configsDueAt = 0;
  }

  /** Viewers see the new role at once, not at the next cycle. */
  private setRole(role: ReplicaRole): void {
    this.role = role;
    if (this.latest && this.latestAssets) this.publish({ ...this.latest, seq: this.latest.seq + 1 }, this.latestAssets);
  }

  /**
   * A follower's alerts as its leader kept them (read from the store), for the pages that list
   * pending and resolved alerts and transitions, which a cycle does not carry. Read only: a
   * follower neither evaluates, saves nor sends anything. A leader ignores it.
   */
  followAlerts(state: LoadedAlertState): void {
    if (!this.stopped) return;
    const readOnly = { load: state.store.load.bind(state.store), save: async () => {}, delivered: async () => {} };
    this.alerting = this.newAlerting({ ...state, store: readOnly });
  }

  /** An event the leader recorded (from an advisory or between two of its polls), for a follower's viewers. A leader ignores it. */
  followedEvent(event: ClusterEvent): void {
    if (this.stopped) this.events.followed(event);
  }

  /** This replica's part in collecting the cluster; null for a collector that was never told (one process, or a test). */
  replica(): ReplicaRole | null {
    return this.role;
  }

  /**
   * A cycle the leader published, for a follower's viewers: it is published here as the leader
   * made it (its alerts included), with this replica's role in its sources. A leader ignores it.
   */
  followed(snapshot: ClusterSnapshot): void {
    if (!this.stopped) return;
    if (this.latest && snapshot.seq <= this.latest.seq && snapshot.collectedAt <= this.latest.collectedAt) return;
    this.merged = snapshot;
    this.publish(snapshot, serializeAssets(snapshot));
    this.recent.record(this.latest!);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.alerting.start();
    this.system?.start();
    if (this.canary) {
      this.canary.runner.start();
      const canary = this.canary;
      const closeMinutes = () => {
        const minutes = canary.book.closeMinutes(Date.now());
        if (minutes.length) notifyAll(this.minuteListeners, minutes, `a latency subscriber of ${this.cluster.name}`);
        canary.timer = setTimeout(closeMinutes, LATENCY_MINUTES_EVERY_MS);
        canary.timer.unref();
      };
      closeMinutes();
    }
    void this.runCycle();
  }

  /** Opens the system account's connection without the polling loop, for a caller that runs collectOnce() itself (the bench). */
  connectSystem(): void {
    this.system?.start();
  }

  stop(): void {
    this.stopped = true;
    this.stops++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cycles.close();
    void this.system?.close();
    if (this.canary) {
      if (this.canary.timer) clearTimeout(this.canary.timer);
      void this.canary.runner.stop();
    }
    this.alerting.stop();
  }

  /** Stops like `stop`, and resolves once the canary's connections are closed. */
  async close(): Promise<void> {
    this.stop();
    await this.canary?.runner.stop();
  }

  /** Where the canary probes from (a worker thread, or inline); null without a canary. */
  canaryRunnerKind(): CanaryRunner["kind"] | null {
    return this.canary?.runner.kind ?? null;
  }

  /** Each latency minute once every probe started in it has reported: what the history store keeps. */
  subscribeLatencyMinutes(listener: LatencyMinutesListener): () => void {
    this.minuteListeners.add(listener);
    return () => this.minuteListeners.delete(listener);
  }

  /** Every probe outcome as the canary reports it, raw (the figures are made of these). */
  subscribeMeasurements(listener: MeasurementListener): () => void {
    this.measurementListeners.add(listener);
    return () => this.measurementListeners.delete(listener);
  }

  alerts(): AlertReader {
    return this.alerting.alerts;
  }

  /** False when acknowledgements, silences and the resolved list live in memory only (no history store). */
  alertStateKept(): boolean {
    return this.alerting.persistent;
  }

  /** Acknowledges a firing alert; null when there is none with that id. */
  acknowledgeAlert(id: string, by: string, note: string): AlertRecord | null {
    const record = this.alerting.acknowledge(id, by, note, Date.now());
    if (record) this.publishAlertChange();
    return record;
  }

  /** Silences a pending or firing alert until `untilMs`; null when there is none with that id. */
  silenceAlert(id: string, by: string, note: string, untilMs: number): AlertRecord | null {
    const record = this.alerting.silence(id, by, note, untilMs, Date.now());
    if (record) this.publishAlertChange();
    return record;
  }

  /** Where a follower sends its alert actions; set by lib/replicas/relay.ts when replicas share the store. */
  forwardAlertActionsWith(forwarder: AlertActionForwarder): void {
    this.forwarder = forwarder;
  }

  /**
   * Takes an acknowledgement or a silence where the cluster's alert lifecycle runs: here when this
   * replica leads (or runs alone), else at the leader, whose state is the one kept and whose audit
   * log records it. Resolves once kept, with the alert as it is now; null when there is no such
   * alert; rejects with LeaderUnavailable when no leader took it.
   */
  async alertAction(request: AlertActionRequest): Promise<AlertRecord | null> {
    if (this.role && !this.role.leading && this.forwarder) return this.forwarder(this.cluster.name, request);
    const record =
      request.kind === "acknowledge" ? this.acknowledgeAlert(request.id, request.by, request.note) : this.silenceAlert(request.id, request.by, request.note, request.untilMs ?? Date.now());
    // Answered once kept: a restart right after the answer still knows it.
    if (record) await this.alertStateSaved();
    return record;
  }

  /** True when every alert state change made here so far is in the store (or there is none to keep them in). */
  alertStateKeptNow(): boolean {
    return this.alerting.unsavedChanges() === 0;
  }

  /** Resolves once every alert state change made so far (an acknowledgement, a silence) has been tried in the store. */
  alertStateSaved(): Promise<void> {
    return this.alerting.flush();
  }

  /** Every acknowledgement and silence, as it is made. */
  subscribeAlertActions(listener: AlertActionListener): () => void {
    this.actionListeners.add(listener);
    return () => this.actionListeners.delete(listener);
  }

  /** The system-account connection, for subscribers to live events. */
  systemSource(): SystemAccountSource | null {
    return this.system;
  }

  snapshot(): ClusterSnapshot | null {
    return this.latest;
  }

  /** Where the last cycle's merge ran and how long it kept that thread busy (for the benchmark). */
  lastCycleInfo(): CycleInfo | null {
    return this.lastCycle;
  }

  /** The latest cycle's update, for a viewer that just connected. */
  update(): CycleUpdate | null {
    return this.latestUpdate;
  }

  streamHistory(account: string, name: string): AssetHistory<StreamSample> | null {
    return this.recent.stream(account, name);
  }

  consumerHistory(account: string, stream: string, name: string): AssetHistory<ConsumerSample> | null {
    return this.recent.consumer(account, stream, name);
  }

  recentThroughput(): ThroughputSample[] {
    return this.recent.throughput();
  }

  /** Newest first. */
  recentEvents(limit?: number): ClusterEvent[] {
    return this.events.recent(limit);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeEvents(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Runs the next poll as soon as possible (after the current one, if one is running). */
  requestCycle(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.runCycle();
  }

  /** One cycle: poll all nodes in parallel, merge (in the worker), evaluate alerts, publish. Exposed for tests. */
  async collectOnce(): Promise<ClusterSnapshot> {
    const started = Date.now();
    const stops = this.stops;
    let outcome = await this.poll(started, started >= this.configsDueAt, stops);
    // An asset whose config was never read: poll again with configs rather than show it without.
    if (outcome === NEEDS_CONFIGS) outcome = await this.poll(started, true, stops);
    if (outcome === NEEDS_CONFIGS) throw new Error("a round that asked for configs still lacks them");
    const { snapshot, findings, evaluatedAt, assets, busyMs, stepsMs, heapBytes } = outcome;
    this.configsDueAt = outcome.configsDueAt;
    this.lastCycle = { runner: this.cycles.kind, builderBusyMs: busyMs, stepsMs, heapBytes };
    this.alerting.evaluate(findings, evaluatedAt);
    if (this.latest) this.events.betweenPolls(this.latest, snapshot);
    this.merged = snapshot;
    const published = publishedSnapshot(snapshot, this.alerting.alerts.firingViews(), (this.latest?.seq ?? 0) + 1);
    // Alerts change the head only: the worker's serialized assets are those of `published`.
    this.publish(published, assets);
    this.recent.record(published);
    return published;
  }

  /** One round over every source; the system account's part is asked here, where its connection is. */
  private async poll(startedAt: number, configs: boolean, stops: number): Promise<CycleOutcome> {
    const system = this.system
      ? { raw: await this.system.pollRaw({ configs }), state: this.system.state(), timeoutMs: this.system.config.timeoutMs }
      : null;
    // Stopped meanwhile: the cycle runner is a new one now, not this cycle's (a runner closed during its run rejects it itself).
    if (stops !== this.stops) throw new Error(`the collector of ${this.cluster.name} stopped during the cycle`);
    const latency = this.canary && this.cluster.canary
      ? latencyView({
          config: this.cluster.canary,
          status: this.canary.status,
          window: this.canary.book.window(Date.now()),
          recent: this.canary.book.window(Date.now(), RECENT_WRITES_MS),
          now: Date.now(),
          consumers: this.latest?.consumers ?? [],
        })
      : null;
    return this.cycles.run({ startedAt, configs, system, latency });
  }

  /** After an acknowledgement or silence: publish the changed alerts at once instead of at the next poll. */
  private publishAlertChange(): void {
    if (!this.latest || !this.merged || !this.latestAssets) return;
    this.publish(publishedSnapshot(this.merged, this.alerting.alerts.firingViews(), this.latest.seq + 1), this.latestAssets);
  }

  private publish(made: ClusterSnapshot, assets: SerializedAssets): void {
    const snapshot = this.role ? { ...made, sources: { ...made.sources, replica: this.role } } : made;
    const delta = this.latest && this.latestAssets ? diffSnapshots(this.latest, this.latestAssets, snapshot, assets) : null;
    this.latest = snapshot;
    this.latestAssets = assets;
    this.latestUpdate = new CycleUpdate(snapshot, delta, assets);
    notifyAll(this.listeners, this.latestUpdate, `a subscriber of ${this.cluster.name}`);
  }

  /** The next cycle is scheduled only after this one ends, so cycles never overlap. */
  private async runCycle(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    this.timer = null;
    const started = Date.now();
    try {
      await this.collectOnce();
    } catch (err) {
      // buildSnapshot is pure and sources never throw, so this is a bug (or a crashed worker, which
      // the next cycle replaces); keep collecting. Stopping mid-cycle rejects it on purpose.
      if (!this.stopped) console.error(`[hub] cycle for ${this.cluster.name} failed:`, err);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    const wait = this.rerun ? 0 : Math.max(0, this.pollIntervalMs - (Date.now() - started));
    this.rerun = false;
    this.timer = setTimeout(() => void this.runCycle(), wait);
  }
}

/** What the hub needs of the configuration. */
export interface HubSettings extends CollectorSettings {
  clusters: ClusterConfig[];
  thresholds: Thresholds;
  alerts: AlertsConfig;
  publicUrl?: string;
}

/** The all-clusters summary row: one entry per configured cluster (the shape of GET /api/v1/clusters). */
export interface ClusterSummary {
  name: string;
  status: ClusterStatus | null;
  collectedAt: string | null;
  nodesUp: number | null;
  expectedNodes: number | null;
  metaLeader: string | null;
  firingAlerts: number;
}

/** Where a cluster's alert state is kept (the history store) with what it held at start; absent or null: in memory. */
export type AlertStateFor = (cluster: string) => LoadedAlertState | null;

/** Reads one cluster's kept alert state as it is now (a replica taking over continues from it). */
export function loadClusterAlertState(store: AlertStateStore): Promise<LoadedAlertState> {
  return loadAlertState(store, ALERT_HISTORY);
}

/** Reads each cluster's kept alert state, before the hub is made: its collectors restore from it before their first cycle. */
export async function loadAlertStates(clusters: readonly { name: string }[], storeFor: (cluster: string) => AlertStateStore): Promise<AlertStateFor> {
  const loaded = new Map(await Promise.all(clusters.map(async (c) => [c.name, await loadClusterAlertState(storeFor(c.name))] as const)));
  return (cluster) => loaded.get(cluster) ?? null;
}

export class Hub {
  readonly collectors = new Map<string, ClusterCollector>();

  constructor(
    readonly config: HubSettings,
    alertState?: AlertStateFor,
  ) {
    for (const cluster of config.clusters) {
      this.collectors.set(
        cluster.name,
        new ClusterCollector(
          cluster,
          config.pollIntervalMs,
          config.recentSamples,
          config.thresholds,
          config.alerts,
          config.publicUrl ?? null,
          alertState?.(cluster.name) ?? null,
          config.configRefreshMs,
        ),
      );
    }
  }

  start(): void {
    for (const c of this.collectors.values()) c.start();
  }

  stop(): void {
    for (const c of this.collectors.values()) c.stop();
  }

  clusterNames(): string[] {
    return [...this.collectors.keys()];
  }

  /** One line per cluster, for the all-clusters summary. */
  summaries(): ClusterSummary[] {
    return [...this.collectors.values()].map((c) => {
      const s = c.snapshot();
      return {
        name: c.cluster.name,
        status: s?.status ?? null,
        collectedAt: s?.collectedAt ?? null,
        nodesUp: s?.totals.nodesUp ?? null,
        expectedNodes: s?.expectedNodes ?? c.cluster.expectedNodes,
        metaLeader: s?.meta.leader ?? null,
        firingAlerts: s?.alerts.length ?? 0,
      };
    });
  }

  /** The named cluster's collector, or the first configured one when no name is given. */
  collector(name?: string | null): ClusterCollector | undefined {
    if (!name) return this.collectors.values().next().value;
    return this.collectors.get(name);
  }
}

const HUB_KEY = Symbol.for("jetstream-watch.hub");
type HubHolder = { [HUB_KEY]?: Hub };

/** The process-wide hub. Next.js loads route handlers and instrumentation as separate bundles, hence globalThis. */
export function getHub(): Hub | undefined {
  return (globalThis as HubHolder)[HUB_KEY];
}

/** Makes the process-wide hub, once; its collectors start polling when this replica leads their cluster (lib/replicas/). */
export function createHub(config: HubSettings, alertState?: AlertStateFor): Hub {
  const holder = globalThis as HubHolder;
  holder[HUB_KEY] ??= new Hub(config, alertState);
  return holder[HUB_KEY];
}
