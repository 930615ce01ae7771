/**
 * The hub: exactly one collector per configured cluster per server process. Each collector polls
 * every node in parallel, merges the answers into a snapshot and hands it to all subscribers.
 * Viewers never cause upstream requests: 1 or 200 open pages cost the NATS nodes the same.
 */
import "server-only";
import { AlertEngine, type AlertTransition } from "./alerts/engine";
import { WebhookNotifier } from "./alerts/notify";
import { DEFAULT_ALERTS, type AlertsConfig } from "./alerts/config";
import type { CollectorSettings } from "./collector/config";
import { createCycleRunner, type CycleRunner } from "./collector/runner";
import { subscribeAdvisories } from "./events/advisories";
import { eventsBetween, type NewEvent } from "./events/diff";
import { EventLog } from "./events/log";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./model/thresholds";
import type { ClusterConfig } from "./sources/config";
import { SystemAccountSource } from "./sources/system-account";
import { consumerKey, replicaKey, replicaNodeOf, streamKey } from "./model/assets";
import {
  diffSnapshots,
  restrictDelta,
  snapshotJson,
  type SerializedAssets,
  type SnapshotDelta,
  type SnapshotInclude,
} from "./model/delta";
import { RecentSeries } from "./model/recent-series";
import { publishedSnapshot } from "./model/status";
import { troubleSnapshot } from "./model/trouble";
import type { AssetHistory, ClusterEvent, ClusterSnapshot, ClusterStatus, ConsumerSample, MergedSnapshot, StreamSample, ThroughputSample } from "./model/types";

/**
 * One collector cycle's result for viewers. The JSON of the snapshot and of the delta is made at
 * most once per kind of viewer (which asset lists it wants), however many viewers there are.
 */
export class CycleUpdate {
  private readonly json = new Map<string, string>();

  constructor(
    readonly snapshot: ClusterSnapshot,
    readonly delta: SnapshotDelta | null,
    private readonly assets: SerializedAssets,
  ) {}

  snapshotJson(include: SnapshotInclude): string {
    if (include.trouble) return this.memo("t", () => JSON.stringify(troubleSnapshot(this.snapshot)));
    return this.memo(`s${+include.streams}${+include.consumers}`, () => snapshotJson(this.snapshot, this.assets, include));
  }

  /** null on the first cycle, when there is nothing to be a delta of. */
  deltaJson(include: SnapshotInclude): string | null {
    const delta = this.delta;
    if (!delta || include.trouble) return null;
    return this.memo(`d${+include.streams}${+include.consumers}`, () => JSON.stringify(restrictDelta(delta, include)));
  }

  private memo(key: string, make: () => string): string {
    let value = this.json.get(key);
    if (value === undefined) {
      value = make();
      this.json.set(key, value);
    }
    return value;
  }
}

export type Listener = (update: CycleUpdate) => void;
export type EventListener = (event: ClusterEvent) => void;
export type AlertTransitionListener = (transition: AlertTransition) => void;

export interface CycleInfo {
  runner: CycleRunner["kind"];
  /** Time the fetch-parse-validate-merge-serialize part kept its thread busy. */
  builderBusyMs: number;
}

const EVENT_LOG_SIZE = 1000;
const ALERT_HISTORY = 1000;

/** Advisories after which the next poll is run at once, so pages show the change within a second. */
const REPOLL_ON: ReadonlySet<ClusterEvent["kind"]> = new Set([
  "stream-leader-elected",
  "consumer-leader-elected",
  "stream-quorum-lost",
  "consumer-quorum-lost",
  "server-shutdown",
  "server-lameduck",
]);

