import { setTimeout as sleep } from "node:timers/promises";
import type { TrialReport } from "../lib/history/report";
import { expect, test, type Environment } from "./fixtures";

test.describe.configure({ mode: "serial" });

const startedAt = new Date();

test.use({
  environment: {
    extraConfig: {
      history: { assetStepMs: 1000 },
      report: {
        trial: { from: new Date(startedAt.getTime() - 60_000).toISOString(), to: new Date(startedAt.getTime() + 3_600_000).toISOString() },
        targets: { throughputMsgsPerSec: 1, failoverMs: 10_000, clusterOutages: 0, alerts: 5 },
      },
    },
  },
});

async function reportJson(env: Environment, from: Date, to: Date): Promise<TrialReport> {
  const res = await fetch(`${env.dashboard.url}/api/v1/report?from=${from.toISOString()}&to=${to.toISOString()}`, {
    headers: { authorization: `Bearer ${env.dashboard.apiToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as TrialReport;
}

test("the report page shows the trial period's figures, targets and definitions; CSV and JSON export", async ({ env, openPage }) => {
  // Let traffic flow for a few polls so there is something to report.
  await expect.poll(async () => (await reportJson(env, startedAt, new Date())).messagesStored, { timeout: 30_000 }).toBeGreaterThan(0);
  const page = await openPage("/report");
  await expect(page.getByRole("heading", { name: "Trial report · main" })).toBeVisible();
  await expect(page.getByText(/Configured trial period/)).toBeVisible();
  const targets = page.getByRole("region", { name: "Targets" });
  await expect(targets.getByRole("row", { name: /peak throughput/ })).toContainText("PASS");
  await expect(targets.getByRole("row", { name: /cluster outages/ })).toContainText("PASS");
  for (const section of ["Messages", "Throughput", "Availability", "Leader elections", "Alerts", "Consumers", "Storage"])
    await expect(page.getByRole("region", { name: section })).toBeVisible();
  await expect(page.getByRole("region", { name: "Throughput" })).toContainText("ORDERS");
  await expect(page.getByRole("region", { name: "Consumers" })).toContainText("order-processor");

  const csvHref = await page.getByRole("link", { name: "CSV" }).getAttribute("href");
  const csv = await page.request.get(`${env.dashboard.url}${csvHref}`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("section,item,value,unit,detail");
  expect(text).toMatch(/^messages,stored,\d+,msgs,/m);

  const json = await page.request.get(`${env.dashboard.url}${await page.getByRole("link", { name: "JSON" }).getAttribute("href")}`);
  const report = (await json.json()) as TrialReport;
  for (const key of ["period", "messagesStored", "messagesIn", "messagesOut", "throughput", "nodeOutages", "clusterOutages", "elections", "alerts", "targets"])
    expect(report).toHaveProperty(key);
  expect(report.alerts).toHaveProperty("byRule");

  // A bad period is named, not a crash.
  const bad = await openPage("/report?from=yesterday&to=2026-11-15T00:00:00Z");
  await expect(bad.getByRole("alert").filter({ hasText: "from:" })).toContainText('from: "yesterday" is not an ISO 8601 time');

  // Printing: the navigation and the period form are hidden on A4.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation")).toBeHidden();
  await expect(page.getByRole("form", { name: "Report period" })).toBeHidden();
});

test("kill -9 of the dashboard keeps its history; after a restart the gap is 'not observed', not an outage", async ({ env }) => {
  const before = new Date();
  await sleep(3000);
  const mark = new Date();
  const earlier = await reportJson(env, startedAt, mark);
  expect(earlier.messagesStored).toBeGreaterThan(0);

  await env.dashboard.kill();
  const killedAt = Date.now();
  await sleep(4000);
  env.dashboard = await env.dashboard.restart();
  const restartedAt = Date.now();
  // Wait for the restarted dashboard to record again.
  await expect.poll(async () => (await reportJson(env, before, new Date())).observation.notObserved.some((g) => g.durationMs >= 3000), { timeout: 30_000 }).toBe(true);

  const again = await reportJson(env, startedAt, mark);
  expect(again.messagesStored).toBe(earlier.messagesStored);
  expect(again.messagesIn).toBe(earlier.messagesIn);
  expect(again.messagesOut).toBe(earlier.messagesOut);
  expect(again.nodeOutages).toEqual(earlier.nodeOutages);

  const across = await reportJson(env, startedAt, new Date());
  const gap = across.observation.notObserved.find((g) => g.durationMs >= 3000)!;
  expect(Date.parse(gap.start)).toBeLessThanOrEqual(killedAt);
  expect(Date.parse(gap.end!)).toBeLessThanOrEqual(restartedAt + 15_000);
  expect(across.clusterOutages).toEqual([]);
  expect(across.nodeOutages).toEqual([]);
  expect(across.uptime.clusterPercent).toBe(100);
  expect(across.messagesStored).toBeGreaterThanOrEqual(earlier.messagesStored);
});
