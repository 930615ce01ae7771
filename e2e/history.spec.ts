import type { Locator, Page } from "@playwright/test";
import { LOGS_STREAM, LOG_ARCHIVER } from "../test/harness/seed";
import { toLocalInput } from "../lib/view/period-inputs";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });
// Streams and consumers are stored every 2 s instead of every minute, so their charts fill quickly.
test.use({ environment: { history: { assetStepMs: 2000 } } });

/** A time after the dashboard's first recorded cycle: a period from here on is answered from raw samples. */
let recording: number;

test.beforeAll(async ({ env }) => {
  recording = env.readyAt;
});

const iso = (ms: number) => new Date(ms).toISOString();
/** A period from just after recording started to half an hour later: still running, so it refreshes. */
const sinceRecording = () => `from=${iso(recording)}&to=${iso(recording + 30 * 60_000)}`;

const rangeGroup = (page: Page) => page.getByRole("group", { name: "Time range" });
const points = async (chart: Locator) => Number(await chart.getByTestId("series-summary").getAttribute("data-points"));

/** The chart drew a line: a curve with a path, and the summary counts at least `min` points with data. */
async function expectLine(chart: Locator, min = 2) {
  await expect.poll(() => points(chart), { timeout: 60_000 }).toBeGreaterThanOrEqual(min);
  await expect(chart.locator("path.recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.]+[, ][\d.]+L/);
}

async function waitOutRecordingOf(ms: number) {
  const wait = recording + ms - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

test("a node card on the overview links to the node's page: its card now and its raw samples over time", async ({ env, openPage }) => {
  const node = env.harness.nodes[0].name;
  await waitOutRecordingOf(15_000);
  const overview = await openPage("/");
  await overview.locator(`[data-testid="node-card"][data-node="${node}"]`).getByRole("link", { name: node }).click();
  await expect(overview).toHaveURL(new RegExp(`/nodes/${node}\\?cluster=main$`));
  await expect(overview.getByTestId("node-name")).toHaveText(`Node ${node}`);
  await expect(overview.locator(`[data-testid="node-card"][data-node="${node}"]`)).toHaveAttribute("data-status", "up");
  // The default range is the last 24 hours, answered from per-minute rollups until raw samples reach back that far.
  await expect(rangeGroup(overview).getByRole("button", { name: "24h" })).toHaveAttribute("aria-pressed", "true");

  const page = await openPage(`/nodes/${node}?${sinceRecording()}`);
  await expect(rangeGroup(page).getByRole("button", { name: "Custom" })).toHaveAttribute("aria-pressed", "true");
  const throughput = page.getByTestId("chart-node-throughput");
  await expectLine(throughput);
  await expect(throughput.getByTestId("series-resolution")).toHaveText("raw samples every 1 s · one point per 5 s");
  await expect(throughput.getByTestId("series-summary")).toContainText(/latest in: [\d.,k]+ msgs\/s at/);
  const up = page.getByTestId("chart-node-up");
  await expectLine(up);
  await expect(up.getByTestId("series-summary")).toContainText("latest up at");
  for (const id of ["chart-node-storage", "chart-node-cpu", "chart-node-memory"]) await expectLine(page.getByTestId(id));
});

test("a stream's and a consumer's History sections chart their stored samples", async ({ openPage }) => {
  await waitOutRecordingOf(15_000);
  const page = await openPage(`/streams/APP/${LOGS_STREAM}?${sinceRecording()}`);
  const history = page.getByRole("region", { name: "History", exact: true });
  await expect(history.getByRole("heading", { name: "History" })).toBeVisible();
  // The recent in-memory charts stay beside it.
  await expect(page.getByTestId("chart-stream-depth")).toBeVisible();
  const depth = history.getByTestId("chart-stream-depth-history");
  await expectLine(depth);
  await expect(depth.getByTestId("series-resolution")).toHaveText("raw samples every 2 s · one point per 5 s");
  await expect(depth.getByTestId("series-summary")).toContainText(/latest [\d.,k]+ messages at/);
  await expectLine(history.getByTestId("chart-stream-bytes-history"));
  await expectLine(history.getByTestId("chart-stream-stored-history"));

  const consumer = await openPage(`/streams/APP/${LOGS_STREAM}/consumers/${LOG_ARCHIVER}?${sinceRecording()}`);
  const pending = consumer.getByRole("region", { name: "History", exact: true }).getByTestId("chart-consumer-pending-history");
  await expectLine(pending);
  await expect(pending.getByTestId("series-resolution")).toHaveText("raw samples every 2 s · one point per 5 s");
  await expectLine(consumer.getByTestId("chart-consumer-redelivered-history"));
});

test("the overview's throughput over time: 15m and 1h from the raw samples of a young dashboard, kept in the URL", async ({ openPage }) => {
  // Recording began after the range's start and nothing older exists: the raw samples are all there is, so they answer.
  const page = await openPage("/");
  await rangeGroup(page).getByRole("button", { name: "15m" }).click();
  await expect(page).toHaveURL(/[?&]range=15m/);
  await expect(rangeGroup(page).getByRole("button", { name: "15m" })).toHaveAttribute("aria-pressed", "true");
  const chart = page.getByTestId("chart-throughput-history");
  await expectLine(chart);
  // The cluster is sampled at every poll (1 s in these tests).
  await expect(chart.getByTestId("series-resolution")).toHaveText("raw samples every 1 s · one point per 5 s");
  await expect(chart.getByTestId("series-summary")).toContainText(/of 18[01] points with data · latest in: [\d.,k]+ msgs\/s at/);
  // The live chart of the last 15 minutes is still there.
  await expect(page.getByText("Throughput", { exact: true })).toBeVisible();

  await rangeGroup(page).getByRole("button", { name: "1h" }).press("Enter");
  await expect(page).toHaveURL(/[?&]range=1h/);
  await expectLine(chart);
  await expect(chart.getByTestId("series-summary")).toContainText(/of 36[01] points with data/);
  await page.reload();
  await expect(rangeGroup(page).getByRole("button", { name: "1h" })).toHaveAttribute("aria-pressed", "true");
  await expectLine(chart);
});

test("a young dashboard's long range draws its raw samples (no rollup has closed yet)", async ({ openPage }) => {
  const page = await openPage(`/streams/APP/${LOGS_STREAM}/consumers/${LOG_ARCHIVER}`);
  await expect(page.getByTestId("consumer-config").getByTestId("config-read")).toHaveText(/^(< 1 s|\d+ s|\d+ min( \d+ s)?) ago$/);
  const chart = page.getByTestId("chart-consumer-pending-history");
  // The default 24 hours, at one point per 5 min: the minutes recorded so far fill one or two of them.
  await expect.poll(() => points(chart), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await expect(chart.getByTestId("series-resolution")).toHaveText("raw samples every 2 s · one point per 5 min");
});

test("a custom period with nothing recorded shows the empty state; bad input says what to fix", async ({ openPage }) => {
  const page = await openPage("/");
  await rangeGroup(page).getByRole("button", { name: "Custom" }).click();
  const form = page.getByRole("form", { name: "Custom range" });
  const from = form.getByLabel(/^From \(local time, UTC[+−]\d\d:\d\d\)$/);
  const to = form.getByLabel(/^To \(local time/);
  const dayBefore = Date.now() - 2 * 86_400_000;
  await from.fill(toLocalInput(dayBefore + 3_600_000));
  await to.fill(toLocalInput(dayBefore));
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(form.getByRole("alert")).toHaveText("The start must be before the end.");
  await expect(page).not.toHaveURL(/from=/);

  await from.fill(toLocalInput(dayBefore));
  await to.fill(toLocalInput(dayBefore + 3_600_000));
  await to.press("Enter");
  await expect(page).toHaveURL(/[?&]from=.+&to=/);
  await expect(form.getByRole("alert")).toHaveCount(0);
  const chart = page.getByTestId("chart-throughput-history");
  await expect(chart.getByTestId("chart-empty")).toContainText("Nothing recorded in this period. History starts when the dashboard started recording (");
  await expect(chart.getByTestId("series-summary")).toHaveText("0 of 361 points with data");

  const bad = await openPage("/?range=2w");
  await expect(bad.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText('range: "2w" must be one of 15m, 1h, 6h, 24h, 7d, 30d); showing the last 24 hours instead.');
  await expect(rangeGroup(bad).getByRole("button", { name: "24h" })).toHaveAttribute("aria-pressed", "true");
});

test("the placement page's node cards link to the node pages", async ({ env, openPage }) => {
  const node = env.harness.nodes[1].name;
  const page = await openPage("/placement");
  await page.locator(`[data-testid="node-placement"][data-node="${node}"]`).getByRole("link", { name: node }).click();
  await expect(page.getByTestId("node-name")).toHaveText(`Node ${node}`);
  await expect(page.getByRole("region", { name: "History", exact: true })).toBeVisible();
});
