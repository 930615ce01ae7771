import path from "node:path";
import { WebhookReceiver } from "../lib/alerts/__fixtures__/webhook-receiver";
import { unansweredDeliveries } from "../lib/history/sqlite/__fixtures__/deliveries";
import { startDashboard } from "../scripts/dashboard-process";
import { harnessCluster } from "../test/harness/cluster-entry";
import { test as base, expect, logIn } from "./fixtures";

// The environment sends its webhooks to a receiver of this spec's own, started before it and
// stopped after it.
const test = base.extend<object, { receiver: WebhookReceiver }>({
  receiver: [
    async ({}, use) => {
      const receiver = await WebhookReceiver.start();
      await use(receiver);
      await receiver.stop();
    },
    { scope: "worker" },
  ],
  environment: [async ({ receiver }, use) => use({ alerts: { holdMs: 2000, webhooks: [{ url: receiver.url("/hook"), format: "json" }] } }), { scope: "worker" }],
});

test.describe.configure({ mode: "serial" });

test("a node that stops answering fires an alert; acknowledging it shows on the alerts page and in the banner", async ({ env, openPage }) => {
  const metaLeader = await env.harness.waitForMetaLeader();
  const victim = env.harness.nodes.find((n) => n.name !== metaLeader)!.name;
  const alerts = await openPage("/alerts");
  await expect(alerts.getByText("Nothing is firing.")).toBeVisible();
  env.harness.stopNode(victim);
  try {
    const firing = alerts.locator('[data-testid="firing-alert"][data-rule="node-down"]');
    await expect(firing).toBeVisible({ timeout: 30_000 });
    await expect(firing).toContainText(`node ${victim}`);
    await expect(firing).toHaveAttribute("data-acknowledged", "false");

    const overview = await openPage("/");
    const banner = overview.getByTestId("banner-alerts");
    await expect(banner).toContainText(/1 alert firing|alerts firing/);
    await expect(banner).not.toContainText("acknowledged");

    await firing.getByLabel(/Note for/).fill("on it");
    await firing.getByRole("button", { name: "Acknowledge" }).click();
    await expect(firing.getByTestId("acknowledged-by")).toHaveText(`Acknowledged by ${env.dashboard.username}: “on it”`);
    await expect(firing).toHaveAttribute("data-acknowledged", "true");
    // The overview was open all along: the change arrives over its live stream.
    await expect(banner).toContainText(`acknowledged (by ${env.dashboard.username})`);
  } finally {
    env.harness.contNode(victim);
  }
  await expect(alerts.locator('[data-testid="resolved-alert"][data-rule="node-down"]').first()).toBeVisible({ timeout: 30_000 });
});

test("the alerts API: 401 without credentials, 400 for a bad body, 404 for an unknown alert", async ({ env, request }) => {
  const url = env.dashboard.url;
  const auth = { authorization: `Bearer ${env.dashboard.apiToken}` };
  expect((await request.get(`${url}/api/v1/alerts`)).status()).toBe(401);
  const all = await request.get(`${url}/api/v1/alerts?state=all`, { headers: auth });
  expect(all.status()).toBe(200);
  expect(Object.keys(await all.json()).sort()).toEqual(["firing", "pending", "resolved", "transitions"]);
  expect((await request.get(`${url}/api/v1/alerts?state=bogus`, { headers: auth })).status()).toBe(400);
  const bad = await request.post(`${url}/api/v1/alerts/silence`, { headers: auth, data: { id: "x", minutes: 0 } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/^minutes:/);
  const unknown = await request.post(`${url}/api/v1/alerts/ack`, { headers: auth, data: { id: "no-such-alert" } });
  expect(unknown.status()).toBe(404);
});

/** What the receiver heard about one alert firing since `since`: the status of each webhook, in order. */
const heard = (receiver: WebhookReceiver, id: string, since: string) =>
  receiver
    .at("/hook")
    .map((r) => r.body as { status: string; alert: { id: string; firingSince: string } })
    .filter((b) => b.alert.id === id && b.alert.firingSince > since)
    .map((b) => b.status);

test("an acknowledgement made before a kill -9 of the dashboard is still there after the restart, and no webhook is sent twice", async ({ env, openPage, receiver }) => {
  test.setTimeout(180_000);
  const metaLeader = await env.harness.waitForMetaLeader();
  const victim = env.harness.nodes.find((n) => n.name !== metaLeader)!.name;
  const id = `node-down:${victim}`;
  // The first test may have taken the same node down: only this test's episode counts.
  const since = new Date().toISOString();
  const alerts = await openPage("/alerts");
  await expect(alerts.getByTestId("alert-state-in-memory")).toHaveCount(0);
  const firing = alerts.locator('[data-testid="firing-alert"][data-rule="node-down"]');
  env.harness.stopNode(victim);
  try {
    await expect(firing).toContainText(`node ${victim}`, { timeout: 30_000 });
    await firing.getByLabel(/Note for/).fill("before the restart");
    await firing.getByRole("button", { name: "Acknowledge" }).click();
    const acknowledged = `Acknowledged by ${env.dashboard.username}: “before the restart”`;
    await expect(firing.getByTestId("acknowledged-by")).toHaveText(acknowledged);
    await expect.poll(() => heard(receiver, id, since), { timeout: 10_000 }).toEqual(["firing"]);
    // Killed once the receiver's answer is recorded (a kill before it would send that one again, by design).
    await expect.poll(() => unansweredDeliveries(path.join(env.dashboard.dataDir, "history.sqlite")), { timeout: 10_000 }).toBe(0);

    await env.dashboard.kill();
    env.dashboard = await env.dashboard.restart();

    // The same session cookie still works: the restarted dashboard keeps its secret.
    await alerts.reload();
    await expect(firing).toContainText(`node ${victim}`);
    await expect(firing.getByTestId("acknowledged-by")).toHaveText(acknowledged);
    await expect(firing).toHaveAttribute("data-acknowledged", "true");
    const overview = await openPage("/");
    await expect(overview.getByTestId("banner-alerts")).toContainText(`acknowledged (by ${env.dashboard.username})`);
    // Polls go on finding the node down, for longer than the hold: nothing is announced again.
    await alerts.waitForTimeout(5_000);
    expect(heard(receiver, id, since)).toEqual(["firing"]);
  } finally {
    env.harness.contNode(victim);
  }
  await expect(alerts.locator('[data-testid="resolved-alert"][data-rule="node-down"]').filter({ hasText: `node ${victim}` }).first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => heard(receiver, id, since), { timeout: 10_000 }).toEqual(["firing", "resolved"]);
  await alerts.waitForTimeout(2_000);
  expect(heard(receiver, id, since)).toEqual(["firing", "resolved"]);
});

test("with history off, the alerts page says that acknowledgements will not survive a restart", async ({ env, browser }) => {
  const dashboard = await startDashboard({ clusters: [harnessCluster(env.harness, "main")], extraConfig: { history: { enabled: false } } });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await logIn(page, dashboard, "/alerts");
    await expect(page.getByTestId("alert-state-in-memory")).toContainText("acknowledgements, silences and the resolved list will not survive a restart");
  } finally {
    await context.close();
    await dashboard.stop();
  }
});
