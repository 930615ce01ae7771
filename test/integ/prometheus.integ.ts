/**
 * The Prometheus export with real parts: the standalone dashboard polling a real 3-node cluster, a
 * real Prometheus (Debian's package) scraping it with a viewer token an admin made for it and
 * deploy/prometheus/prometheus.yml (only the target, scheme, token file and intervals changed), `promtool` checking the output and the rules
 * in deploy/prometheus/. A follower of ORDERS is SIGSTOPped while traffic flows: its lag, queried
 * from Prometheus, rises above 0, and falls back to 0 after SIGCONT.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { freePort, startDashboard, type DashboardProcess } from "../../scripts/dashboard-process";
import { harnessCluster } from "../harness/cluster-entry";
import { startCluster, type Harness, type Traffic } from "../harness/cluster";
import { waitUntil } from "../harness/http";
import { spawnLogged, tailOfFile, type ManagedProcess } from "../harness/processes";
import { signIn } from "../harness/session";
import { locate } from "../../scripts/provision";
import type { ClusterSnapshot } from "../../lib/model/types";
import type { Jsz } from "../../lib/sources/monitor-schemas";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const PROM_DIR = path.join(ROOT, "deploy/prometheus");

let harness: Harness;
let traffic: Traffic;
let dashboard: DashboardProcess;
let prometheus: ManagedProcess;
let prometheusUrl: string;
let scratch: string;
/** A managed token with the viewer role, made by an admin for Prometheus (what the README tells users to do). */
let scrapeToken: string;

async function metricsText(token: string | null = scrapeToken): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${dashboard.url}/api/v1/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
}

/** Value of the first sample of `name` with these labels in a text exposition. */
function sampleValues(text: string, name: string, labels: Record<string, string>): number[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(" ") + 1)));
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] }; error?: string };
  assert.equal(body.status, "success", body.error);
  return body.data?.result ?? [];
}

async function snapshot(): Promise<ClusterSnapshot> {
  const res = await fetch(`${dashboard.url}/api/v1/snapshot?include=streams,consumers`, { headers: { authorization: `Bearer ${dashboard.apiToken}` } });
  return (await res.json()) as ClusterSnapshot;
}

async function startPrometheus(): Promise<void> {
  const tokenFile = path.join(scratch, "token");
  writeFileSync(tokenFile, scrapeToken, { mode: 0o600 });
  const target = new URL(dashboard.url).host;
  let config = readFileSync(path.join(PROM_DIR, "prometheus.yml"), "utf8");
  const swap = (from: string, to: string) => {
    assert.ok(config.includes(from), `deploy/prometheus/prometheus.yml: expected "${from}" (the test rewrites it)`);
    config = config.replace(from, to);
  };
  swap("scrape_interval: 15s", "scrape_interval: 1s");
  swap("evaluation_interval: 15s", "evaluation_interval: 1s");
  swap("scheme: https", "scheme: http");
  swap("/etc/prometheus/jetstream-watch.token", tokenFile);
  swap('["jsw.example.com"]', `["${target}"]`);
  swap("  - rules.yml", `  - ${path.join(PROM_DIR, "rules.yml")}`);
  const configFile = path.join(scratch, "prometheus.yml");
  writeFileSync(configFile, config);
  await run(locate({ tool: "promtool" }), ["check", "config", configFile]);
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  const log = path.join(scratch, "prometheus.log");
  prometheus = spawnLogged(locate({ tool: "prometheus" }), [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(scratch, "data")}`, `--web.listen-address=127.0.0.1:${port}`], log);
  await waitUntil("Prometheus to be ready", 30_000, async () => (await fetch(`${prometheusUrl}/-/ready`).catch(() => undefined))?.status === 200, () => tailOfFile(log));
}

before(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "jsw-prometheus-"));
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  traffic = harness.startTraffic({ ordersPerSec: 50, logsPerSec: 10, slowAckPerSec: 1 });
  dashboard = await startDashboard({ clusters: [harnessCluster(harness, "main")], pollIntervalMs: 1000, extraConfig: { metrics: { excludeStreams: ["LOG*"] } } });
  await waitUntil("the dashboard's first poll with every stream led", 30_000, async () => {
    const s = await snapshot();
    return s.streams?.length > 0 && s.streams.every((stream) => stream.truth === "leader");
  }, () => "no snapshot");
  const { cookie } = await signIn(dashboard.url, dashboard.username, dashboard.password);
  const made = await fetch(`${dashboard.url}/api/v1/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name: "prometheus", scope: "viewer" }),
  });
  assert.equal(made.status, 201, await made.clone().text());
  scrapeToken = ((await made.json()) as { token: string }).token;
  await startPrometheus();
});

