import { expect, test, type Browser, type Page } from "@playwright/test";
import { startEnvironment, type Environment } from "./fixtures/environment";
import { proxiedCluster } from "../scripts/dashboard-process";

test.describe.configure({ mode: "serial" });

let env: Environment;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  env = await startEnvironment({
    extraClusters: (h) => [proxiedCluster(h, "wrong-password", { password: "not-the-proxy-password" })],
  });
});

test.afterAll(async () => {
  await env?.stop();
});

async function overview(browser: Browser, query = ""): Promise<Page> {
  const context = await browser.newContext({ storageState: env.storageState });
  const page = await context.newPage();
  await page.goto(`${env.dashboard.url}/${query}`);
  return page;
}

const card = (page: Page, name: string) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);

test("pages and the API require a login; /api/health does not", async ({ page, request }) => {
  await page.goto(`${env.dashboard.url}/`);
  await expect(page).toHaveURL(/\/login/);
  expect((await request.get(`${env.dashboard.url}/api/v1/snapshot`)).status()).toBe(401);
  expect((await request.get(`${env.dashboard.url}/api/v1/events`)).status()).toBe(401);
  expect((await request.get(`${env.dashboard.url}/api/health`)).status()).toBe(200);
  const withToken = await request.get(`${env.dashboard.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${env.dashboard.apiToken}` } });
  expect(withToken.status()).toBe(200);
  const wrongToken = await request.get(`${env.dashboard.url}/api/v1/snapshot`, { headers: { authorization: "Bearer nope" } });
  expect(wrongToken.status()).toBe(401);
});

test("a wrong password is refused on the login page", async ({ page }) => {
  await page.goto(`${env.dashboard.url}/login`);
  await page.getByLabel("Username").fill(env.dashboard.username);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong username or password.");
});

test("three nodes up and the meta leader the servers themselves report", async ({ browser }) => {
  const metaLeader = await env.harness.waitForMetaLeader();
  const page = await overview(browser);
  for (const node of env.harness.nodes) await expect(card(page, node.name)).toHaveAttribute("data-status", "up");
  await expect(page.getByTestId("meta-leader")).toHaveText(metaLeader);
  await expect(card(page, metaLeader).getByText("meta leader")).toBeVisible();
  await expect(page.getByTestId("cluster-banner")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
});

test("a wrong proxy password shows 'auth failed', not 'down'", async ({ browser }) => {
  const page = await overview(browser, "?cluster=wrong-password");
  await expect(page.getByTestId("cluster-name")).toHaveText("wrong-password");
  await expect(page.locator(`[data-testid="node-card"][data-status="auth-failed"]`)).toHaveCount(env.harness.nodes.length);
  await expect(page.getByTestId("node-reason").first()).toContainText("HTTP 401");
});

test("a SIGSTOPped node turns down while the others keep updating, and recovers", async ({ browser }) => {
  const page = await overview(browser);
  const metaLeader = await env.harness.waitForMetaLeader();
  const victim = env.harness.nodes.find((n) => n.name !== metaLeader)!.name;
  env.harness.stopNode(victim);
  try {
    await expect(card(page, victim)).toHaveAttribute("data-status", "down");
    await expect(card(page, victim).getByTestId("node-reason")).toContainText("timeout");
    // The others keep being polled: fresh data keeps arriving with them up.
    const firstSeen = await page.getByTestId("freshness").textContent();
    await page.waitForTimeout(2500);
    await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
    expect(firstSeen).toMatch(/Updated \d s ago/);
    for (const node of env.harness.nodes.filter((n) => n.name !== victim)) await expect(card(page, node.name)).not.toHaveAttribute("data-status", "down");
  } finally {
    env.harness.contNode(victim);
  }
  await expect(card(page, victim)).toHaveAttribute("data-status", "up", { timeout: 30_000 });
});

test("a node killed with -9 turns down, and comes back after a restart", async ({ browser }) => {
  const page = await overview(browser);
  const victim = env.harness.nodes[2].name;
  await env.harness.killNode(victim);
  await expect(card(page, victim)).toHaveAttribute("data-status", "down");
  await expect(card(page, victim).getByTestId("node-reason")).toContainText(/502|refused/);
  await expect(page.getByTestId("cluster-banner")).not.toHaveAttribute("data-status", "ok");
  await env.harness.restartNode(victim);
  await expect(card(page, victim)).toHaveAttribute("data-status", "up", { timeout: 60_000 });
});
