import { witnessLeaderElection } from "../test/harness/advisories";
import { harnessCluster, systemSource } from "../test/harness/cluster-entry";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

// A long poll interval: a change shown within 2 s can only have come through the advisory path.
const POLL_INTERVAL_MS = 10_000;

test.use({
  environment: {
    pollIntervalMs: POLL_INTERVAL_MS,
    main: (h) => ({ ...harnessCluster(h, "main"), system: systemSource(h) }),
    extraClusters: (h) => [
      { name: "sys-only", system: systemSource(h) },
      { name: "sys-wrong-password", system: systemSource(h, { password: "wrong" }) },
      { name: "sys-not-system", system: systemSource(h, { user: h.app.user, password: h.app.password }) },
      { name: "sys-unreachable", system: systemSource(h, { urls: ["nats://127.0.0.1:1"] }) },
    ],
  },
});

test("with only a system-account user, the same nodes and meta leader as over HTTP", async ({ env, openPage }) => {
  const metaLeader = await env.harness.waitForMetaLeader();
  const page = await openPage("/?cluster=sys-only");
  // Compared as "name: status" so that a failure shows what each card said instead (a flake on a loaded CI run showed 1 of 3 up).
  const cards = () =>
    page
      .locator('[data-testid="node-card"]')
      .evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.node}: ${(el as HTMLElement).dataset.status}${(el as HTMLElement).dataset.status === "up" ? "" : ` (${el.textContent?.slice(0, 160)})`}`).sort());
  await expect.poll(cards).toEqual(env.harness.nodes.map((node) => `${node.name}: up`).sort());
  await expect(page.getByTestId("meta-leader")).toHaveText(metaLeader);
  await expect(page.getByTestId("node-source").first()).toHaveText("via system account");
  await expect(page.getByTestId("system-source")).toHaveAttribute("data-state", "connected");
});

test("the all-clusters summary lists every cluster with its own status", async ({ openPage }) => {
  const page = await openPage("/");
  const summary = page.getByTestId("clusters-summary");
  await expect(summary.locator("[data-cluster]")).toHaveCount(5);
  await expect(summary.locator('[data-cluster="main"]')).toContainText("3/3 up");
  await expect(summary.locator('[data-cluster="sys-unreachable"]')).toContainText("CRITICAL");
  await summary.locator('[data-cluster="sys-only"]').click();
  await expect(page.getByTestId("cluster-name")).toHaveText("sys-only");
});

test("a wrong password, a user without system permissions and an unreachable URL each say why", async ({ openPage }) => {
  const cases: [string, RegExp][] = [
    ["sys-wrong-password", /rejected the system-account credentials/],
    ["sys-not-system", /no responders: this user is not in the system account/],
    ["sys-unreachable", /cannot reach any of the NATS URLs/],
  ];
  for (const [cluster, reason] of cases) {
    const page = await openPage(`/?cluster=${cluster}`);
    await expect(page.getByTestId("cluster-banner")).toContainText(reason);
    await expect(page.getByTestId("sources-panel")).toContainText(reason);
    await page.context().close();
  }
});

test("kill -9 of a stream leader: the timeline shows the election and placement shows the new leader within 2 s of the advisory", async ({ env, openPage }) => {
  const placement = await openPage("/placement");
  const leaderCell = placement.locator('[data-stream="APP/ORDERS"] [data-role="leader"]');
  await expect(leaderCell).toHaveCount(1);
  const victim = (await leaderCell.getAttribute("data-node"))!;

  const witness = await witnessLeaderElection(env.harness, "ORDERS", victim);
  // The page notes the moment each node first appears as ORDERS' leader (same machine clock as ours).
  await placement.evaluate(() => {
    const shown: Record<string, number> = {};
    (window as unknown as { leaderShownAt: Record<string, number> }).leaderShownAt = shown;
    const check = () => {
      for (const el of document.querySelectorAll('[data-stream="APP/ORDERS"] [data-role="leader"]')) {
        const node = el.getAttribute("data-node");
        if (node && !shown[node]) shown[node] = Date.now();
      }
    };
    check();
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const shownAt = () => placement.evaluate((node) => (window as unknown as { leaderShownAt: Record<string, number> }).leaderShownAt[node] ?? 0, witness.elected());
  try {
    await env.harness.killNode(victim);
    await expect.poll(() => witness.heardAt(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(shownAt, { timeout: 10_000 }).toBeGreaterThan(0);
    const shownAfterMs = (await shownAt()) - witness.heardAt();
    console.log(`placement showed the new ORDERS leader ${witness.elected()} ${shownAfterMs} ms after the advisory`);
    expect(shownAfterMs).toBeLessThan(2000);

    const events = await openPage("/events");
    const row = events.locator('[data-testid="event-row"][data-kind="stream-leader-elected"][data-stream="ORDERS"]').first();
    await expect(row).toBeVisible();
    await expect(row.getByTestId("event-leaders")).toHaveText(`${victim} → ${witness.elected()}`);
  } finally {
    await witness.close();
    await env.harness.restartNode(victim);
  }
});
