/**
 * Clock skew on a real 3-node cluster in which n3's clock runs 3 s ahead (a nats-server built to
 * read its wall clock with an offset, see clock-offset-nats-server.ts): read through the nginx
 * proxies and through the system account alike, n3 is 3 s ahead within the error bound, the
 * others are not, and the skew alert names n3 and no other node.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_ALERT_THRESHOLDS } from "../../lib/alerts/thresholds";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";
import { DEFAULT_THRESHOLDS } from "../../lib/model/thresholds";
import { startCluster, type Harness } from "../harness/cluster";
import { systemSource } from "../harness/cluster-entry";
import { collectorConfig, parsedCluster } from "../harness/collector-config";
import { CLOCK_OFFSET_ENV, clockOffsetNatsServer } from "./clock-offset-nats-server";

const AHEAD_MS = 3000;
const ALERTS = { holdMs: 1000, thresholds: DEFAULT_ALERT_THRESHOLDS, webhooks: [] };

let harness: Harness;
const collectors: ClusterCollector[] = [];

before(async () => {
  harness = await startCluster({ nodes: 3, natsServerBin: await clockOffsetNatsServer(), nodeEnv: { n3: { [CLOCK_OFFSET_ENV]: String(AHEAD_MS / 1000) } } });
});

after(async () => {
  for (const c of collectors) await c.close();
  await harness?.stop();
});

async function watch(name: string, config: ConstructorParameters<typeof ClusterCollector>[0]): Promise<ClusterSnapshot> {
  const collector = new ClusterCollector(config, 1000, 50, DEFAULT_THRESHOLDS, ALERTS);
  collectors.push(collector);
  collector.start();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = collector.snapshot();
    if (s && s.alerts.some((a) => a.rule === "clock-skew") && s.nodes.every((n) => n.clock !== null)) return s;
    if (Date.now() > deadline) throw new Error(`${name}: no clock-skew alert within 30 s; last: ${JSON.stringify(s?.nodes.map((n) => [n.name, n.clock]))}`);
    await sleep(200);
  }
}

for (const source of ["monitoring port (nginx)", "system account"] as const) {
  test(`a node 3 s ahead, read through the ${source}: its skew is measured and alerted, the others' are not`, async () => {
    const config =
      source === "system account"
        ? parsedCluster({ name: "sys", expectedNodes: 3, system: systemSource(harness, { timeoutMs: 2000, stallMs: 300 }) })
        : collectorConfig(harness, "http");
    const snapshot = await watch(source, config);
    console.log(`${source}: ${snapshot.nodes.map((n) => `${n.name} ${n.clock!.skewMs} ± ${n.clock!.errorMs} ms`).join(", ")}`);
    for (const n of snapshot.nodes) {
      const expected = n.name === "n3" ? AHEAD_MS : 0;
      // The truth is within the error bound; a few ms more for the time the server took to stamp its answer.
      assert.ok(Math.abs(n.clock!.skewMs - expected) <= n.clock!.errorMs + 50, `${n.name}: ${n.clock!.skewMs} ± ${n.clock!.errorMs} ms, expected ${expected}`);
    }
    const skewAlerts = snapshot.alerts.filter((a) => a.rule === "clock-skew");
    assert.deepEqual(skewAlerts.map((a) => a.subject), ["node n3"]);
    assert.match(skewAlerts[0].message, /^the clock of n3 is 3 s ahead of the dashboard's/);
  });
}
