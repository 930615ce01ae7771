/**
 * Connects a cluster's collector to the history store: every published cycle and every event is
 * written as it happens; rollups and pruning run once a minute. A failing store is reported
 * (lastError) and never stops the collector. Alert transitions reach the store with the rest of
 * the alert state, through the collector's AlertStateStore (see runtime.ts).
 */
import "server-only";
import type { ClusterCollector } from "../hub";
import { HistorySampler } from "./sampler";
import type { HistoryStore } from "./store";

const MAINTAIN_EVERY_MS = 60_000;

export class HistoryRecorder {
  private sampler: HistorySampler | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastErrorAt = 0;
  /** The newest failure to write, for the pages to show; null while writes succeed. */
  lastError: string | null = null;
  /** Polls written and the time spent writing them (the metrics endpoint reports both). */
  readonly writes = { count: 0, ms: 0 };

  constructor(
    private readonly store: HistoryStore,
    private readonly collector: ClusterCollector,
    private readonly options: { assetStepMs: number; pollIntervalMs: number; maintainEveryMs?: number },
  ) {}

  start(now = Date.now()): void {
    const cluster = this.collector.cluster.name;
    this.sampler = new HistorySampler(
      this.guard(() => this.store.beginSession(cluster, now, this.options.pollIntervalMs)) ?? { nodes: new Map(), streams: new Map() },
      this.options.assetStepMs,
    );
    this.unsubscribe.push(
      this.collector.subscribe((update) => {
        const record = this.sampler?.sample(update.snapshot);
        if (!record) return;
        const started = performance.now();
        this.guard(() => this.store.writeCycle(cluster, record));
        this.writes.count++;
        this.writes.ms += performance.now() - started;
      }),
      this.collector.subscribeEvents((event) => this.guard(() => this.store.recordEvent(cluster, event))),
    );
    this.scheduleMaintenance();
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleMaintenance(): void {
    this.timer = setTimeout(async () => {
      try {
        await this.store.maintain(Date.now());
      } catch (err) {
        this.fail(err);
      }
      if (this.unsubscribe.length) this.scheduleMaintenance();
    }, this.options.maintainEveryMs ?? MAINTAIN_EVERY_MS);
    this.timer.unref();
  }

  private guard<T>(write: () => T): T | undefined {
    try {
      const result = write();
      this.lastError = null;
      return result;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  private fail(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    // Once a minute is enough to tell the operator; a full disk would otherwise flood the log.
    if (Date.now() - this.lastErrorAt > 60_000) {
      this.lastErrorAt = Date.now();
      console.error(`[history] ${this.collector.cluster.name}: ${this.lastError}`);
    }
  }
}
