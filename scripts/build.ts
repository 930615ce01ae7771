/**
 * `npm run build`: the Next.js production build (output "standalone"), the worker bundles (the
 * collector's, the canary's), and the standalone folder made whole — static files, public/, the worker bundles and the
 * server entry copied in — so that `.next/standalone` runs with `node start.cjs` alone.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { buildWorkers } from "./build-collector-worker";

const ROOT = path.resolve(__dirname, "..");
export const STANDALONE_DIR = path.join(ROOT, ".next/standalone");
/** The server entry in the standalone folder (deploy/start.cjs). */
export const STANDALONE_ENTRY = path.join(STANDALONE_DIR, "start.cjs");

/** Copies what Next.js leaves out of the standalone folder into it; run after `next build` and after rebuilding the workers. */
export function assembleStandalone(workerBundles: string[]): void {
  if (!existsSync(path.join(STANDALONE_DIR, "server.js"))) throw new Error(`${STANDALONE_DIR}/server.js is missing: next build did not make a standalone server`);
  const staticDir = path.join(STANDALONE_DIR, ".next/static");
  rmSync(staticDir, { recursive: true, force: true });
  cpSync(path.join(ROOT, ".next/static"), staticDir, { recursive: true });
  rmSync(path.join(STANDALONE_DIR, "public"), { recursive: true, force: true });
  cpSync(path.join(ROOT, "public"), path.join(STANDALONE_DIR, "public"), { recursive: true });
  for (const bundle of workerBundles) copyFileSync(bundle, path.join(STANDALONE_DIR, path.relative(ROOT, bundle)));
  copyFileSync(path.join(ROOT, "deploy/start.cjs"), STANDALONE_ENTRY);
}

async function main(): Promise<void> {
  const next = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, stdio: "inherit" });
  if (next.status !== 0) process.exit(next.status ?? 1);
  assembleStandalone(await buildWorkers());
  console.log(`standalone server: ${path.relative(ROOT, STANDALONE_DIR)} (node ${path.relative(ROOT, STANDALONE_ENTRY)}; HOST and PORT set where it listens)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
