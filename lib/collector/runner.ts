/**
 * Where a collector's cycles run: in a worker thread (the production path), so that fetching,
 * JSON.parse of megabytes of /jsz, validation and the merge never hold up the thread that serves
 * pages; or inline, when the worker bundle has not been built (a warning says so).
 */
import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { NEEDS_CONFIGS, SnapshotBuilder, type CycleOutcome, type CycleRequest, type CycleSettings } from "./cycle";
import { transferables, unpackResult, type FromWorker, type HeldAssets, type ToWorker } from "./protocol";
import { WORKER_BUNDLE } from "./worker-bundle";

/** Far beyond any cycle's own deadlines: only a worker that is stuck takes this long. */
const CYCLE_DEADLINE_MS = 60_000;

export interface CycleRunner {
  readonly kind: "worker" | "inline";
  run(request: CycleRequest): Promise<CycleOutcome>;
  close(): void;
}

/** The cycle on the calling thread (no worker bundle). Like the worker's, a run that close() overtakes rejects. */
export class InlineRunner implements CycleRunner {
  readonly kind = "inline";
  private readonly builder: SnapshotBuilder;
  private closed = false;

  constructor(settings: CycleSettings) {
    this.builder = new SnapshotBuilder(settings);
  }

  async run(request: CycleRequest): Promise<CycleOutcome> {
    const elu = performance.eventLoopUtilization();
    // Closing destroys the connections, which ends a round in flight with every node failed: not a cycle to show.
    const outcome = await this.builder.run(request, () => performance.eventLoopUtilization(elu).active);
    if (this.closed) throw new Error(`the cycle of ${request.startedAt} was closed before it ended`);
    return outcome;
  }

  close(): void {
    this.closed = true;
    this.builder.close();
  }
}

interface Pending {
  resolve: (result: CycleOutcome) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One worker thread; started on the first cycle and again after it died. It holds the previous
 * snapshot for rates, so a restarted worker gives no rates for one cycle. Between cycles it does
 * not keep the process alive.
 */
class WorkerRunner implements CycleRunner {
  readonly kind = "worker";
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The last cycle's assets: the worker sends only what changed against them. */
  private held: HeldAssets | null = null;

  constructor(
    private readonly file: string,
    private readonly settings: CycleSettings,
    private readonly label: string,
  ) {}

  run(request: CycleRequest): Promise<CycleOutcome> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<CycleOutcome>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`the collector worker of ${this.label} did not answer within ${CYCLE_DEADLINE_MS} ms`), true), CYCLE_DEADLINE_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      const message: ToWorker = { type: "cycle", id, request, assetsOf: this.held?.id ?? null };
      worker.postMessage(message, transferables(request));
    });
  }

  close(): void {
    this.fail(new Error("the collector was stopped"), true);
  }

  private spawn(): Worker {
    // Plain CommonJS: no loader or export conditions of the parent are needed.
    const worker = new Worker(this.file, {
      workerData: this.settings,
      execArgv: [],
      name: `collector ${this.label}`,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.unref();
    worker.on("message", (message: FromWorker) => this.settle(message));
    worker.on("error", (err) => this.fail(err, false));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = null;
      this.fail(new Error(`the collector worker of ${this.label} exited with code ${code}`), false);
    });
    this.worker = worker;
    return worker;
  }

  private settle(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if (message.type === "failed") {
      pending.reject(new Error(`collector worker: ${message.message}`));
      return;
    }
    if (message.type === "needs-configs") {
      pending.resolve(NEEDS_CONFIGS);
      return;
    }
    try {
      const { result, held } = unpackResult(message.id, message.result, this.held);
      this.held = held;
      pending.resolve(result);
    } catch (err) {
      // Out of step with the worker (a bug): start both sides afresh.
      this.held = null;
      pending.reject(err as Error);
    }
  }

  /** Rejects every cycle in flight; `terminate` also ends the worker (the next cycle starts a new one). */
  private fail(err: Error, terminate: boolean): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(err);
    }
    if (terminate && this.worker) {
      const worker = this.worker;
      this.worker = null;
      void worker.terminate();
    }
  }
}

/**
 * Room for the objects a cycle makes and drops: a node's parsed /jsz lives only until its reports
 * are taken out (lib/model/reports.ts), and with V8's default young generation most of it outlived
 * a scavenge and was copied into the old one, to be marked and compacted there. Measured at 1000
 * streams × 3000 consumers on 3 simulated nodes, collector CPU per cycle fell by about a sixth with
 * 128 MB (side by side with the default in one process); it costs at most that much memory.
 */
const YOUNG_GENERATION_MB = 128;

let warned = false;

/**
 * The bundle is built beside Next.js's output, not traced into it: under the project root when the
 * server runs from there (npm start, the tests, the benchmark), and beside the server entry in a
 * standalone folder copied elsewhere (deploy/start.cjs), whatever folder that was started from.
 */
function workerBundleCandidates(): string[] {
  const entry = process.argv[1];
  return [process.cwd(), ...(entry ? [path.dirname(entry)] : [])].map((dir) => path.resolve(/* turbopackIgnore: true */ dir, WORKER_BUNDLE));
}

export function createCycleRunner(settings: CycleSettings): CycleRunner {
  const candidates = workerBundleCandidates();
  const file = candidates.find((candidate) => existsSync(/* turbopackIgnore: true */ candidate));
  if (file) return new WorkerRunner(file, settings, settings.cluster.name);
  if (!warned) {
    warned = true;
    console.warn(`[hub] the collector's worker bundle is missing (looked for ${candidates.join(", ")}; npm run build makes it): collecting on the main thread`);
  }
  return new InlineRunner(settings);
}
