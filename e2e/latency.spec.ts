import { AckPolicy, jetstreamManager } from "@nats-io/jetstream";
import type { TrialReport } from "../lib/history/report";
import type { ClusterSnapshot } from "../lib/model/types";
import { canarySource, harnessCluster } from "../test/harness/cluster-entry";
import { connectResilient } from "../test/harness/connection";
import { ORDER_PROCESSOR, ORDERS_STREAM } from "../test/harness/seed";
import { expect, test, type Environment } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.use({ environment: { main: (h) => ({ ...harnessCluster(h, "main"), canary: canarySource(h, { ratePerSec: 20 }) }) } });

let env: Environment;

test.beforeAll(async ({ env: environment }) => {
  env = environment;
  // The healthy consumer's acks are sampled: their latency shows on the Latency and consumer pages.
  const nc = await connectResilient(
    env.harness.nodes.map((n) => n.clientUrl),
    env.harness.app,
    "e2e-latency",
  );
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.info(ORDERS_STREAM, ORDER_PROCESSOR);
  expect(info.config.ack_policy).toBe(AckPolicy.Explicit);
  await jsm.consumers.update(ORDERS_STREAM, ORDER_PROCESSOR, { ...info.config, sample_freq: "100%" });
  await nc.close();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${env.dashboard.url}${path}`, { headers: { authorization: `Bearer ${env.dashboard.apiToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

test("the Latency page shows the canary's figures against the targets, every node pair, each node's clock and consumers' ack latency", async ({ openPage }, testInfo) => {
  await expect
    .poll(async () => (await api<ClusterSnapshot>("/api/v1/snapshot")).latency?.pairs.filter((p) => p.figures.count >= 20).length ?? 0, { timeout: 60_000 })
    .toBe(9);
  await expect.poll(async () => (await api<ClusterSnapshot>("/api/v1/snapshot")).latency?.ackLatency?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  const page = await openPage("/latency");
  await expect(page.getByRole("heading", { name: "Latency", exact: true })).toBeVisible();
  await expect(page.getByTestId("latency-write-p99")).toContainText(/\d+(\.\d+)? ms/);
  await expect(page.getByTestId("latency-write-p99")).toContainText("target ≤ 5.0 ms");
  await expect(page.getByTestId("latency-e2e-p99")).toContainText("target ≤ 2.0 ms");
  await expect(page.getByTestId("latency-write").getByTestId("latency-verdict")).toHaveAttribute("data-verdict", /ok|over|failing/);

  const matrix = page.getByTestId("pair-matrix");
  for (const from of ["n1", "n2", "n3"])
    for (const to of ["n1", "n2", "n3"]) await expect(matrix.locator(`[data-pair="${from}>${to}"]`)).toContainText(/\d ms \/ \d/);

  const nodes = page.getByTestId("node-latency");
  for (const n of ["n1", "n2", "n3"]) {
    const row = nodes.locator(`tr[data-node="${n}"]`);
    await expect(row).toContainText(/ms \/ .*ms/);
    await expect(row.locator("[data-skew]")).toHaveAttribute("data-skew", "ok");
    await expect(row.locator("[data-skew]")).toContainText(/^[+−]?\d+ ms ± /);
  }
  await expect(page.getByTestId("canary-state")).toContainText("running");
  await expect(page.getByTestId("canary-facts")).toContainText("JSW_CANARY, R3");
  await expect(page.getByTestId("canary-traffic")).toContainText(/writes \d+(\.\d+)? msgs\/s/);
  await expect(page.getByTestId("canary-stored")).toContainText(/\d+ messages/);
  await expect(page.getByTestId("ack-latency").locator(`tr[data-consumer="${ORDERS_STREAM}/${ORDER_PROCESSOR}"]`)).toContainText(/ms/);
  await page.screenshot({ path: testInfo.outputPath("latency.png"), fullPage: true });

  // The consumer's own page shows its sampled ack latency.
  const consumer = await openPage(`/streams/APP/${ORDERS_STREAM}/consumers/${ORDER_PROCESSOR}`);
  await expect(consumer.getByTestId("ack-latency-p50-p99")).toContainText(/ms \/ .*ms/);
});

test("the overview and the wall show the canary's p99 against its targets", async ({ browser, openPage }, testInfo) => {
  const overview = await openPage("/");
  await expect(overview.getByTestId("latency-tile-write")).toContainText(/\d ms ≤ 5\.0 ms/);
  await expect(overview.getByTestId("latency-tile-e2e")).toContainText(/\d ms ≤ 2\.0 ms/);
  await expect(overview.getByTestId("node-clock").first()).toContainText(/ms ± /);
  await overview.screenshot({ path: testInfo.outputPath("overview.png"), fullPage: true });

  const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await wall.goto(env.dashboard.wallUrl);
  await expect(wall.getByTestId("wall-latency-write")).toHaveText(/^\d+(\.\d+)? ms$|^failing$/);
  await expect(wall.getByTestId("wall-latency")).toContainText("end to end ≤ 2.0 ms");
  const clipped = await wall.evaluate(() =>
    [...document.querySelectorAll("[data-testid=wall] section")].filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1).map((el) => el.getAttribute("aria-label")),
  );
  expect(clipped, "no wall tile is clipped").toEqual([]);
  await wall.screenshot({ path: testInfo.outputPath("wall.png") });
  await wall.close();
});

test("the report shows both latency targets with PASS or FAIL, their sample counts and the share measured", async ({ openPage }, testInfo) => {
  test.setTimeout(180_000);
  // A stored minute: the first whole one the canary measured (it started before the dashboard was ready), once its probes had their time.
  const from = Math.ceil(env.readyAt / 60_000) * 60_000;
  const to = from + 60_000;
  const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  await expect.poll(async () => (await api<TrialReport>(`/api/v1/report?${query}`)).latency.write?.count ?? 0, { timeout: 150_000, intervals: [5000] }).toBeGreaterThan(0);
  const report = await api<TrialReport>(`/api/v1/report?${query}`);
  const write = report.targets.find((t) => t.name === "JetStream write p99 (canary)")!;
  const e2e = report.targets.find((t) => t.name === "end-to-end p99 (canary, every node pair)")!;
  expect(write.samples).toBeGreaterThan(600);
  expect(write.measuredPercent).toBe(100);
  expect(typeof write.pass).toBe("boolean");
  expect(e2e.samples).toBeGreaterThan(3 * write.samples! - 100);

  const page = await openPage(`/report?${query}`);
  const targets = page.getByTestId("report-targets");
  const writeRow = targets.getByRole("row", { name: /JetStream write p99 \(canary\)/ });
  await expect(writeRow).toContainText(write.pass ? "PASS" : "FAIL");
  await expect(writeRow).toContainText("≤ 5.0 ms");
  await expect(writeRow).toContainText(`${write.samples} canary writes`);
  await expect(writeRow).toContainText("measured 100.0 % of the period");
  const e2eRow = targets.getByRole("row", { name: /end-to-end p99/ });
  await expect(e2eRow).toContainText(e2e.pass ? "PASS" : "FAIL");
  await expect(e2eRow).toContainText(`${e2e.samples} deliveries`);
  await expect(page.getByTestId("report-latency").getByRole("row", { name: /JetStream write/ })).toContainText(/ms.*ms.*ms/);
  await expect(page.getByText(/exact to 1\.0 s at each end/).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("report.png"), fullPage: true });
});
