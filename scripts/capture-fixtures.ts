/**
 * NATS_SERVER_BIN=… npx tsx scripts/capture-fixtures.ts
 *
 * Records what a real 3-node cluster of that nats-server version serves on its monitoring port,
 * for the model's tests: lib/model/__fixtures__/<version>/<scenario>/<node>.<endpoint>.json holds
 * each body exactly as served, and meta.json says what was done to the cluster.
 *
 *   steady             all nodes up, traffic flowing
 *   follower-stopped   a node that leads neither ORDERS nor the meta group SIGSTOPped for ~4 s
 *                      while publishing continues; the other two captured
 *   leader-killed      the ORDERS leader (moved off the meta leader first) kill -9'd; survivors
 *                      captured at once, before the stream has elected a new leader
 *   leader-reelected   the same survivors once they agree on a new ORDERS leader
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { startCluster, type Harness, type HarnessNode } from "../test/harness/cluster";
import { fetchJson, waitUntil } from "../test/harness/http";

const FIXTURES_ROOT = join(__dirname, "..", "lib", "model", "__fixtures__");
const ENDPOINTS = {
  varz: "/varz",
  jsz: "/jsz?accounts=true&streams=true&consumers=true&config=true",
  healthz: "/healthz",
} as const;
type Endpoint = keyof typeof ENDPOINTS;

const STEADY_TRAFFIC_MS = 5000;
const ORDERS_PER_SEC = 20;
const FOLLOWER_STOPPED_MS = 4000;
const CAPTURE_TIMEOUT_MS = 2000;
const RECOVERY_TIMEOUT_MS = 60_000;
const STEPDOWN_ATTEMPTS = 5;

interface ScenarioMeta {
  version: string;
  nodes: string[];
  stoppedOrKilled?: string;
  ordersLeaderBefore: string;
  ordersLeaderAfter?: string;
  /** The meta leader the captured nodes named, or null if they named none or disagreed. */
  metaLeader: string | null;
  capturedAt: string;
  /** HTTP status of every captured body, keyed like the files: "n1.healthz" → 503. */
  httpStatus: Record<string, number>;
}

interface CapturedBody {
  node: string;
  endpoint: Endpoint;
  status: number;
  body: string;
}

interface JszView {
  meta_cluster?: { leader?: string };
  account_details?: Array<{
    name: string;
    stream_detail?: Array<{ name: string; cluster?: { leader?: string }; state?: { messages: number } }>;
  }>;
}

