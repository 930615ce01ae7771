/**
 * `npm run demo`: a real local 3-node nats-server cluster (JetStream, nginx with TLS and basic auth
 * in front of every monitoring port), the source documents' streams and consumers with traffic,
 * and the dashboard on http://127.0.0.1:3000 reading the cluster through the proxies and the
 * system account. Ctrl-C stops everything.
 *
 * It gets what it needs first (scripts/provision): a nats-server found where installed, else built
 * with `go install` into the project's cache, else Debian's package when run as root; nginx and
 * openssl the same way, but the demo runs without them too (monitoring ports read directly on
 * loopback; a proxy without TLS), and its banner says so and how to get the full setup.
 *
 * Options: --nodes N (default 3), --port P (default 3000), --no-build (reuse the existing build).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { STANDALONE_ENTRY } from "./build";
import { startCluster, type Harness } from "../test/harness/cluster";
import { harnessCluster, systemSource } from "../test/harness/cluster-entry";
import { startDashboard } from "./dashboard-process";
import { describeMissing, provisionNeeds, resultFor, type Need } from "./provision";

const ROOT = path.resolve(__dirname, "..");

const { values } = parseArgs({
  options: {
    nodes: { type: "string", default: "3" },
    port: { type: "string", default: "3000" },
    "no-build": { type: "boolean", default: false },
  },
});

const NATS_SERVER: Need = { tool: "nats-server", line: "any" };
const NGINX: Need = { tool: "nginx" };
const OPENSSL: Need = { tool: "openssl" };

interface Setup {
  natsServerBin: string;
  proxy: boolean;
  tls: boolean;
  /** What the banner says about a missing optional part, and how to get it. */
  notes: string[];
}

/** Gets what the demo needs; exits at once, with the commands to run, when there is no nats-server. */
async function provisionDemo(): Promise<Setup> {
  const results = await provisionNeeds([NATS_SERVER, NGINX, OPENSSL], { log: (line) => console.log(line) });
  const nats = resultFor(results, NATS_SERVER);
  if (!nats.path) {
    console.error(`\nThe demo needs a nats-server.\n${describeMissing([nats])}`);
    process.exit(1);
  }
  const nginx = resultFor(results, NGINX);
  const openssl = resultFor(results, OPENSSL);
  const notes: string[] = [];
  if (!nginx.path) {
    notes.push(
      `No nginx: the dashboard reads the monitoring ports directly on loopback (and the system account).\n` +
        `  For the authenticating proxy in front of them, as in production: ${describeMissing([nginx]).split("\n").slice(1).join(" ").trim()}, then run the demo again.`,
    );
  } else if (!openssl.path) {
    notes.push(
      `No openssl: nginx proxies the monitoring ports with basic auth but without TLS.\n` +
        `  For TLS: ${describeMissing([openssl]).split("\n").slice(1).join(" ").trim()}, then run the demo again.`,
    );
  }
  return { natsServerBin: nats.path, proxy: Boolean(nginx.path), tls: Boolean(openssl.path), notes };
}

function build(): void {
  console.log("building the dashboard (npm run build: about a minute)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/build.ts")], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
  console.log(`built the dashboard in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function main() {
  const setup = await provisionDemo();
  if (!values["no-build"] || !existsSync(STANDALONE_ENTRY)) build();
  console.log(`starting a ${values.nodes}-node nats-server cluster…`);
  const harness = await startCluster({
    nodes: Number(values.nodes),
    natsServerBin: setup.natsServerBin,
    proxy: setup.proxy,
    proxyTls: setup.tls,
    log: (line) => console.log(`  ${line}`),
  });
  // Ctrl-C: the harness kills the cluster and nginx and exits; the dashboard process is killed by
  // its exit hook (scripts/dashboard-process.ts).
  await harness.createSeedAssets();
  harness.startTraffic();
  const today = new Date().toISOString().slice(0, 10);
  const dashboard = await startDashboard({
    clusters: [{ ...harnessCluster(harness, "demo"), system: systemSource(harness) }],
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

  const monitor = (node: Harness["nodes"][number]) =>
    node.proxyUrl ? `monitor ${node.proxyUrl} (via nginx, user ${harness.proxyUser})` : `monitor ${node.monitorUrl} (direct)`;
  console.log(`
JetStream Watch is running: ${dashboard.url}
  login:      ${dashboard.username} / ${dashboard.password}
  API token:  ${dashboard.apiToken}   (curl -H "Authorization: Bearer …" ${dashboard.url}/api/v1/snapshot)
  wall:       ${dashboard.wallUrl}   (read-only display link for a TV)
  nats-server ${harness.version} (${setup.natsServerBin}), nodes:
${harness.nodes.map((n) => `    ${n.name}  client ${n.clientUrl}  ${monitor(n)}`).join("\n")}
  Faults to try in another shell: kill -9 / kill -STOP / kill -CONT ${harness.nodes.map((n) => `${n.name}=${n.pid}`).join(" ")}
${setup.notes.map((note) => `\n${note}\n`).join("")}Press Ctrl-C to stop everything.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
