import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import type { Harness } from "../test/harness/cluster";
import { retryTransient } from "../test/harness/seed";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.use({ environment: {} });

interface StreamsJsz {
  account_details?: Array<{ name: string; stream_detail?: Array<{ name: string; cluster?: { leader?: string } }> }>;
}

/**
 * The ORDERS leader as the servers themselves report it: the running node whose own /jsz (read
 * directly, not through the dashboard) names itself as the stream's leader.
 */
async function ordersLeaderFromServers(harness: Harness, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const node of harness.nodes.filter((n) => n.state === "running")) {
      const jsz = await fetch(`${node.monitorUrl}/jsz?accounts=true&streams=true`, { signal: AbortSignal.timeout(1000) })
        .then((res) => res.json() as Promise<StreamsJsz>)
        .catch(() => null);
      const orders = jsz?.account_details?.find((a) => a.name === "APP")?.stream_detail?.find((s) => s.name === "ORDERS");
      if (orders?.cluster?.leader === node.name) return node.name;
    }
    if (Date.now() > deadline) throw new Error("no node reports itself as the ORDERS leader");
    await sleep(250);
  }
}

const matrixRow = (page: Page, stream: string) => page.locator(`[data-testid="placement-matrix"] [data-stream="${stream}"]`);

test("ORDERS shows exactly one leader, the node the servers name, and two current followers", async ({ env, openPage }) => {
  const leader = await ordersLeaderFromServers(env.harness);
  const page = await openPage("/placement");
  await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
  const orders = matrixRow(page, "APP/ORDERS");
  await expect(orders.locator('[data-role="leader"]')).toHaveCount(1);
  await expect(orders.locator('[data-role="leader"]')).toHaveAttribute("data-node", leader);
  await expect(orders.locator('[data-role="current"]')).toHaveCount(2);
  // LOGS is R1: a leader and nothing else.
  const logs = matrixRow(page, "APP/LOGS");
  await expect(logs.locator('[data-role="leader"]')).toHaveCount(1);
  await expect(logs.locator('[data-role="none"]')).toHaveCount(env.harness.nodes.length - 1);
  // The node summary agrees: one card per node, and the leader leads at least ORDERS.
  await expect(page.getByTestId("node-placement")).toHaveCount(env.harness.nodes.length);
  const leaderCard = page.locator(`[data-testid="node-placement"][data-node="${leader}"]`);
  await expect(leaderCard.getByTestId("stream-leaders")).not.toHaveText("0");
});

test("a SIGSTOPped follower of ORDERS turns lagging, is listed on /replicas, and clears after SIGCONT", async ({ env, openPage }) => {
  test.setTimeout(180_000);
  const metaLeader = await env.harness.waitForMetaLeader();
  const leader = await ordersLeaderFromServers(env.harness);
  const victim = env.harness.nodes.find((n) => n.name !== leader && n.name !== metaLeader)!.name;
  const placement = await openPage("/placement");
  const cell = matrixRow(placement, "APP/ORDERS").locator(`[data-node="${victim}"]`);
  await expect(cell).toHaveAttribute("data-role", "current");
  const replicas = await openPage("/replicas");
  const replicaRow = replicas.locator(`[data-testid="replica-lag-table"] [data-replica="APP/ORDERS/${victim}"]`);

  expect(env.traffic.stats().published, "orders keep being published").toBeGreaterThan(0);
  env.harness.stopNode(victim);
  try {
    // The leader may call a hung follower current for ~10 s (2.14.5) before its lag shows.
    await expect(cell).toHaveAttribute("data-role", "lagging", { timeout: 30_000 });
    await expect(cell).toContainText(/ops? behind|outdated/);
    await expect(replicaRow).toBeVisible({ timeout: 15_000 });
    await expect(replicaRow.getByTestId("replica-node")).toHaveText(victim);
    // Selecting the replica shows its lag trend from the stream's history.
    await replicaRow.getByRole("button", { name: "ORDERS" }).click();
    await expect(replicas).toHaveURL(new RegExp(`replica=APP%2FORDERS%2F${victim}`));
    await expect(replicas.getByTestId("replica-lag-trend")).toBeVisible();
    await expect(replicas.getByTestId("chart-replica-lag")).not.toContainText("History unavailable");
  } finally {
    env.harness.contNode(victim);
  }
  await expect(cell).toHaveAttribute("data-role", "current", { timeout: 60_000 });
  await expect(replicaRow).toHaveCount(0, { timeout: 30_000 });
  await expect(replicas.getByTestId("replica-lag-trend")).toContainText("now current");
});

