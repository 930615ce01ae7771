/**
 * Bundles the dashboard's worker threads — the collector's (lib/collector/worker.ts) and the
 * latency canary's (lib/sources/canary/worker.ts), each with everything it imports — into one
 * CommonJS file each that plain `node` loads: Next.js bundles the server's own code, but not a
 * file a Worker is started from. `npm run build`, the integration tests and the benchmark run it;
 * it takes well under a second.
 */
import { build } from "esbuild";
import path from "node:path";
import { WORKER_BUNDLE } from "../lib/collector/worker-bundle";
import { CANARY_WORKER_BUNDLE } from "../lib/sources/canary/worker-bundle";

const ROOT = path.resolve(__dirname, "..");

const WORKERS = [
  { entry: "lib/collector/worker.ts", bundle: WORKER_BUNDLE },
  { entry: "lib/sources/canary/worker.ts", bundle: CANARY_WORKER_BUNDLE },
];

/** Builds every worker bundle; returns their paths. */
export async function buildWorkers(): Promise<string[]> {
  return Promise.all(
    WORKERS.map(async ({ entry, bundle }) => {
      const outfile = path.join(ROOT, bundle);
      await build({
        entryPoints: [path.join(ROOT, entry)],
        outfile,
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // `server-only` resolves to an empty module under this condition, as in the server bundle.
        conditions: ["react-server"],
        tsconfig: path.join(ROOT, "tsconfig.json"),
        // Optional native speed-ups of the WebSocket client, loaded only when installed.
        external: ["bufferutil", "utf-8-validate"],
        logLevel: "warning",
      });
      return outfile;
    }),
  );
}

if (require.main === module) {
  buildWorkers().then(
    (files) => console.log(`worker bundles: ${files.map((file) => path.relative(ROOT, file)).join(", ")}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
