import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { harnessCluster } from "../test/harness/cluster-entry";
import { expect, test, type Environment } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.use({
  environment: {
    extraClusters: (h) => [harnessCluster(h, "wrong-password", { password: "not-the-proxy-password" })],
  },
});

const card = (page: Page, name: string) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);

test("pages and the API require a login; /api/health does not", async ({ env, page, request }) => {
  await page.goto(`${env.dashboard.url}/`);
  await expect(page).toHaveURL(/\/login/);
  expect((await request.get(`${env.dashboard.url}/api/v1/snapshot`)).status()).toBe(401);
  expect((await request.get(`${env.dashboard.url}/api/v1/events`)).status()).toBe(401);
  // HEAD tells a page why its live stream closed, without opening one.
  expect((await request.head(`${env.dashboard.url}/api/v1/events`)).status()).toBe(401);
  const head = await request.head(`${env.dashboard.url}/api/v1/events`, { headers: { authorization: `Bearer ${env.dashboard.apiToken}` } });
  expect(head.status()).toBe(200);
  expect(head.headers()["content-type"] ?? "").not.toContain("text/event-stream");
  expect((await request.get(`${env.dashboard.url}/api/health`)).status()).toBe(200);
  const withToken = await request.get(`${env.dashboard.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${env.dashboard.apiToken}` } });
  expect(withToken.status()).toBe(200);
  const wrongToken = await request.get(`${env.dashboard.url}/api/v1/snapshot`, { headers: { authorization: "Bearer nope" } });
  expect(wrongToken.status()).toBe(401);
  // The tab icon the login page links to is shown before anyone logs in.
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  const iconResponse = await request.get(new URL(icon!, env.dashboard.url).toString(), { maxRedirects: 0 });
  expect(iconResponse.status()).toBe(200);
  expect(iconResponse.headers()["content-type"]).toContain("image/svg+xml");
});

test("a wrong password is refused on the login page", async ({ env, page }) => {
  await page.goto(`${env.dashboard.url}/login`);
  await page.getByLabel("Username").fill(env.dashboard.username);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong username or password.");
});

test("three nodes up and the meta leader the servers themselves report", async ({ env, openPage }) => {
  const metaLeader = await env.harness.waitForMetaLeader();
  const page = await openPage("/");
  for (const node of env.harness.nodes) await expect(card(page, node.name)).toHaveAttribute("data-status", "up");
  await expect(page.getByTestId("meta-leader")).toHaveText(metaLeader);
  await expect(card(page, metaLeader).getByText("meta leader")).toBeVisible();
  await expect(page.getByTestId("cluster-banner")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
});

function accessLogLines(env: Environment): number {
  const find = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (entry === "access.log") return full;
      if (statSync(full).isDirectory()) {
        const found = find(full);
        if (found) return found;
      }
    }
    return undefined;
  };
  const log = find(env.harness.dir);
  if (!log) throw new Error(`no nginx access.log under ${env.harness.dir}`);
  return readFileSync(log, "utf8").split("\n").filter(Boolean).length;
}

async function upstreamRequestsDuring(env: Environment, ms: number): Promise<number> {
  const before = accessLogLines(env);
  await new Promise((r) => setTimeout(r, ms));
  return accessLogLines(env) - before;
}

test("opening a page renders only that page: its links prefetch nothing, and they still navigate", async ({ env, loggedInContext }) => {
  const context = await loggedInContext();
  const page = await context.newPage();
  // Next.js fetches another route's server render with `_rsc` (a prefetch carries `next-router-prefetch`).
  const renders: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.searchParams.has("_rsc") || request.headers()["next-router-prefetch"]) renders.push(`${url.pathname}${url.search}`);
  });
  await page.goto(`${env.dashboard.url}/streams`);
  const firstStream = page.getByTestId("streams-table").getByRole("link").first();
  await expect(firstStream).toBeVisible();
  await expect(page.getByRole("link", { name: "Placement" })).toBeVisible();
  // Viewport prefetches start right after hydration; give them time to show up.
  await page.waitForTimeout(2000);
  expect(renders, "server renders requested while the page was only open").toEqual([]);
  const href = await firstStream.getAttribute("href");
  await firstStream.click();
  await expect(page).toHaveURL(new RegExp(`${href!.split("?")[0]}`));
  await expect(page.getByTestId("stream-name")).toBeVisible();
  await context.close();
});

test("charts load after the first paint: the server sends a frame in their place", async ({ env, loggedInContext }) => {
  const context = await loggedInContext();
  const html = await (await context.request.get(`${env.dashboard.url}/`)).text();
  expect(html).toContain('data-testid="node-card"');
  expect(html).toContain("Loading chart…");
  expect(html, "no chart drawn (or sized) on the server").not.toContain("recharts-responsive-container");
  const page = await context.newPage();
  await page.goto(`${env.dashboard.url}/`);
  await expect(page.locator(".recharts-responsive-container").first()).toBeVisible();
  await expect(page.getByText("Loading chart…")).toHaveCount(0);
  await context.close();
});

test("100 open live streams add no request to the NATS nodes", async ({ env }) => {
  const idle = await upstreamRequestsDuring(env, 6000);
  expect(idle, "the collector polls through nginx while nobody watches").toBeGreaterThanOrEqual(2 * 3 * 3 * 4);
  const streams = await Promise.all(
    Array.from({ length: 100 }, async () => {
      const controller = new AbortController();
      const res = await fetch(`${env.dashboard.url}/api/v1/events`, {
        headers: { authorization: `Bearer ${env.dashboard.apiToken}` },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let received = 0;
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            received += value.length;
          }
        } catch {
          // aborted at the end of the test
        }
      })();
      return { controller, received: () => received };
    }),
  );
  try {
    const watched = await upstreamRequestsDuring(env, 6000);
    // Two proxied clusters × 3 nodes × 3 endpoints per 1 s cycle; allow a cycle or two of jitter.
    expect(Math.abs(watched - idle)).toBeLessThanOrEqual(2 * 3 * 3 * 2);
    expect(streams.every((s) => s.received() > 0)).toBe(true);
  } finally {
    for (const s of streams) s.controller.abort();
  }
});

test("a wrong proxy password shows 'auth failed', not 'down'", async ({ env, openPage }) => {
  const page = await openPage("/?cluster=wrong-password");
  await expect(page.getByTestId("cluster-name")).toHaveText("wrong-password");
  await expect(page.locator(`[data-testid="node-card"][data-status="auth-failed"]`)).toHaveCount(env.harness.nodes.length);
  await expect(page.getByTestId("node-reason").first()).toContainText("HTTP 401");
});

test("a SIGSTOPped node turns down while the others keep updating, and recovers", async ({ env, openPage }) => {
  const page = await openPage("/");
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

test("a node killed with -9 turns down, and comes back after a restart", async ({ env, openPage }) => {
  const page = await openPage("/");
  const victim = env.harness.nodes[2].name;
  await env.harness.killNode(victim);
  await expect(card(page, victim)).toHaveAttribute("data-status", "down");
  await expect(card(page, victim).getByTestId("node-reason")).toContainText(/502|refused/);
  await expect(page.getByTestId("cluster-banner")).not.toHaveAttribute("data-status", "ok");
  await env.harness.restartNode(victim);
  await expect(card(page, victim)).toHaveAttribute("data-status", "up", { timeout: 60_000 });
});
