/** Where the canary's worker bundle is written (scripts/build-collector-worker.ts) and looked for, relative to the project root. */
export const CANARY_WORKER_BUNDLE = ".next/canary-worker.cjs";
