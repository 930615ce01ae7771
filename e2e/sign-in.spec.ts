/**
 * Signing in, in a real browser: single sign-on against a real OpenID Connect provider that the
 * test starts (test/oidc/provider.ts), and password sign-in, both landing on the overview with the
 * role shown in the header; a user whose groups map to no role is refused; wrong passwords are
 * limited; the return path never leaves the dashboard; password sign-in can be turned off; an
 * unreachable provider is named as such.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { freePort, startDashboard, type DashboardProcess } from "../scripts/dashboard-process";
import { harnessCluster } from "../test/harness/cluster-entry";
import { startCluster, type Harness } from "../test/harness/cluster";
import { signIn } from "../test/harness/session";
import { OIDC_ROLES, startOidcProvider, type OidcTestProvider } from "../test/oidc/provider";

test.describe.configure({ mode: "serial" });

const PROVIDER = "Test IdP";
const viewer = { username: "ana", password: "viewer-password-1", role: "viewer" as const };

let harness: Harness;
let idp: OidcTestProvider;
let dashboard: DashboardProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  harness = await startCluster({ nodes: 3 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider(url);
  dashboard = await startDashboard({
    port,
    clusters: [harnessCluster(harness, "main")],
    users: [viewer],
    extraConfig: {
      publicUrl: url,
      oidc: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        scopes: ["openid", "profile", "email", "groups"],
        roles: OIDC_ROLES,
        defaultRole: null,
        name: PROVIDER,
      },
    },
  });
});

test.afterAll(async () => {
  await dashboard?.stop();
  await idp?.stop();
  await harness?.stop();
});

async function freshPage(browser: Browser, path = "/login"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${dashboard.url}${path}`);
  return page;
}

/** Through the provider's own login form (any password) and back. */
async function ssoSignIn(page: Page, user: string): Promise<void> {
  await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).click();
  await page.waitForURL((url) => url.origin === new URL(idp.issuer).origin);
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

async function passwordSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

const alert = (page: Page) => page.getByRole("alert").filter({ hasText: /\S/ });

test("single sign-on lands on the overview with the role the user's groups map to", async ({ browser }) => {
  for (const [user, role] of [
    ["alice", "admin"],
    ["oscar", "operator"],
    ["vera", "viewer"],
  ]) {
    const page = await freshPage(browser);
    const refusedByPolicy: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    await ssoSignIn(page, user);
    await expect(page).toHaveURL(`${dashboard.url}/`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`${user} · ${role}`);
    await expect(page.getByTestId("cluster-banner")).toBeVisible();
    // The page's scripts run under the nonce policy: the live stream keeps the data fresh.
    await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
    expect(refusedByPolicy).toEqual([]);
    await page.context().close();
  }
});

test("password sign-in lands on the overview with the configured role", async ({ browser }) => {
  for (const [user, password, role] of [
    [viewer.username, viewer.password, "viewer"],
    [dashboard.username, dashboard.password, "admin"],
  ]) {
    const page = await freshPage(browser);
    await passwordSignIn(page, user, password);
    await expect(page).toHaveURL(`${dashboard.url}/`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`${user} · ${role}`);
    await page.context().close();
  }
});

test("a provider user whose groups map to no role is refused, and told why", async ({ browser }) => {
  const page = await freshPage(browser);
  await ssoSignIn(page, "nobody");
  await expect(page).toHaveURL(/\/login\?error=NoRole/);
  await expect(alert(page)).toHaveText(/Your Test IdP account has no role in JetStream Watch/);
  const overview = await page.goto(`${dashboard.url}/`);
  expect(new URL(overview!.url()).pathname).toBe("/login");
});

test("a return path to another site lands on the overview instead", async ({ browser }) => {
  for (const evil of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
    const page = await freshPage(browser, `/login?callbackUrl=${encodeURIComponent(evil)}`);
    await passwordSignIn(page, viewer.username, viewer.password);
    await expect(page).toHaveURL(`${dashboard.url}/`);
    await page.context().close();
  }
  const sso = await freshPage(browser, `/login?callbackUrl=${encodeURIComponent("//evil.example/")}`);
  await ssoSignIn(sso, "vera");
  await expect(sso).toHaveURL(`${dashboard.url}/`);
});

test("the 11th wrong password within a minute is refused with the time to wait", async ({ browser }) => {
  const page = await freshPage(browser);
  for (let attempt = 1; attempt <= 10; attempt++) {
    await passwordSignIn(page, "mallory", `guess-${attempt}`);
    await expect(alert(page)).toHaveText("Wrong username or password.");
    await page.getByLabel("Password").fill("");
    // The message is shown again after each try: wait for the button to come back before the next.
    await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled();
  }
  await passwordSignIn(page, "mallory", "guess-11");
  await expect(alert(page)).toHaveText(/^Too many failed sign-ins\. Try again in ([1-9]|[1-5]\d|60) s\.$/);
});

test("with password sign-in turned off: only the single sign-on button, the password endpoint refuses, password sessions end", async ({ browser }) => {
  const { cookie } = await signIn(dashboard.url, viewer.username, viewer.password);
  const config = JSON.parse(readFileSync(dashboard.configFile, "utf8")) as Record<string, unknown>;
  writeFileSync(dashboard.configFile, JSON.stringify({ ...config, passwordLogin: false }));
  await dashboard.stop();
  dashboard = await dashboard.restart();

  const page = await freshPage(browser);
  await expect(page.getByRole("button", { name: `Sign in with ${PROVIDER}` })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await expect(signIn(dashboard.url, viewer.username, viewer.password)).rejects.toThrow(/sign-in of ana refused/);
  expect((await fetch(`${dashboard.url}/api/v1/snapshot`, { headers: { cookie } })).status).toBe(401);
  await ssoSignIn(page, "oscar");
  await expect(page.getByTestId("signed-in-as")).toHaveText("oscar · operator");
});

test("an unreachable provider is named on the login page", async ({ browser }) => {
  await idp.stop();
  const page = await freshPage(browser);
  await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).click();
  await expect(page).toHaveURL(/\/login\?(.*&)?error=OAuthSignin/);
  await expect(alert(page)).toHaveText(/Could not reach Test IdP to start signing in/);
});
