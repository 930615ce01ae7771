/** Where the collector's worker bundle is written (scripts/build-collector-worker.ts) and looked for, relative to the project root. */
export const WORKER_BUNDLE = ".next/collector-worker.cjs";
