import { readFileSync, writeFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { startDashboard } from "../scripts/dashboard-process";
import { harnessCluster } from "../test/harness/cluster-entry";
import { expect, test, type Environment } from "./fixtures";

test.describe.configure({ mode: "serial" });

const POLL_INTERVAL_MS = 1000;
const HOLD_MS = 2000;
const ROTATE_SECONDS = 3;
// Rendering and the live stream add latency on a loaded 2-core machine; the budgets below add this much.
const SLACK_MS = 1500;

test.use({
  environment: {
    pollIntervalMs: POLL_INTERVAL_MS,
    alerts: { holdMs: HOLD_MS },
    wall: { rotateSeconds: ROTATE_SECONDS },
  },
});

const token = (env: Environment) => new URL(env.dashboard.wallUrl).searchParams.get("display")!;

/** The wall in a browser that never logged in: only the display link opens it. */
async function openWall(env: Environment, browser: Browser, viewport = { width: 1920, height: 1080 }, path = "/wall"): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${env.dashboard.url}${path}?display=${token(env)}`);
  await expect(page.getByTestId("wall")).toBeVisible();
  return page;
}

const status = (page: Page) => page.getByTestId("wall-status");

async function expectNoLoginPrompt(page: Page): Promise<void> {
  expect(new URL(page.url()).pathname).not.toBe("/login");
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
}

/**
 * Notes in the page the first time each status tone appears (the same machine clock as the
 * test's). The notes live in the document, so they also tell whether the page was reloaded.
 */
async function watchStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { statusSeen: Record<string, number> }).statusSeen = seen;
    const note = () => {
      const tone = document.querySelector('[data-testid="wall-status"]')?.getAttribute("data-status");
      if (!tone) return;
      seen[tone] ??= Date.now();
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
  });
}

const notReloaded = (page: Page) => page.evaluate(() => "statusSeen" in window);

/** A wall showing live data, watched. */
async function watchedWall(env: Environment, browser: Browser): Promise<Page> {
  const page = await openWall(env, browser);
  await expect(status(page)).not.toHaveAttribute("data-status", "stale");
  await watchStatus(page);
  return page;
}

/** When the first of `tones` appeared. */
async function firstSeen(page: Page, tones: string[]): Promise<number> {
  return page.evaluate((ts) => {
    const seen = (window as unknown as { statusSeen: Record<string, number> }).statusSeen;
    return Math.min(...ts.map((t) => seen[t] ?? Infinity));
  }, tones);
}

test("a missing or wrong display link says so, without a login prompt; a valid one only reads", async ({ env, browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of ["/wall", "/wall?display=not-the-token-0123456789", "/wall/main?display=not-the-token-0123456789", "/wall?display="]) {
    await page.goto(`${env.dashboard.url}${path}`);
    await expect(page.getByTestId("display-link-invalid")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Display link invalid" })).toBeVisible();
    await expectNoLoginPrompt(page);
  }
  // Anywhere but the wall, a display link is no login.
  await page.goto(`${env.dashboard.url}/?display=${token(env)}`);
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  const url = env.dashboard.url;
  const display = `display=${token(env)}`;
  expect((await request.get(`${url}/api/v1/snapshot?${display}`)).status()).toBe(200);
  expect((await request.get(`${url}/api/v1/snapshot?display=wrong-token-0123456789`)).status()).toBe(401);
  expect((await request.get(`${url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token(env)}` } })).status()).toBe(200);
  expect((await request.get(`${url}/api/v1/alerts?${display}`)).status()).toBe(403);
  expect((await request.get(`${url}/api/v1/timeline?${display}`)).status()).toBe(403);
  const ack = await request.post(`${url}/api/v1/alerts/ack?${display}`, { data: { id: "node-down:n1" } });
  expect(ack.status()).toBe(403);
  expect((await ack.json()).error.code).toBe("forbidden");
  const silence = await request.post(`${url}/api/v1/alerts/silence`, { headers: { authorization: `Bearer ${token(env)}` }, data: { id: "x", minutes: 5 } });
  expect(silence.status()).toBe(403);

  // The wall's live stream: only the head and the assets in trouble, small.
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/events?include=trouble&${display}`, { signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("event: snapshot")) text += new TextDecoder().decode((await reader.read()).value);
  while (!/event: snapshot\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n\n/.exec(text)![1]) as { streams: unknown[]; nodes: unknown[] };
  expect(snapshot.nodes.length).toBe(env.harness.nodes.length);
  const full = (await (await request.get(`${url}/api/v1/snapshot?${display}`)).json()) as { streams: unknown[] };
  expect(full.streams.length).toBeGreaterThan(0);
  expect(snapshot.streams.length).toBeLessThan(full.streams.length);
});

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

