/**
 * `npm run demo`: a real local 3-node nats-server cluster (JetStream, TLS + basic-auth nginx in
 * front of every monitoring port), the source documents' streams and consumers with traffic, and
 * the dashboard on http://127.0.0.1:3000 polling through the proxies. Ctrl-C stops everything.
 *
 * Options: --nodes N (default 3), --port P (default 3000), --no-build (reuse the existing build).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startCluster } from "./harness/cluster";
import { proxiedCluster, startDashboard, systemSource } from "./dashboard-process";

const ROOT = path.resolve(__dirname, "..");

const { values } = parseArgs({
  options: {
    nodes: { type: "string", default: "3" },
    port: { type: "string", default: "3000" },
    "no-build": { type: "boolean", default: false },
  },
});

function build(): void {
  console.log("Building the dashboard (next build)…");
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  if (!values["no-build"] || !existsSync(path.join(ROOT, ".next", "BUILD_ID"))) build();
  console.log(`Starting a ${values.nodes}-node nats-server cluster…`);
  const harness = await startCluster({ nodes: Number(values.nodes), log: (line) => console.log(`  ${line}`) });
  // Ctrl-C: the harness kills the cluster and nginx and exits; the dashboard process is killed by
  // its exit hook (scripts/dashboard-process.ts).
  await harness.createSeedAssets();
  harness.startTraffic();
  const today = new Date().toISOString().slice(0, 10);
  const dashboard = await startDashboard({
    clusters: [{ ...proxiedCluster(harness, "demo"), system: systemSource(harness) }],
    port: Number(values.port),
    pollIntervalMs: 2000,
    dataDir: path.join(ROOT, ".data", "demo"),
    stdio: "inherit",
    // A two-week trial starting today, with the source documents' targets (write TPS ≥ 100 000, RTO < 10 s).
    extraConfig: {
      report: {
        trial: { from: `${today}T00:00:00Z`, to: new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString() },
        targets: { throughputMsgsPerSec: 100_000, failoverMs: 10_000, clusterOutages: 0, alerts: 5 },
      },
    },
  });

  console.log(`
JetStream Watch is running: ${dashboard.url}
  login:      ${dashboard.username} / ${dashboard.password}
  API token:  ${dashboard.apiToken}   (curl -H "Authorization: Bearer …" ${dashboard.url}/api/v1/snapshot)
  wall:       ${dashboard.wallUrl}   (read-only display link for a TV)
  nats-server ${harness.version}, nodes:
${harness.nodes.map((n) => `    ${n.name}  client ${n.clientUrl}  monitor ${n.proxyUrl} (via nginx, user ${harness.proxyUser})`).join("\n")}
  Faults to try in another shell: kill -9 / kill -STOP / kill -CONT ${harness.nodes.map((n) => `${n.name}=${n.pid}`).join(" ")}
Press Ctrl-C to stop everything.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
