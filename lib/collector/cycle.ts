/**
 * The expensive half of a collector cycle: poll every node over HTTP, decode the system account's
 * replies, validate, attach the configs read earlier (configs.ts), merge into one snapshot by
 * leader truth, derive rates, evaluate the alert rules (pure; their lifecycle stays with the
 * collector) and serialize each asset once for the browsers' deltas. It keeps what the next cycle
 * needs (the previous merged snapshot, counter samples, the configs, keep-alive connections) and
 * runs in the collector's worker thread, or inline when the worker bundle is not built.
 */
import "server-only";
import { getHeapStatistics } from "node:v8";
import { evaluateRules, type Finding } from "../alerts/rules";
import type { AlertThresholds } from "../alerts/thresholds";
import { serializeAssetsSince, type HeldViews, type SerializedAssets } from "../model/delta";
import { buildSnapshot } from "../model/normalize";
import type { CounterSample } from "../model/rates";
import type { Thresholds } from "../model/thresholds";
import type { LatencyView, MergedSnapshot } from "../model/types";
import type { ClusterConfig } from "../sources/config";
import { createMonitorAgents, type MonitorAgents } from "../sources/http-monitor";
import type { SystemConnectionState } from "../sources/outcome";
import { decodeSystemPoll, type RawSystemPoll } from "../sources/system-replies";
import { ConfigBook } from "./configs";
import { collectRound } from "./round";

export interface CycleSettings {
  cluster: ClusterConfig;
  pollIntervalMs: number;
  configRefreshMs: number;
  thresholds: Thresholds;
  alertThresholds: AlertThresholds;
  /** Node names by URL from the alerts a previous run left (see CycleInput.knownNames). */
  knownNames?: Record<string, string>;
}

export interface CycleRequest {
  /** Wall-clock start of the cycle (before the system account was asked), for `cycleMs`. */
  startedAt: number;
  /** Whether this round asks for stream and consumer configs (the system account's round did if it did). */
  configs: boolean;
  /** The system account's round, polled by the thread that holds its connection. */
  system: { raw: RawSystemPoll; state: SystemConnectionState; timeoutMs: number } | null;
  /** The latency canary's figures of the last minutes, kept by the collector; null without a canary. */
  latency?: LatencyView | null;
}

/**
 * The steps of a cycle after its fetches, in order: decoding, parsing and validating every answer
 * and taking its assets out (read); attaching the configs read earlier; merging by leader truth
 * with rates and derived figures; the alert rules; serializing the assets that changed.
 */
export const CYCLE_STEPS = ["read", "configs", "merge", "rules", "serialize"] as const;

/**
 * What the cycle's thread spent on each step, in ms of wall time. No step awaits anything, so that
 * is its CPU time, plus whatever the machine gave other processes meanwhile: on a loaded machine
 * the steps' sum can exceed the cycle's CPU.
 */
export type CycleSteps = Record<(typeof CYCLE_STEPS)[number], number>;

export interface CycleResult {
  /** Merged; publishing (lib/model/status.ts) adds status, alerts and seq. */
  snapshot: MergedSnapshot;
  /** The alert rules' findings on this snapshot against the previous one, and the time they were evaluated at. */
  findings: Finding[];
  evaluatedAt: number;
  assets: SerializedAssets;
  /** Time this thread was busy with the cycle (decoding, validating, merging, serializing). */
  busyMs: number;
  /** Of which each step. */
  stepsMs: CycleSteps;
  /** When a round should next ask for configs (epoch ms; 0: the next round). */
  configsDueAt: number;
  /** The V8 heap in use on the thread that ran the cycle, at its end: the worker's own, apart from the process's main heap. */
  heapBytes: number;
}

/**
 * A round without configs reported an asset whose config was never read: nothing was merged, and
 * the round is to be polled again with configs.
 */
export const NEEDS_CONFIGS = "needs-configs";

export type CycleOutcome = CycleResult | typeof NEEDS_CONFIGS;

export class SnapshotBuilder {
  private previous: MergedSnapshot | null = null;
  /** The previous snapshot's assets with their JSON: an unchanged asset is not serialized again. */
  private held: HeldViews | null = null;
  private counters: ReadonlyMap<string, CounterSample> = new Map();
  private readonly agents: MonitorAgents | null;
  private readonly configs: ConfigBook;

  constructor(private readonly settings: CycleSettings) {
    this.agents = settings.cluster.monitor ? createMonitorAgents(settings.cluster.monitor) : null;
    this.configs = new ConfigBook(settings.configRefreshMs);
  }

  async run(request: CycleRequest, busyMs: () => number): Promise<CycleOutcome> {
    const { cluster, pollIntervalMs, thresholds, alertThresholds } = this.settings;
    let mark = performance.now();
    const lap = () => {
      const at = performance.now();
      const ms = at - mark;
      mark = at;
      return ms;
    };
    const system = request.system && { poll: decodeSystemPoll(request.system.raw), state: request.system.state, timeoutMs: request.system.timeoutMs };
    const decodeMs = lap();
    const http = this.agents ? { agents: this.agents, request: { configs: request.configs } } : null;
    const { polls, sources, readMs } = await collectRound(cluster, this.previous?.nodes ?? [], http, system, this.settings.knownNames);
    const now = Date.now();
    lap();
    const configs = this.configs.take(polls, request.configs, now);
    if (!configs.complete) return NEEDS_CONFIGS;
    const configsMs = lap();
    const { snapshot, counters } = buildSnapshot({
      cluster: cluster.name,
      expectedNodes: cluster.expectedNodes,
      sources,
      names: cluster.monitor?.names,
      knownNames: this.settings.knownNames,
      polls,
      previous: this.previous,
      counters: this.counters,
      collectedAt: now,
      cycleMs: now - request.startedAt,
      configsReadAt: configs.readAt,
      pollIntervalMs,
      thresholds,
      latency: request.latency,
    });
    const mergeMs = lap();
    const evaluatedAt = Date.now();
    const findings = evaluateRules({ snapshot, previous: this.previous, thresholds: alertThresholds, now: evaluatedAt });
    const rulesMs = lap();
    const { assets, held } = serializeAssetsSince(snapshot, this.held);
    const serializeMs = lap();
    this.previous = snapshot;
    this.held = held;
    this.counters = counters;
    return {
      snapshot,
      findings,
      evaluatedAt,
      assets,
      busyMs: busyMs(),
      stepsMs: { read: decodeMs + readMs, configs: configsMs, merge: mergeMs, rules: rulesMs, serialize: serializeMs },
      configsDueAt: this.configs.dueAt(),
      heapBytes: getHeapStatistics().used_heap_size,
    };
  }

  close(): void {
    this.agents?.http.destroy();
    this.agents?.https.destroy();
  }
}