test("the slow consumer's unprocessed count grows between two observations", async ({ openPage }) => {
  const page = await openPage("/consumers");
  await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
  const unprocessed = page.locator('[data-testid="consumers-table"] [data-consumer="APP/LOGS/log-archiver"] [data-testid="unprocessed"]');
  await expect(unprocessed).toHaveAttribute("data-value", /^\d+$/);
  const first = Number(await unprocessed.getAttribute("data-value"));
  await expect.poll(async () => Number(await unprocessed.getAttribute("data-value")), { timeout: 30_000 }).toBeGreaterThan(first);
  // The healthy consumers are listed too, and the search narrows the table (kept in the URL).
  await expect(page.locator('[data-consumer="APP/ORDERS/order-processor"]')).toBeVisible();
  await page.getByLabel("Search").fill("archiver");
  await expect(page).toHaveURL(/[?&]q=archiver/);
  await expect(page.locator('[data-testid="consumers-table"] tbody tr[data-consumer]')).toHaveCount(1);
});

test("the streams page follows LOGS' message count from the deltas of one live stream", async ({ env, loggedInContext }) => {
  expect(env.traffic.stats().published, "logs keep being published").toBeGreaterThan(0);
  const page = await (await loggedInContext()).newPage();
  // A delta the page cannot apply (a patch for an asset it lacks, a wrong base) makes it open the stream again.
  let opened = 0;
  page.on("request", (request) => {
    if (request.method() === "GET" && new URL(request.url()).pathname === "/api/v1/events") opened++;
  });
  await page.goto(`${env.dashboard.url}/streams`);
  const messages = page.locator('[data-testid="streams-table"] [data-stream="APP/LOGS"] [data-testid="stream-messages"]');
  await expect(messages).toBeVisible();
  for (let update = 0; update < 2; update++) {
    const before = await messages.getAttribute("title");
    await expect.poll(() => messages.getAttribute("title"), { timeout: 20_000 }).not.toBe(before);
  }
  expect(opened, "the count advanced over one connection").toBe(1);
});

test("a stream filled to 90 % of max_bytes shows 90 %, highlighted", async ({ env, openPage }) => {
  const maxBytes = 100_000;
  const nc = await connect({ servers: env.harness.nodes.map((n) => n.clientUrl), user: env.harness.app.user, pass: env.harness.app.password });
  let bytes: number;
  try {
    // The previous tests stopped and resumed nodes: the JetStream API may still be settling.
    const jsm = await retryTransient("reaching the JetStream API", () => jetstreamManager(nc));
    await retryTransient("creating stream FILL", () => jsm.streams.add({ name: "FILL", subjects: ["fill.>"], max_bytes: maxBytes, num_replicas: 1, storage: StorageType.File }));
    const js = jetstream(nc);
    const payload = new Uint8Array(100);
    await js.publish("fill.x", payload);
    const perMessage = (await jsm.streams.info("FILL")).state.bytes;
    // Most of the way in one batch, then one message at a time, so the last one overshoots 90 % by less than a message.
    const target = 0.9 * maxBytes;
    await Promise.all(Array.from({ length: Math.floor(target / perMessage) - 2 }, () => js.publish("fill.x", payload)));
    bytes = (await jsm.streams.info("FILL")).state.bytes;
    while (bytes < target) {
      await js.publish("fill.x", payload);
      bytes = (await jsm.streams.info("FILL")).state.bytes;
    }
  } finally {
    await nc.close();
  }
  expect(bytes / maxBytes).toBeGreaterThanOrEqual(0.9);
  expect(bytes / maxBytes).toBeLessThan(0.91);

  const page = await openPage("/streams");
  const row = page.locator('[data-testid="streams-table"] [data-stream="APP/FILL"]');
  await expect(row.getByTestId("bytes-saturation")).toHaveText("90 %");
  await expect(row.getByTestId("bytes-saturation")).toHaveAttribute("data-level", "high");
  await expect(row.getByTestId("messages-saturation")).toHaveText("—");
  // Sorting by byte saturation puts FILL first and is kept in the URL.
  await page.getByRole("button", { name: "Bytes %" }).click();
  await expect(page).toHaveURL(/sort=bytesSaturation&dir=desc/);
  await expect(page.locator('[data-testid="streams-table"] tbody tr[data-stream]').first()).toHaveAttribute("data-stream", "APP/FILL");
  // The detail page says the same.
  await row.getByRole("link", { name: "FILL" }).click();
  await expect(page.getByTestId("stream-name")).toHaveText("FILL");
  await expect(page.getByTestId("bytes-saturation")).toHaveText("90 % of limit");
  // Its config was read when it appeared (max_bytes above comes from it), and the page says when.
  await expect(page.getByTestId("stream-config").getByTestId("config-read")).toHaveText(/^(< 1 s|\d+ s|\d+ min( \d+ s)?) ago$/);
});
