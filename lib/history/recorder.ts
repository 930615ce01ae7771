/**
 * Connects a cluster's collector to the history store: every published cycle and every event is
 * written as it happens; rollups and pruning run once a minute. A failing store is reported
 * (lastError) and never stops the collector. Alert transitions reach the store with the rest of
 * the alert state, through the collector's AlertStateStore (see runtime.ts).
 *
 * Writes never hold up publishing: a subscriber only queues them, and they run one after another
 * (a cycle's rows after the previous cycle's, all after the session began). A store that falls
 * behind, or cannot be reached, loses whole cycles, never counts: a cycle counts only once it is
 * written, so the next one written carries the counters' advance since the last one written.
 */
import "server-only";
import type { ClusterCollector } from "../hub";
import type { ClusterSnapshot } from "../model/types";
import { HistorySampler } from "./sampler";
import type { HistoryStore } from "./store";

const MAINTAIN_EVERY_MS = 60_000;
/** Cycles waiting to be written at most; more are skipped until the store catches up. */
const BACKLOG_LIMIT = 20;

export class HistoryRecorder {
  private sampler: HistorySampler | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastErrorAt = 0;
  /** Writes in order: each starts when the previous one has ended. */
  private queue: Promise<void> = Promise.resolve();
  private backlog = 0;
  /** The newest failure to write, for the pages to show; null while writes succeed. */
  lastError: string | null = null;
  /** Polls written and the time spent writing them (the metrics endpoint reports both). */
  readonly writes = { count: 0, ms: 0 };

  constructor(
    private readonly store: HistoryStore,
    private readonly collector: ClusterCollector,
    private readonly options: { assetStepMs: number; pollIntervalMs: number; maintainEveryMs?: number },
  ) {}

  /** Begins a session and records every cycle from now on; a recorder already recording goes on with its session (a lock won again while leading). */
  start(now = Date.now()): void {
    if (this.unsubscribe.length > 0) return;
    const cluster = this.collector.cluster.name;
    this.enqueue(async () => {
      const resume = await this.guard(() => this.store.beginSession(cluster, now, this.options.pollIntervalMs));
      this.sampler = new HistorySampler(resume ?? { nodes: new Map(), streams: new Map(), countedUntil: null, storedCredit: 0 }, this.options.assetStepMs);
    });
    this.unsubscribe.push(
      this.collector.subscribe((update) => {
        if (this.backlog >= BACKLOG_LIMIT) {
          this.fail(new Error(`the history store is ${this.backlog} writes behind; skipping cycles until it catches up`));
          return;
        }
        this.enqueue(() => this.writeCycle(cluster, update.snapshot));
      }),
      this.collector.subscribeEvents((event) => this.enqueue(async () => void (await this.guard(() => this.store.recordEvent(cluster, event))))),
      this.collector.subscribeLatencyMinutes((minutes) => this.enqueue(async () => void (await this.guard(() => this.store.writeLatencyMinutes(cluster, minutes))))),
    );
    this.scheduleMaintenance();
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves once every write queued so far has ended. */
  async flush(): Promise<void> {
    await this.queue;
  }

  private async writeCycle(cluster: string, snapshot: ClusterSnapshot): Promise<void> {
    if (!this.sampler) return;
    const undo = this.sampler.checkpoint();
    const record = this.sampler.sample(snapshot);
    if (!record) return;
    const started = performance.now();
    try {
      await this.store.writeCycle(cluster, record);
      this.lastError = null;
    } catch (err) {
      // Not written, not counted: the next cycle written carries this one's messages, and begins a new observation.
      undo();
      this.sampler.notWritten();
      this.fail(err);
      return;
    }
    this.writes.count++;
    this.writes.ms += performance.now() - started;
  }

  private enqueue(write: () => Promise<void>): void {
    this.backlog++;
    this.queue = this.queue.then(write).finally(() => this.backlog--);
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

  private async guard<T>(write: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await write();
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
