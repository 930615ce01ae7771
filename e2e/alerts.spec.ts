import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.use({ environment: { alerts: { holdMs: 2000 } } });

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