/** No scrollbars, no section whose content is clipped, and the status and key numbers at least 6 % of the height. */
async function expectFits(page: Page, what: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const root = document.documentElement;
    const height = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect().height ?? 0;
    const clipped = [...document.querySelectorAll("[data-testid=wall] section")]
      .filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.getAttribute("aria-label"));
    return {
      scrollHeight: root.scrollHeight,
      scrollWidth: root.scrollWidth,
      innerHeight,
      innerWidth,
      statusWord: height("wall-status-word"),
      nodesUp: height("wall-nodes-up"),
      firing: height("wall-firing-count"),
      clipped,
    };
  });
  expect(layout.scrollHeight, `${what}: no vertical scrolling`).toBeLessThanOrEqual(layout.innerHeight);
  expect(layout.scrollWidth, `${what}: no horizontal scrolling`).toBeLessThanOrEqual(layout.innerWidth);
  expect(layout.clipped, `${what}: sections whose content does not fit`).toEqual([]);
  for (const key of ["statusWord", "nodesUp", "firing"] as const)
    expect(layout[key], `${what}: ${key} is at least 6 % of the screen height`).toBeGreaterThanOrEqual(0.06 * layout.innerHeight);
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.width}×${viewport.height}: the status fills the screen readably, no scrollbars on any panel`, async ({ env, browser }) => {
    const page = await openWall(env, browser, viewport);
    await expect(status(page)).toHaveAttribute("data-status", /^(ok|warning|critical)$/);
    await expect(page.getByTestId("wall-node")).toHaveCount(env.harness.nodes.length);
    await expect(page.getByTestId("wall-clock")).toHaveText(/^\d\d:\d\d:\d\d$/);
    await expectNoLoginPrompt(page);
    // Rotation every few seconds: each panel must fit, none may scroll or clip.
    for (const panel of ["overview", "placement", "trouble"]) {
      await expect(page.getByTestId("wall-panel")).toHaveAttribute("data-panel", panel, { timeout: 3 * ROTATE_SECONDS * 1000 + SLACK_MS });
      await expectFits(page, panel);
    }
    await page.context().close();
  });
}

test("more alerts than fit: the most severe are shown and the rest counted, still without scrolling", async ({ env, browser }) => {
  // A second dashboard on the same cluster whose thresholds make every node and busy consumer alert.
  const crowded = await startDashboard({
    clusters: [harnessCluster(env.harness, "main")],
    pollIntervalMs: POLL_INTERVAL_MS,
    alerts: { holdMs: 0, thresholds: { memoryRssWarnBytes: 1, unprocessedCritical: 1, outstandingAckCritical: 1, waitingCritical: 1 } },
  });
  try {
    for (const viewport of VIEWPORTS) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(crowded.wallUrl);
      await expect(page.getByTestId("wall-alert")).toHaveCount(4);
      await expect(page.getByTestId("wall-alerts")).toContainText(/\+\d+ more/);
      await expect(page.getByTestId("wall-alert").first()).toHaveAttribute("data-severity", "critical");
      await expectFits(page, `crowded overview at ${viewport.width}×${viewport.height}`);
      await context.close();
    }
  } finally {
    await crowded.stop();
  }
});

test("kill -9 of a node: WARNING within a poll interval, CRITICAL once the alert has held", async ({ env, browser }) => {
  const page = await openWall(env, browser);
  await expect(status(page)).toHaveAttribute("data-status", /^(ok|warning)$/);
  await expect(page.getByTestId("wall-node")).toHaveCount(3);
  for (const node of env.harness.nodes) await expect(page.locator(`[data-testid="wall-node"][data-node="${node.name}"]`)).toHaveAttribute("data-status", "up");
  await expect(status(page)).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  await watchStatus(page);
  const victim = env.harness.nodes[2].name;
  const killedAt = Date.now();
  await env.harness.killNode(victim);
  try {
    await expect(status(page)).toHaveAttribute("data-status", "critical", { timeout: POLL_INTERVAL_MS + HOLD_MS + 10_000 });
    const notOkMs = (await firstSeen(page, ["warning", "critical"])) - killedAt;
    const criticalMs = (await firstSeen(page, ["critical"])) - killedAt;
    console.log(`kill -9 ${victim}: wall not OK after ${notOkMs} ms, CRITICAL after ${criticalMs} ms (poll ${POLL_INTERVAL_MS} ms, hold ${HOLD_MS} ms)`);
    expect(notOkMs).toBeLessThanOrEqual(POLL_INTERVAL_MS + SLACK_MS);
    // The alert is judged once per poll: it fires on the first poll after the hold.
    expect(criticalMs).toBeLessThanOrEqual(2 * POLL_INTERVAL_MS + HOLD_MS + SLACK_MS);
    await expect(page.locator(`[data-testid="wall-node"][data-node="${victim}"]`)).toHaveAttribute("data-status", "down");
    await expect(page.getByTestId("wall-status-word")).toHaveText("CRITICAL");
    await expect(page.getByTestId("wall-nodes-up")).toHaveText("2/3");
    await expect(page.getByTestId("wall-panel")).toHaveAttribute("data-panel", "overview", { timeout: 3 * ROTATE_SECONDS * 1000 + SLACK_MS });
    const first = page.getByTestId("wall-alert").first();
    await expect(first).toHaveAttribute("data-severity", "critical");
    await expect(first).toContainText(`node ${victim}`);
    await expect(first.getByTestId("wall-alert-age")).toHaveText(/^\d+ s$/);
  } finally {
    await env.harness.restartNode(victim);
  }
  await expect(page.locator(`[data-testid="wall-node"][data-node="${victim}"]`)).toHaveAttribute("data-status", "up", { timeout: 60_000 });
  await page.context().close();
});

test("no access to any node: STALE within three poll intervals with the data's age, and back by itself", async ({ env, browser }) => {
  const page = await watchedWall(env, browser);
  const frozenAt = Date.now();
  env.harness.freezeProxy();
  try {
    await expect(status(page)).toHaveAttribute("data-status", "stale", { timeout: 3 * POLL_INTERVAL_MS + 10_000 });
    const staleMs = (await firstSeen(page, ["stale"])) - frozenAt;
    console.log(`every node unreachable: wall STALE after ${staleMs} ms (poll ${POLL_INTERVAL_MS} ms)`);
    expect(staleMs).toBeLessThanOrEqual(3 * POLL_INTERVAL_MS + SLACK_MS);
    await expect(page.getByTestId("wall-status-word")).toHaveText("STALE");
    await expect(page.getByTestId("wall-status-reason")).toHaveText(/no node answers the dashboard|no update from the dashboard/);
    const age = page.getByTestId("wall-data-age");
    await expect(age).toHaveText(/^data \d+ s old$/);
    const ageSeconds = async () => Number(/(\d+) s/.exec((await age.textContent()) ?? "")?.[1]);
    const before = await ageSeconds();
    await expect.poll(ageSeconds, { timeout: 5000 }).toBeGreaterThan(before);
    const box = await page.getByTestId("wall-status-word").boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(0.06 * 1080);
    await expect(page.getByTestId("wall-data")).toHaveAttribute("data-stale", "true");
  } finally {
    env.harness.thawProxy();
  }
  await expect(status(page)).not.toHaveAttribute("data-status", "stale", { timeout: 20_000 });
  expect(await notReloaded(page), "the page was not reloaded").toBe(true);
  await page.context().close();
});

test("the dashboard killed and restarted: STALE while it is down, then back on the same page without a reload", async ({ env, browser }) => {
  const page = await watchedWall(env, browser);
  const killedAt = Date.now();
  await env.dashboard.kill();
  await expect(status(page)).toHaveAttribute("data-status", "stale", { timeout: 3 * POLL_INTERVAL_MS + 10_000 });
  const staleMs = (await firstSeen(page, ["stale"])) - killedAt;
  await expect(page.getByTestId("wall-status-reason")).toHaveText("no update from the dashboard");
  await expect(page.getByTestId("wall-updated")).toContainText("reconnecting");
  // The clock keeps going: the screen itself is alive.
  const clock = await page.getByTestId("wall-clock").textContent();
  await expect(page.getByTestId("wall-clock")).not.toHaveText(clock!, { timeout: 3000 });

  const restartAt = Date.now();
  env.dashboard = await env.dashboard.restart();
  const upAt = Date.now();
  await expect(status(page)).not.toHaveAttribute("data-status", "stale", { timeout: 45_000 });
  const recoveredAt = Date.now();
  console.log(
    `dashboard kill -9: wall STALE after ${staleMs} ms; restart took ${upAt - restartAt} ms, wall recovered ${recoveredAt - upAt} ms after the dashboard was up`,
  );
  expect(staleMs).toBeLessThanOrEqual(3 * POLL_INTERVAL_MS + SLACK_MS);
  expect(await notReloaded(page), "the page was not reloaded").toBe(true);
  await expectNoLoginPrompt(page);
  await expect(page.getByTestId("wall-node")).toHaveCount(3);
  await page.context().close();
});

async function restartDashboard(env: Environment): Promise<void> {
  await env.dashboard.kill();
  env.dashboard = await env.dashboard.restart();
}

test("a logged-in page whose session ended says so, with the way back, instead of only STALE", async ({ env, loggedInContext }) => {
  const context = await loggedInContext();
  const page = await context.newPage();
  await page.goto(`${env.dashboard.url}/placement`);
  await expect(page.getByTestId("freshness")).toHaveAttribute("data-stale", "false");
  // The session ends (here: its cookie is gone) and the live stream has to reconnect.
  await context.clearCookies();
  await restartDashboard(env);
  const freshness = page.getByTestId("freshness");
  await expect(freshness).toHaveAttribute("data-stale", "true", { timeout: 45_000 });
  await expect(freshness).toContainText("you were logged out", { timeout: 15_000 });
  await freshness.getByRole("link", { name: "Log in again" }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fplacement/);
  await context.close();
});

test("a wall whose display link was revoked says so, without a login prompt, and does not reload", async ({ env, browser }) => {
  const page = await watchedWall(env, browser);
  const config = env.dashboard.configFile;
  const settings = JSON.parse(readFileSync(config, "utf8")) as { displayTokens: Array<{ name: string; token: string }> };
  settings.displayTokens = [{ name: "wall", token: "a-new-display-token-the-old-link-lacks" }];
  writeFileSync(config, JSON.stringify(settings, null, 2), { mode: 0o600 });
  await restartDashboard(env);
  await expect(status(page)).toHaveAttribute("data-status", "stale", { timeout: 45_000 });
  await expect(page.getByTestId("wall-status-reason")).toHaveText("the dashboard no longer accepts this display link", { timeout: 15_000 });
  expect(await notReloaded(page), "the page was not reloaded").toBe(true);
  await expectNoLoginPrompt(page);
  await page.context().close();
});
