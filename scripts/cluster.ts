/**
 * npx tsx scripts/cluster.ts [--nodes 3] [--no-traffic]
 *
 * Starts a local nats-server cluster (NATS_SERVER_BIN or the one on PATH) with nginx in front of
 * the monitoring ports, the seed streams and traffic, prints how to reach it and runs until
 * Ctrl-C, which kills every child process and removes the cluster's files.
 */
import { parseArgs } from "node:util";
import { startCluster, type Harness, type Traffic } from "../test/harness/cluster";

const STATS_EVERY_MS = 10_000;

function parseOptions(): { nodes: number; traffic: boolean } {
  const { values } = parseArgs({
    options: {
      nodes: { type: "string", default: "3" },
      "no-traffic": { type: "boolean", default: false },
    },
  });
  const nodes = Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`--nodes must be a positive integer, got "${values.nodes}"`);
  return { nodes, traffic: !values["no-traffic"] };
}

function describeCluster(harness: Harness): string {
  const rows = harness.nodes.map((node) =>
    [`  ${node.name}`, `client ${node.clientUrl}`, `monitor ${node.monitorUrl}`, `proxy ${node.proxyUrl ?? "-"}`, `websocket ${node.websocketUrl}`].join("  "),
  );
  return [
    `nats-server ${harness.version}, files in ${harness.dir}`,
    ...rows,
    `proxy login   ${harness.proxyUser} / ${harness.proxyPassword}   (CA: ${harness.caFile})`,
    `APP user      ${harness.app.user} / ${harness.app.password}`,
    `SYS user      ${harness.sys.user} / ${harness.sys.password}   (least-privilege dashboard user)`,
    `e.g. curl --cacert ${harness.caFile} -u ${harness.proxyUser}:${harness.proxyPassword} ${harness.nodes[0].proxyUrl ?? harness.nodes[0].monitorUrl}/varz`,
  ].join("\n");
}

function reportTrafficPeriodically(traffic: Traffic): void {
  setTimeout(() => {
    const { published, publishErrors, processed, slowProcessed } = traffic.stats();
    console.log(`traffic: ${published} published, ${publishErrors} publish errors, ${processed} processed, ${slowProcessed} by the slow consumer`);
    reportTrafficPeriodically(traffic);
  }, STATS_EVERY_MS);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const harness = await startCluster({ nodes: options.nodes, log: (line) => console.log(line) });
  // The harness reaps its children and files on Ctrl-C/SIGTERM; this only confirms it.
  process.once("exit", () => console.log("cluster stopped"));
  await harness.createSeedAssets();
  console.log(`\n${describeCluster(harness)}\n`);
  if (options.traffic) {
    reportTrafficPeriodically(harness.startTraffic());
    console.log("traffic: 20 orders/s, 10 logs/s; log-archiver acks 1/s and falls behind");
  }
  console.log("Ctrl-C stops the cluster.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
