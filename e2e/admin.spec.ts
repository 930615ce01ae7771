import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.use({ environment: { pollIntervalMs: 1000 } });

const tokenRow = (page: Page, name: string) => page.getByTestId("managed-tokens").locator(`tr[data-token="${name}"]`);

test("an admin makes a display link, sees it once, the wall opens with it, and after the revoke the wall says the link is no longer accepted", async ({ env, browser, openPage }) => {
  const admin = await openPage("/");
  await admin.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.dashboard.url });
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(admin.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expect(admin.getByTestId("configured-tokens").locator('tr[data-token="wall"]')).toContainText("from the configuration");

  await admin.getByLabel("Name").fill("e2e-wall");
  await admin.getByLabel("Scope").selectOption("display");
  await admin.getByRole("button", { name: "Create" }).click();
  const created = admin.getByTestId("created-token");
  await expect(created).toContainText("it is not shown again");
  const wallUrl = await created.getByLabel("Wall URL").inputValue();
  expect(wallUrl).toMatch(new RegExp(`^${env.dashboard.url}/wall\\?display=jsw_[A-Za-z0-9_-]{43}$`));
  await created.getByRole("button", { name: "Copy" }).click();
  await expect(created).toContainText("Copied.");
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(wallUrl);
  await expect(tokenRow(admin, "e2e-wall")).toHaveAttribute("data-state", "active");
  await expect(tokenRow(admin, "e2e-wall").getByTestId("last-used")).toHaveText("never");
  await admin.screenshot({ path: test.info().outputPath("admin-created.png"), fullPage: true });

  // Shown once: a fresh load of the page has the link's name, never its token.
  const token = new URL(wallUrl).searchParams.get("display")!;
  await admin.reload();
  await expect(tokenRow(admin, "e2e-wall")).toBeVisible();
  await expect(admin.getByTestId("created-token")).toHaveCount(0);
  expect(await admin.content()).not.toContain(token);

  // The wall, in a browser that never logged in.
  const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const wall = await wallContext.newPage();
  await wall.goto(wallUrl);
  await expect(wall.getByTestId("wall")).toBeVisible();
  await expect(wall.getByTestId("wall-status")).toHaveAttribute("data-status", /^(ok|warning|critical)$/);
  await admin.reload();
  await expect(tokenRow(admin, "e2e-wall").getByTestId("last-used")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  await tokenRow(admin, "e2e-wall").getByRole("button", { name: "Revoke e2e-wall" }).click();
  await tokenRow(admin, "e2e-wall").getByRole("button", { name: "Confirm revoking e2e-wall" }).click();
  await expect(tokenRow(admin, "e2e-wall")).toHaveAttribute("data-state", "revoked");
  await expect(tokenRow(admin, "e2e-wall")).toContainText(`by ${env.dashboard.username}`);

  // Its live stream ends within seconds of the revoke; reconnecting is refused.
  await expect(wall.getByTestId("wall-status-reason")).toHaveText("the dashboard no longer accepts this display link", { timeout: 30_000 });
  await expect(wall.locator('input[type="password"]')).toHaveCount(0);
  await wall.reload();
  await expect(wall.getByTestId("display-link-invalid")).toBeVisible();
  await wallContext.close();

  const audit = admin.getByTestId("audit-log");
  await expect(audit.locator('tr[data-kind="token-revoked"]').filter({ hasText: "e2e-wall" })).toHaveCount(1);
  await expect(audit.locator('tr[data-kind="token-created"]').filter({ hasText: "e2e-wall" })).toHaveCount(1);
  // One entry per hour of use (two if the test runs across the hour).
  await expect(audit.locator('tr[data-kind="token-used"]').filter({ hasText: "display e2e-wall" }).first()).toBeVisible();
  await admin.getByLabel("Kind").selectOption("config-loaded");
  await admin.getByRole("button", { name: "Show" }).click();
  await expect(admin).toHaveURL(/\/admin\?kind=config-loaded/);
  await expect(audit.locator("tbody tr")).toHaveCount(1);
  await expect(audit.locator('tr[data-kind="config-loaded"]')).toContainText("the first start recorded");
  await admin.context().close();
});

test("an API token is shown once with a copy button and works as a bearer token for its role", async ({ env, openPage, request }) => {
  const admin = await openPage("/admin");
  await admin.getByLabel("Name").fill("e2e-script");
  await admin.getByLabel("Scope").selectOption("viewer");
  await admin.getByRole("button", { name: "Create" }).click();
  const token = await admin.getByTestId("created-token").getByLabel("Token").inputValue();
  expect(token).toMatch(/^jsw_/);
  const headers = { authorization: `Bearer ${token}` };
  expect((await request.get(`${env.dashboard.url}/api/v1/snapshot`, { headers })).status()).toBe(200);
  expect((await request.get(`${env.dashboard.url}/api/v1/admin/tokens`, { headers })).status()).toBe(403);
  await admin.getByTestId("created-token").getByRole("button", { name: "Done" }).click();
  await expect(admin.getByTestId("created-token")).toHaveCount(0);
  await admin.getByLabel("Name").fill("e2e-script");
  await admin.getByRole("button", { name: "Create" }).click();
  await expect(admin.getByRole("form", { name: "New token" }).getByRole("alert")).toHaveText('an active token is already named "e2e-script"');
  await admin.context().close();
});