async function captureBody(node: HarnessNode, endpoint: Endpoint): Promise<CapturedBody> {
  const url = `${node.monitorUrl}${ENDPOINTS[endpoint]}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(CAPTURE_TIMEOUT_MS) });
  return { node: node.name, endpoint, status: response.status, body: await response.text() };
}

/** Every endpoint of every node at the same moment, so one scenario is one instant. */
async function captureNodes(nodes: HarnessNode[]): Promise<CapturedBody[]> {
  const endpoints = Object.keys(ENDPOINTS) as Endpoint[];
  return Promise.all(nodes.flatMap((node) => endpoints.map((endpoint) => captureBody(node, endpoint))));
}

function ordersLeaderIn(jsz: JszView): string | undefined {
  const app = jsz.account_details?.find((account) => account.name === "APP");
  return app?.stream_detail?.find((stream) => stream.name === "ORDERS")?.cluster?.leader;
}

function agreedValue(values: Array<string | undefined>): string | undefined {
  const first = values[0];
  return first !== undefined && values.every((value) => value === first) ? first : undefined;
}

function metaLeaderNamedBy(captures: CapturedBody[]): string | null {
  const leaders = captures
    .filter((capture) => capture.endpoint === "jsz" && capture.status === 200)
    .map((capture) => (JSON.parse(capture.body) as JszView).meta_cluster?.leader);
  return agreedValue(leaders) ?? null;
}

/** The ORDERS leader all of `nodes` agree on; it must be one of them (not a just-killed node). */
async function waitForOrdersLeader(nodes: HarnessNode[]): Promise<string> {
  let leaders: Array<string | undefined> = [];
  await waitUntil("an agreed ORDERS leader", RECOVERY_TIMEOUT_MS, async () => {
    leaders = await Promise.all(
      nodes.map((node) =>
        fetchJson<JszView>(`${node.monitorUrl}/jsz?streams=true`, 1000).then(ordersLeaderIn, () => undefined),
      ),
    );
    const leader = agreedValue(leaders);
    return leader !== undefined && nodes.some((node) => node.name === leader);
  }, () => `ORDERS leader per node: ${JSON.stringify(leaders)}`);
  return leaders[0] as string;
}

function ordersMessagesIn(jsz: JszView): number | undefined {
  const app = jsz.account_details?.find((account) => account.name === "APP");
  return app?.stream_detail?.find((stream) => stream.name === "ORDERS")?.state?.messages;
}

/**
 * A clean start for the next fault: full /healthz (meta and every asset current) on every running
 * node, and order-processor caught up again, i.e. the WorkQueue holds less than a second of orders.
 */
async function waitForSettledCluster(harness: Harness): Promise<void> {
  const running = harness.nodes.filter((node) => node.state === "running");
  let statuses: number[] = [];
  let ordersBacklog: number | undefined;
  await waitUntil("a settled cluster", RECOVERY_TIMEOUT_MS, async () => {
    statuses = await Promise.all(
      running.map((node) =>
        fetch(`${node.monitorUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0),
      ),
    );
    const ordersLeader = harness.node(await waitForOrdersLeader(running));
    const jsz = await fetchJson<JszView>(`${ordersLeader.monitorUrl}/jsz?streams=true`, 1000).catch(() => undefined);
    ordersBacklog = jsz && ordersMessagesIn(jsz);
    return statuses.every((status) => status === 200) && ordersBacklog !== undefined && ordersBacklog < ORDERS_PER_SEC;
  }, () => `healthz ${JSON.stringify(statuses)}, ORDERS backlog ${ordersBacklog}`);
}

/** Asks the ORDERS leader to step down and waits until the cluster agrees on a different one. */
async function stepDownOrdersLeader(harness: Harness, currentLeader: string): Promise<string> {
  const nc = await connect({ servers: harness.nodes.map((node) => node.clientUrl), user: harness.app.user, pass: harness.app.password });
  try {
    const reply = await nc.request("$JS.API.STREAM.LEADER.STEPDOWN.ORDERS", "", { timeout: 5000 });
    const answer = reply.json<{ success?: boolean; error?: { description?: string } }>();
    if (!answer.success) throw new Error(`ORDERS leader stepdown refused: ${answer.error?.description ?? reply.string()}`);
  } finally {
    await nc.close();
  }
  let leader = currentLeader;
  await waitUntil("a new ORDERS leader after stepdown", RECOVERY_TIMEOUT_MS, async () => {
    leader = await waitForOrdersLeader(harness.nodes);
    return leader !== currentLeader;
  }, () => `ORDERS leader is still ${leader}`);
  return leader;
}

/**
 * Kill -9 of the ORDERS leader should cost a stream election only. When the same node also leads
 * the meta group (chance 1 in 3), hand ORDERS leadership to another node first, so the scenario
 * means the same thing on every version.
 */
async function moveOrdersLeaderOffMetaLeader(harness: Harness): Promise<string> {
  const metaLeader = await harness.waitForMetaLeader();
  let ordersLeader = await waitForOrdersLeader(harness.nodes);
  for (let attempt = 1; ordersLeader === metaLeader; attempt += 1) {
    if (attempt > STEPDOWN_ATTEMPTS) throw new Error(`ORDERS leadership stayed on the meta leader ${metaLeader}`);
    console.log(`ORDERS leader ${ordersLeader} also leads the meta group; asking it to step down`);
    ordersLeader = await stepDownOrdersLeader(harness, ordersLeader);
  }
  return ordersLeader;
}