const HISTORY_WINDOW_MS = 15 * 60_000;
const MIN_HISTORY_STEP_MS = 10_000;
const STREAM_FIELDS = ["messages", "bytes", "msgsPerSec"] as const;
const CONSUMER_FIELDS = ["numPending", "numAckPending", "numRedelivered", "numWaiting", "ackPerSec"] as const;

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
  private readonly historyStepMs: number;
  private lastHistoryAt = 0;
  private readonly streamSeries: RecentSeries<(typeof STREAM_FIELDS)[number]>;
  private readonly replicaLagSeries: RecentSeries<"lag">;
  private readonly consumerSeries: RecentSeries<(typeof CONSUMER_FIELDS)[number]>;
  private recent: ThroughputSample[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<EventListener>();
  private readonly transitionListeners = new Set<AlertTransitionListener>();
  private readonly events = new EventLog(EVENT_LOG_SIZE);
  /** Streams without a reachable leader, and since when, as far as the dashboard saw. */
  private readonly leaderlessSince = new Map<string, string>();
  private running = false;
  private rerun = false;
  private readonly alertEngine: AlertEngine;
  private readonly notifier: WebhookNotifier;
  /** The snapshot as merged, before it was published with its alerts (published again after an acknowledgement). */
  private merged: MergedSnapshot | null = null;
  /** Fetching, validating and merging: in a worker thread (see lib/collector/runner.ts). */
  private readonly cycles: CycleRunner;
  private readonly system: SystemAccountSource | null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private lastCycle: CycleInfo | null = null;

  constructor(
    readonly cluster: ClusterConfig,
    private readonly pollIntervalMs: number,
    private readonly recentLimit: number,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    alertsConfig: AlertsConfig = DEFAULT_ALERTS,
    publicUrl: string | null = null,
  ) {
    this.alertEngine = new AlertEngine({
      holdMs: alertsConfig.holdMs,
      historyLimit: ALERT_HISTORY,
      onTransition: (t) => notifyAll(this.transitionListeners, t, `an alert subscriber of ${cluster.name}`),
    });
    this.notifier = new WebhookNotifier(alertsConfig.webhooks, cluster.name, publicUrl);
    // The worker needs neither the system account's credentials nor its connection.
    this.cycles = createCycleRunner({ cluster: { ...cluster, system: undefined }, pollIntervalMs, thresholds, alertThresholds: alertsConfig.thresholds });
    this.system = cluster.system ? new SystemAccountSource(cluster.system) : null;
    this.system?.onConnected((nc) => {
      subscribeAdvisories(nc, (event) => this.onAdvisory(event), (message) => console.warn(`[hub] ${cluster.name}: ${message}`));
    });
    this.historyStepMs = Math.max(MIN_HISTORY_STEP_MS, pollIntervalMs);
    const capacity = Math.ceil(HISTORY_WINDOW_MS / this.historyStepMs);
    this.streamSeries = new RecentSeries(STREAM_FIELDS, capacity);
    this.replicaLagSeries = new RecentSeries(["lag"] as const, capacity);
    this.consumerSeries = new RecentSeries(CONSUMER_FIELDS, capacity);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.system?.start();
    void this.runCycle();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cycles.close();
    void this.system?.close();
    this.notifier.stop();
  }

  alerts(): AlertEngine {
    return this.alertEngine;
  }

  /** After an acknowledgement or silence: publish the changed alerts at once instead of at the next poll. */
  publishAlertChange(): void {
    if (!this.latest || !this.merged || !this.latestAssets) return;
    this.publish(publishedSnapshot(this.merged, this.alertEngine.firingViews(), this.latest.seq + 1), this.latestAssets);
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
    const stream = { account, name };
    const points = this.streamSeries.read(streamKey(stream));
    if (!points) return null;
    const replicas = [...this.replicaLagSeries.keys()].flatMap((k) => {
      const node = replicaNodeOf(stream, k);
      return node === null ? [] : [[node, this.replicaLagSeries.read(k) ?? []] as const];
    });
    return {
      stepMs: this.historyStepMs,
      samples: points.map((p, i) => ({
        at: new Date(p.at).toISOString(),
        messages: p.values.messages,
        bytes: p.values.bytes,
        msgsPerSec: p.values.msgsPerSec,
        replicaLag: Object.fromEntries(
          replicas.map(([name, lag]) => [name, lag[i]?.values.lag]).filter((e): e is [string, number] => typeof e[1] === "number"),
        ),
      })),
    };
  }

  consumerHistory(account: string, stream: string, name: string): AssetHistory<ConsumerSample> | null {
    const points = this.consumerSeries.read(consumerKey({ account, stream, name }));
    if (!points) return null;
    return { stepMs: this.historyStepMs, samples: points.map((p) => ({ at: new Date(p.at).toISOString(), ...p.values })) };
  }

  recentThroughput(): ThroughputSample[] {
    return [...this.recent];
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeEvents(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Every alert transition (pending, firing, resolved, acknowledged, silenced, escalated) as it happens. */
  subscribeAlertTransitions(listener: AlertTransitionListener): () => void {
    this.transitionListeners.add(listener);
    return () => this.transitionListeners.delete(listener);
  }

  /** Newest first. */
  recentEvents(limit?: number): ClusterEvent[] {
    return this.events.list(limit);
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

  private record(event: NewEvent): void {
    const stored = this.events.add(event);
    if (stored) notifyAll(this.eventListeners, stored, `an event subscriber of ${this.cluster.name}`);
  }

  /** Fills in what the advisory does not say (previous leader, leaderless time) from what the dashboard saw. */
  private onAdvisory(event: NewEvent): void {
    const latest = this.latest;
    if (event.kind === "stream-leader-elected" && event.account && event.stream) {
      const key = streamKey({ account: event.account, name: event.stream });
      event.fromLeader = latest?.streams.find((s) => streamKey(s) === key)?.leader ?? null;
      const since = this.leaderlessSince.get(key) ?? null;
      event.leaderlessSince = since;
      event.leaderlessMs = since ? Math.max(0, Date.parse(event.at) - Date.parse(since)) : null;
    } else if (event.kind === "consumer-leader-elected" && event.account && event.stream && event.consumer) {
      const key = consumerKey({ account: event.account, stream: event.stream, name: event.consumer });
      event.fromLeader = latest?.consumers.find((c) => consumerKey(c) === key)?.leader ?? null;
    } else if (event.kind === "stream-quorum-lost" && event.account && event.stream) {
      const key = streamKey({ account: event.account, name: event.stream });
      if (!this.leaderlessSince.has(key)) this.leaderlessSince.set(key, event.at);
    } else if ((event.kind === "server-shutdown" || event.kind === "server-lameduck") && event.server) {
      // Its streams lose their leader now; count their leaderless time from here.
      for (const s of latest?.streams ?? [])
        if (s.leader === event.server && !this.leaderlessSince.has(streamKey(s))) this.leaderlessSince.set(streamKey(s), event.at);
    }
    this.record(event);
    if (REPOLL_ON.has(event.kind)) this.requestCycle();
  }

  /** One cycle: poll all nodes in parallel, merge (in the worker), evaluate alerts, publish. Exposed for tests. */
  async collectOnce(): Promise<ClusterSnapshot> {
    const started = Date.now();
    const system = this.system
      ? { raw: await this.system.pollRaw(), state: this.system.state(), timeoutMs: this.system.config.timeoutMs }
      : null;
    const { snapshot, findings, evaluatedAt, assets, busyMs } = await this.cycles.run({ startedAt: started, system });
    this.lastCycle = { runner: this.cycles.kind, builderBusyMs: busyMs };
    const transitions = this.alertEngine.update(findings, evaluatedAt);
    this.notifier.notify(transitions, (id, state) =>
      state === "firing" ? this.alertEngine.firing().find((r) => r.id === id) : this.alertEngine.history().find((r) => r.id === id),
    );
    if (this.latest) for (const event of eventsBetween(this.latest, snapshot, this.leaderlessSince)) this.record(event);
    this.merged = snapshot;
    const published = publishedSnapshot(snapshot, this.alertEngine.firingViews(), (this.latest?.seq ?? 0) + 1);
    // Alerts change the head only: the worker's serialized assets are those of `published`.
    this.publish(published, assets);
    this.recordHistory(published);
    if (published.throughput) {
      this.recent.push(published.throughput);
      if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
    }
    return published;
  }

  private publish(snapshot: ClusterSnapshot, assets: SerializedAssets): void {
    const delta = this.latest && this.latestAssets ? diffSnapshots(this.latest, this.latestAssets, snapshot, assets) : null;
    this.latest = snapshot;
    this.latestAssets = assets;
    this.latestUpdate = new CycleUpdate(snapshot, delta, assets);
    notifyAll(this.listeners, this.latestUpdate, `a subscriber of ${this.cluster.name}`);
  }

  /** Stream, replica-lag and consumer figures at a coarse step, for the detail pages' recent charts. */
  private recordHistory(snapshot: ClusterSnapshot): void {
    const at = Date.parse(snapshot.collectedAt);
    if (at - this.lastHistoryAt < this.historyStepMs) return;
    this.lastHistoryAt = at;
    this.streamSeries.record(
      at,
      snapshot.streams.map((s) => [streamKey(s), { messages: s.messages, bytes: s.bytes, msgsPerSec: s.msgsPerSec }]),
    );
    this.replicaLagSeries.record(
      at,
      snapshot.streams.flatMap((s) => (s.replicas ?? []).map((r) => [replicaKey(s, r.name), { lag: r.lag }] as [string, { lag: number }])),
    );
    this.consumerSeries.record(
      at,
      snapshot.consumers.map((c) => [
        consumerKey(c),
        { numPending: c.numPending, numAckPending: c.numAckPending, numRedelivered: c.numRedelivered, numWaiting: c.numWaiting, ackPerSec: c.ackPerSec },
      ]),
    );
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

export class Hub {
  readonly collectors = new Map<string, ClusterCollector>();

  constructor(readonly config: HubSettings) {
    for (const cluster of config.clusters) {
      this.collectors.set(
        cluster.name,
        new ClusterCollector(cluster, config.pollIntervalMs, config.recentSamples, config.thresholds, config.alerts, config.publicUrl ?? null),
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

export function startHub(config: HubSettings): Hub {
  const holder = globalThis as HubHolder;
  if (!holder[HUB_KEY]) {
    holder[HUB_KEY] = new Hub(config);
    holder[HUB_KEY].start();
  }
  return holder[HUB_KEY];
}
