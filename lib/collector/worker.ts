/**
 * Entry of a collector's worker thread (bundled to .next/collector-worker.cjs by
 * scripts/build-collector-worker.ts). One worker per cluster; cycles arrive one at a time.
 */
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import type { SerializedAssets } from "../model/delta";
import { NEEDS_CONFIGS, SnapshotBuilder, type CycleSettings } from "./cycle";
import { describeError, packResult, type FromWorker, type ToWorker } from "./protocol";

const port = parentPort;
if (!port) throw new Error("lib/collector/worker.ts runs only as a worker thread");
const builder = new SnapshotBuilder(workerData as CycleSettings);
/** The assets of the last cycle sent, which the collector may still hold. */
let sent: { id: number; assets: SerializedAssets } | null = null;

port.on("message", (message: ToWorker) => {
  const elu = performance.eventLoopUtilization();
  builder
    .run(message.request, () => performance.eventLoopUtilization(elu).active)
    .then(
      (result): FromWorker => {
        if (result === NEEDS_CONFIGS) return { type: "needs-configs", id: message.id };
        const base = sent !== null && sent.id === message.assetsOf ? sent : null;
        sent = { id: message.id, assets: result.assets };
        return { type: "result", id: message.id, result: packResult(result, base) };
      },
      (err: unknown): FromWorker => ({ type: "failed", id: message.id, message: describeError(err) }),
    )
    .then((reply) => port.postMessage(reply));
});