async function writeScenario(
  versionDir: string,
  scenario: string,
  captures: CapturedBody[],
  meta: Omit<ScenarioMeta, "metaLeader" | "capturedAt" | "httpStatus">,
  capturedAt: Date,
): Promise<void> {
  const dir = join(versionDir, scenario);
  await mkdir(dir, { recursive: true });
  const httpStatus: Record<string, number> = {};
  for (const capture of captures) {
    const key = `${capture.node}.${capture.endpoint}`;
    httpStatus[key] = capture.status;
    await writeFile(join(dir, `${key}.json`), capture.body);
  }
  const fullMeta: ScenarioMeta = {
    ...meta,
    metaLeader: metaLeaderNamedBy(captures),
    capturedAt: capturedAt.toISOString(),
    httpStatus,
  };
  await writeFile(join(dir, "meta.json"), `${JSON.stringify(fullMeta, null, 2)}\n`);
  const healthz = captures.filter((c) => c.endpoint === "healthz").map((c) => `${c.node}=${c.status}`);
  console.log(`${scenario}: captured ${[...new Set(captures.map((c) => c.node))].join(", ")} (healthz ${healthz.join(" ")})`);
}

async function captureScenarios(harness: Harness, versionDir: string): Promise<void> {
  const nodeNames = harness.nodes.map((node) => node.name);
  const base = { version: harness.version, nodes: nodeNames };
  const others = (name: string) => harness.nodes.filter((node) => node.name !== name);

  await sleep(STEADY_TRAFFIC_MS);
  const ordersLeader = await waitForOrdersLeader(harness.nodes);
  await writeScenario(versionDir, "steady", await captureNodes(harness.nodes), { ...base, ordersLeaderBefore: ordersLeader }, new Date());

  const metaLeader = await harness.waitForMetaLeader();
  const follower = harness.nodes.find((node) => node.name !== ordersLeader && node.name !== metaLeader);
  if (!follower) throw new Error(`no node is free of both ORDERS (${ordersLeader}) and meta (${metaLeader}) leadership`);
  harness.stopNode(follower.name);
  await sleep(FOLLOWER_STOPPED_MS);
  await writeScenario(
    versionDir,
    "follower-stopped",
    await captureNodes(others(follower.name)),
    { ...base, stoppedOrKilled: follower.name, ordersLeaderBefore: ordersLeader },
    new Date(),
  );
  harness.contNode(follower.name);
  await waitForSettledCluster(harness);

  const leaderBeforeKill = await moveOrdersLeaderOffMetaLeader(harness);
  await waitForSettledCluster(harness);
  const survivors = others(leaderBeforeKill);
  await harness.killNode(leaderBeforeKill);
  const killedAt = Date.now();
  const atKill = await captureNodes(survivors);
  const killMeta = { ...base, stoppedOrKilled: leaderBeforeKill, ordersLeaderBefore: leaderBeforeKill };
  await writeScenario(versionDir, "leader-killed", atKill, killMeta, new Date());
  console.log(`leader-killed: captured ${Date.now() - killedAt} ms after kill -9 of ${leaderBeforeKill}`);

  const leaderAfterKill = await waitForOrdersLeader(survivors);
  console.log(`leader-reelected: ORDERS leader ${leaderAfterKill}, ${Date.now() - killedAt} ms after the kill`);
  await writeScenario(
    versionDir,
    "leader-reelected",
    await captureNodes(survivors),
    { ...killMeta, ordersLeaderAfter: leaderAfterKill },
    new Date(),
  );
}

async function main(): Promise<void> {
  const harness = await startCluster({ proxy: false, log: (line) => console.log(line) });
  try {
    await harness.createSeedAssets();
    harness.startTraffic({ ordersPerSec: ORDERS_PER_SEC });
    const versionDir = join(FIXTURES_ROOT, harness.version);
    await rm(versionDir, { recursive: true, force: true });
    await captureScenarios(harness, versionDir);
    console.log(`fixtures written to ${versionDir}`);
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
