/**
 * Bundles the collector's worker thread (lib/collector/worker.ts and everything it imports) into
 * one CommonJS file that plain `node` loads: Next.js bundles the server's own code, but not a
 * file a Worker is started from. `npm run build`, the integration tests and the benchmark run it;
 * it takes well under a second.
 */
import { build } from "esbuild";
import path from "node:path";
import { WORKER_BUNDLE } from "../lib/collector/worker-bundle";

const ROOT = path.resolve(__dirname, "..");

export async function buildCollectorWorker(): Promise<string> {
  const outfile = path.join(ROOT, WORKER_BUNDLE);
  await build({
    entryPoints: [path.join(ROOT, "lib/collector/worker.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // `server-only` resolves to an empty module under this condition, as in the server bundle.
    conditions: ["react-server"],
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "warning",
  });
  return outfile;
}

if (require.main === module) {
  buildCollectorWorker().then(
    (file) => console.log(`collector worker: ${path.relative(ROOT, file)}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
