/**
 * Entry of a cluster's canary worker thread (bundled to .next/canary-worker.cjs by
 * scripts/build-collector-worker.ts). The prober runs here, away from the thread that renders
 * pages and writes history, so that neither can stall a probe's timing.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CanaryConfig } from "./config";
import type { Measurement } from "./measurement";
import { Prober } from "./prober";
import { BATCH_EVERY_MS, type FromCanaryWorker, type ToCanaryWorker } from "./protocol";

const port = parentPort;
if (!port) throw new Error("lib/sources/canary/worker.ts runs only as a worker thread");
const send = (message: FromCanaryWorker) => port.postMessage(message);

let batch: Measurement[] = [];
const flush = setInterval(() => {
  if (batch.length === 0) return;
  send({ type: "measurements", batch });
  batch = [];
}, BATCH_EVERY_MS);

const prober = new Prober(workerData as CanaryConfig, {
  measured: (m) => batch.push(m),
  status: (status) => send({ type: "status", status }),
});
prober.start();

port.on("message", (message: ToCanaryWorker) => {
  if (message.type !== "stop") return;
  clearInterval(flush);
  void prober.stop().finally(() => process.exit(0));
});
