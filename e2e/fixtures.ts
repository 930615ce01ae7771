/**
 * The browser tests' fixtures. `env` is one real environment per spec file: a nats-server cluster
 * with nginx proxies, seed streams and traffic, the built dashboard polling it, and a user logged
 * in once. It is worker-scoped, and every spec sets its own `environment` option at the top of
 * the file; Playwright gives each such `test.use` a worker of its own, so no two specs share a
 * cluster, and the worker's end stops it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { startCluster, type Harness, type Traffic } from "../test/harness/cluster";
import { harnessCluster, type ClusterEntry } from "../test/harness/cluster-entry";
import { startDashboard, type DashboardOptions, type DashboardProcess } from "../scripts/dashboard-process";

export { expect };

export interface Environment {
  harness: Harness;
  traffic: Traffic;
  /** The running dashboard; a spec that restarts it puts the new process here (the fixture stops this one). */
  dashboard: DashboardProcess;
  /** Session cookies of a logged-in user, for `browser.newContext({ storageState })`. */
  storageState: string;
  /** When all of this was up and the user logged in (epoch ms). */
  readyAt: number;
}

export interface EnvironmentOptions {
  /** The first (default) cluster; default: polled through the nginx proxies. */
  main?: (h: Harness) => ClusterEntry;
  extraClusters?: (h: Harness) => ClusterEntry[];
  pollIntervalMs?: number;
  alerts?: DashboardOptions["alerts"];
  extraConfig?: DashboardOptions["extraConfig"];
  wall?: DashboardOptions["wall"];
  history?: DashboardOptions["history"];
}

interface WorkerFixtures {
  /** Set by each spec: `test.use({ environment: { … } })` at the top of the file. */
  environment: EnvironmentOptions | undefined;
  env: Environment;
}

interface TestFixtures {
  /** A new browser context with the logged-in session; closed after the test. */
  loggedInContext: () => Promise<BrowserContext>;
  /** A new logged-in page of the dashboard at `path`; closed after the test. */
  openPage: (path: string) => Promise<Page>;
}

/** Logs `page` in to `dashboard` through its login form and waits until it has left the form. */
export async function logIn(page: Page, dashboard: DashboardProcess, callbackPath = "/"): Promise<void> {
  await page.goto(`${dashboard.url}/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  await page.getByLabel("Username").fill(dashboard.username);
  await page.getByLabel("Password").fill(dashboard.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  environment: [undefined, { scope: "worker", option: true }],

  env: [
    async ({ environment: opts, browser }, use) => {
      if (!opts) throw new Error("each spec sets its environment: test.use({ environment: { … } }) at the top of the file (e2e/fixtures.ts)");
      const harness = await startCluster({ nodes: 3 });
      let traffic: Traffic | undefined;
      let env: Environment | undefined;
      try {
        await harness.createSeedAssets();
        traffic = harness.startTraffic();
        const dashboard = await startDashboard({
          clusters: [opts.main?.(harness) ?? harnessCluster(harness, "main"), ...(opts.extraClusters?.(harness) ?? [])],
          pollIntervalMs: opts.pollIntervalMs ?? 1000,
          alerts: opts.alerts,
          extraConfig: opts.extraConfig,
          wall: opts.wall,
          history: opts.history,
        });
        env = { harness, traffic, dashboard, storageState: path.join(mkdtempSync(path.join(tmpdir(), "jsw-e2e-")), "state.json"), readyAt: 0 };
        const context = await browser.newContext();
        await logIn(await context.newPage(), dashboard);
        await context.storageState({ path: env.storageState });
        await context.close();
        env.readyAt = Date.now();
        await use(env);
      } finally {
        await env?.dashboard.stop().catch(() => {});
        await traffic?.stop().catch(() => {});
        await harness.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],

  loggedInContext: async ({ browser, env }, use) => {
    // Pages left open keep following the live stream and polling: they close after their test, so
    // later tests do not share two cores with a dozen busy pages.
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ storageState: env.storageState });
      contexts.push(context);
      return context;
    });
    for (const context of contexts) await context.close().catch(() => {});
  },

  openPage: async ({ env, loggedInContext }, use) => {
    await use(async (at) => {
      const page = await (await loggedInContext()).newPage();
      await page.goto(`${env.dashboard.url}${at}`);
      return page;
    });
  },
});
