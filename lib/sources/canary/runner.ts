/**
 * Where a cluster's canary probes from: a worker thread (the production path, so that page
 * rendering, history writes or a long merge on the main thread never show up as NATS latency), or
 * inline when the worker bundle has not been built (a warning says so: figures may then include
 * the main thread's own pauses).
 */
import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { canaryReplicas, type CanaryConfig } from "./config";
import type { Measurement, ProberStatus } from "./measurement";
import { Prober } from "./prober";
import type { FromCanaryWorker, ToCanaryWorker } from "./protocol";
import { CANARY_WORKER_BUNDLE } from "./worker-bundle";

export interface CanaryListener {
  measured(batch: readonly Measurement[]): void;
  status(status: ProberStatus): void;
}

export interface CanaryRunner {
  readonly kind: "worker" | "inline";
  start(): void;
  stop(): Promise<void>;
}

/** What is known before the prober has said anything. */
export function startingStatus(config: CanaryConfig, now = new Date()): ProberStatus {
  return {
    state: "connecting",
    message: null,
    nodes: config.urls.map((url, i) => ({ name: config.names?.[i] ?? url.replace(/^[a-z]+:\/\/(.*@)?/, "").replace(/\/.*$/, ""), url, connected: false })),
    stream: { name: config.stream, replicas: canaryReplicas(config), leader: null, ready: false },
    ackLatency: false,
    since: now.toISOString(),
  };
}

/** A worker that dies is started again after this long (its probes in flight are lost, not counted). */
const RESTART_MS = 5000;

class WorkerCanary implements CanaryRunner {
  readonly kind = "worker";
  private worker: Worker | null = null;
  private stopped = true;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly config: CanaryConfig,
    private readonly listener: CanaryListener,
    private readonly label: string,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.spawn();
  }

  private spawn(): void {
    this.restart = null;
    if (this.stopped) return;
    const worker = new Worker(this.file, { workerData: this.config, execArgv: [], name: `canary ${this.label}` });
    worker.unref();
    worker.on("message", (message: FromCanaryWorker) => {
      if (message.type === "measurements") this.listener.measured(message.batch);
      else this.listener.status(message.status);
    });
    worker.on("error", (err) => console.error(`[canary] ${this.label}: the worker failed:`, err));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = null;
      if (this.stopped) return;
      console.error(`[canary] ${this.label}: the worker exited with code ${code}; starting it again in ${RESTART_MS / 1000} s`);
      this.restart = setTimeout(() => this.spawn(), RESTART_MS);
      this.restart.unref();
    });
    this.worker = worker;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restart) clearTimeout(this.restart);
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.postMessage({ type: "stop" } satisfies ToCanaryWorker);
    const deadline = setTimeout(() => void worker.terminate(), 3000);
    await exited;
    clearTimeout(deadline);
  }
}

class InlineCanary implements CanaryRunner {
  readonly kind = "inline";
  private readonly prober: Prober;

  constructor(config: CanaryConfig, listener: CanaryListener) {
    this.prober = new Prober(config, { measured: (m) => listener.measured([m]), status: (s) => listener.status(s) });
  }

  start(): void {
    this.prober.start();
  }

  stop(): Promise<void> {
    return this.prober.stop();
  }
}

let warned = false;

/** Looked for where the collector's worker bundle is (see lib/collector/runner.ts). */
function bundleCandidates(): string[] {
  const entry = process.argv[1];
  return [process.cwd(), ...(entry ? [path.dirname(entry)] : [])].map((dir) => path.resolve(/* turbopackIgnore: true */ dir, CANARY_WORKER_BUNDLE));
}

export function createCanaryRunner(config: CanaryConfig, listener: CanaryListener, label: string): CanaryRunner {
  const candidates = bundleCandidates();
  const file = candidates.find((candidate) => existsSync(/* turbopackIgnore: true */ candidate));
  if (file) return new WorkerCanary(file, config, listener, label);
  if (!warned) {
    warned = true;
    console.warn(`[canary] the canary's worker bundle is missing (looked for ${candidates.join(", ")}; npm run build makes it): probing on the main thread, whose own pauses then count as latency`);
  }
  return new InlineCanary(config, listener);
}
