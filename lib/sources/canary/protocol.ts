/** What crosses between the canary's worker thread and the thread that keeps its figures. */
import type { Measurement, ProberStatus } from "./measurement";

export type FromCanaryWorker = { type: "measurements"; batch: Measurement[] } | { type: "status"; status: ProberStatus };

export type ToCanaryWorker = { type: "stop" };

/** How often the worker hands over what it measured. Timing is done before; this only delays the figures. */
export const BATCH_EVERY_MS = 200;