after(async () => {
  await prometheus?.kill();
  await traffic?.stop();
  await dashboard?.stop();
  await harness?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("Prometheus export", () => {
  test("the rules check and pass their unit tests (promtool)", async () => {
    const promtool = locate({ tool: "promtool" });
    await run(promtool, ["check", "rules", path.join(PROM_DIR, "rules.yml")]);
    const tested = await run(promtool, ["test", "rules", "rules.test.yml"], { cwd: PROM_DIR });
    assert.match(tested.stdout, /SUCCESS/);
  });

  test("a scrape needs a token, and what it returns passes promtool check metrics", async () => {
    assert.equal((await metricsText(null)).status, 401);
    const scraped = await metricsText();
    assert.equal(scraped.status, 200);
    assert.match(scraped.type ?? "", /^text\/plain; version=0\.0\.4/);
    const promtool = spawn(locate({ tool: "promtool" }), ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    promtool.stdout.on("data", (c: Buffer) => (out += c));
    promtool.stderr.on("data", (c: Buffer) => (out += c));
    promtool.stdin.end(scraped.text);
    const code = await new Promise<number | null>((resolve) => promtool.on("close", resolve));
    assert.equal(code, 0, out);
    const openMetrics = await fetch(`${dashboard.url}/api/v1/metrics`, { headers: { authorization: `Bearer ${scrapeToken}`, accept: "application/openmetrics-text;version=1.0.0" } });
    assert.match(openMetrics.headers.get("content-type") ?? "", /^application\/openmetrics-text/);
    assert.match(await openMetrics.text(), /# EOF\n$/);
  });

  test("an excluded stream has no series; every consumer's series are its leader's numbers, once", async () => {
    await traffic.stop(); // freeze the counters so the comparison is exact
    await new Promise((r) => setTimeout(r, 3000));
    const { text } = await metricsText();
    assert.deepEqual(sampleValues(text, "jsw_stream_messages", { stream: "LOGS" }), []);
    assert.deepEqual(sampleValues(text, "jsw_consumer_pending_messages", { stream: "LOGS" }), []);
    assert.equal(sampleValues(text, "jsw_stream_messages", { stream: "ORDERS" }).length, 1);
    let compared = 0;
    for (const node of harness.nodes) {
      const jsz = (await (await fetch(`${node.monitorUrl}/jsz?accounts=true&streams=true&consumers=true`)).json()) as Jsz;
      for (const account of jsz.account_details ?? [])
        for (const stream of account.stream_detail ?? [])
          for (const c of stream.consumer_detail ?? []) {
            if (c.cluster?.leader !== node.name || stream.name !== "ORDERS") continue;
            const labels = { account: account.name, stream: stream.name, consumer: c.name };
            assert.deepEqual(sampleValues(text, "jsw_consumer_pending_messages", labels), [c.num_pending ?? 0], `${c.name}: one series, the leader's num_pending`);
            assert.deepEqual(sampleValues(text, "jsw_consumer_ack_pending_messages", labels), [c.num_ack_pending ?? 0]);
            compared++;
          }
    }
    assert.ok(compared >= 1, "ORDERS has a consumer to compare");
  });

  test("a scrape never reaches a node: scraping 40 times adds no /jsz request", async () => {
    const jszRequests = async () => {
      const varz = (await (await fetch(`${harness.nodes[0].monitorUrl}/varz`)).json()) as { http_req_stats?: Record<string, number> };
      return varz.http_req_stats?.["/jsz"] ?? 0;
    };
    const quiet0 = await jszRequests();
    await new Promise((r) => setTimeout(r, 3000));
    const quiet = (await jszRequests()) - quiet0;
    const busy0 = await jszRequests();
    const started = Date.now();
    for (let i = 0; i < 40; i++) await metricsText();
    await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - started))));
    const busy = (await jszRequests()) - busy0;
    assert.ok(busy <= quiet + 2, `/jsz requests in 3 s: ${quiet} without scrapes, ${busy} with 40 scrapes`);
  });

  test("Prometheus sees a SIGSTOPped follower's lag rise above 0, then fall to 0 after SIGCONT", async () => {
    traffic = harness.startTraffic({ ordersPerSec: 50, logsPerSec: 1, slowAckPerSec: 1 });
    const orders = (await snapshot()).streams.find((s) => s.name === "ORDERS");
    assert.ok(orders?.leader);
    const follower = harness.nodes.find((n) => n.name !== orders.leader && n.name !== (orders.leader ?? ""))?.name;
    assert.ok(follower);
    const lag = `jsw_stream_replica_lag_operations{stream="ORDERS",replica="${follower}"}`;
    let seen: string[] = [];
    await waitUntil(`Prometheus to have ${lag}`, 30_000, async () => (await query(lag)).length === 1, () => "no series");
    harness.stopNode(follower);
    try {
      await waitUntil(`${lag} > 0 in Prometheus`, 60_000, async () => {
        const result = await query(lag);
        seen = result.map((r) => r.value[1]);
        assert.ok(result.length <= 1, `one series per replica, got ${result.length}`);
        return result.length === 1 && Number(result[0].value[1]) > 0;
      }, () => `saw ${seen.join(", ")}`);
    } finally {
      harness.contNode(follower);
    }
    await waitUntil(`${lag} back to 0 after SIGCONT`, 60_000, async () => {
      const result = await query(lag);
      seen = result.map((r) => r.value[1]);
      return result.length === 1 && Number(result[0].value[1]) === 0;
    }, () => `saw ${seen.join(", ")}`);
  });
});
