/**
 * Alerts on a real cluster behind the real proxies: each scenario produces the situation for real
 * and waits for the collector's alert, with a webhook receiver that must hear firing and resolved.
 */
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { startCluster, type Harness } from "../harness/cluster";
import { collectorConfig } from "../harness/collector-config";
import { connectResilient } from "../harness/connection";
import { DEFAULT_THRESHOLDS } from "../../lib/model/thresholds";
import { ClusterCollector } from "../../lib/hub";
import { DEFAULT_ALERT_THRESHOLDS } from "../../lib/alerts/thresholds";

let harness: Harness;
let nc: NatsConnection;
let receiver: http.Server;
const webhooks: { status: string; alert: { rule: string; subjectLabel: string } }[] = [];

function collector(holdMs: number, withWebhook = false): ClusterCollector {
  const port = (receiver.address() as AddressInfo).port;
  return new ClusterCollector(collectorConfig(harness, "alerts"), 1000, 50, DEFAULT_THRESHOLDS, {
    holdMs,
    thresholds: DEFAULT_ALERT_THRESHOLDS,
    webhooks: withWebhook ? [{ url: `http://127.0.0.1:${port}/hook`, format: "json" }] : [],
  });
}

/** Polls until an alert of `rule` about `subject` fires (or `state` is reached), or fails. */
async function untilAlert(c: ClusterCollector, rule: string, subject: RegExp, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await c.collectOnce();
    const hit = c.alerts().firing().find((a) => a.rule === rule && subject.test(a.subjectLabel));
    if (hit) return hit;
    await sleep(250);
  }
  assert.fail(`no firing ${rule} alert for ${subject}; firing: ${JSON.stringify(c.alerts().firing().map((a) => [a.rule, a.subjectLabel]))}`);
}

async function withRetry<T>(action: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}

before(async () => {
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  nc = await connectResilient(harness.nodes.map((n) => n.clientUrl), harness.app, "alerts-integ");
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      webhooks.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
});

after(async () => {
  await nc?.close();
  receiver?.close();
  await harness?.stop();
});

describe("alerts on a real cluster", () => {
  test("a steady cluster has nothing firing", async () => {
    const c = collector(0);
    await c.collectOnce();
    await sleep(1100);
    await c.collectOnce();
    assert.deepEqual(c.alerts().firing().map((a) => `${a.rule} ${a.subjectLabel}: ${a.message}`), []);
    c.stop();
  });

  test("a stream filled past 90 % of max_bytes is critical", async () => {
    const jsm = await jetstreamManager(nc);
    await withRetry(() => jsm.streams.add({ name: "FULL", subjects: ["full.>"], max_bytes: 100_000, num_replicas: 1, storage: StorageType.File }));
    const js = jetstream(nc);
    while ((await jsm.streams.info("FULL")).state.bytes < 0.92 * 100_000) await js.publish("full.x", new Uint8Array(900));
    const c = collector(0);
    const alert = await untilAlert(c, "stream-limit", /FULL/);
    assert.equal(alert.severity, "critical");
    assert.match(alert.message, /9\d %/);
    c.stop();
  });

  test("a SIGSTOPped node: node-down fires after the hold, resolves after SIGCONT, and a webhook hears both", async () => {
    webhooks.length = 0;
    const holdMs = 3000;
    const c = collector(holdMs, true);
    const metaLeader = await harness.waitForMetaLeader();
    const victim = harness.nodes.find((n) => n.name !== metaLeader)!.name;
    await c.collectOnce();
    harness.stopNode(victim);
    const stoppedAt = Date.now();
    try {
      const alert = await untilAlert(c, "node-down", new RegExp(victim));
      assert.ok(Date.now() - stoppedAt >= holdMs, "not before the hold has passed");
      assert.equal(alert.severity, "critical");
      assert.ok(Date.parse(alert.firingSince!) - Date.parse(alert.pendingSince) >= holdMs);
    } finally {
      harness.contNode(victim);
    }
    const deadline = Date.now() + 30_000;
    while (c.alerts().firing().some((a) => a.rule === "node-down") && Date.now() < deadline) {
      await c.collectOnce();
      await sleep(250);
    }
    const resolved = c.alerts().history().find((a) => a.rule === "node-down");
    assert.ok(resolved && resolved.firedMs !== null && resolved.firedMs > 0);
    const until = Date.now() + 10_000;
    while (webhooks.filter((w) => w.alert.rule === "node-down").length < 2 && Date.now() < until) await sleep(100);
    assert.deepEqual(
      webhooks.filter((w) => w.alert.rule === "node-down").map((w) => w.status),
      ["firing", "resolved"],
    );
    c.stop();
  });

  test("a push consumer whose client cannot keep up produces a slow-consumer alert", async () => {
    // Its account-info request can time out right after the node-down test's restart on a loaded machine.
    const jsm = await withRetry(() => jetstreamManager(nc));
    await withRetry(() =>
      jsm.streams.add({ name: "FIREHOSE", subjects: ["firehose.>"], num_replicas: 1, storage: StorageType.File, retention: RetentionPolicy.Limits }),
    );
    const js = jetstream(nc);
    const chunk = new Uint8Array(512 * 1024);
    for (let i = 0; i < 200; i++) await js.publish("firehose.x", chunk); // 100 MiB, more than max_pending
    // A raw client that subscribes to the push consumer's delivery subject and then stops reading.
    const target = new URL(harness.nodes[0].clientUrl);
    const socket = net.connect(Number(target.port), target.hostname);
    await new Promise<void>((r) => socket.once("connect", () => r()));
    socket.write(`CONNECT ${JSON.stringify({ user: harness.app.user, pass: harness.app.password, verbose: false, pedantic: false, name: "stuck-reader" })}\r\nSUB deliver.stuck 1\r\nPING\r\n`);
    await sleep(200);
    socket.pause();
    await withRetry(() =>
      jsm.consumers.add("FIREHOSE", { durable_name: "stuck", deliver_subject: "deliver.stuck", ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All }),
    );
    const c = collector(0);
    await c.collectOnce();
    try {
      const deadline = Date.now() + 40_000;
      let fired: string | undefined;
      while (!fired && Date.now() < deadline) {
        await c.collectOnce();
        fired = c
          .alerts()
          .log()
          .find((t) => (t.rule === "slow-consumers" || t.rule === "slow-consumer-connection") && t.to === "firing")?.rule;
        await sleep(500);
      }
      assert.ok(fired, `no slow-consumer alert; log: ${JSON.stringify(c.alerts().log().slice(0, 5))}`);
    } finally {
      socket.destroy();
      c.stop();
    }
  });

  test("io.nats.monitor.unprocessed-critical on a consumer alerts at that number (2.10+)", async (t) => {
    if (harness.version.startsWith("2.9.")) {
      t.skip("consumer metadata exists from nats-server 2.10 on");
      return;
    }
    const jsm = await jetstreamManager(nc);
    await withRetry(() =>
      jsm.consumers.add("LOGS", { durable_name: "watched", ack_policy: AckPolicy.Explicit, metadata: { "io.nats.monitor.unprocessed-critical": "5" } }),
    );
    const js = jetstream(nc);
    const c = collector(0);
    const before = (await c.collectOnce()).consumers.find((x) => x.name === "watched")!.numPending!;
    for (let i = before; i < 4; i++) await js.publish("prod.logs.app", "x");
    await c.collectOnce();
    assert.ok(!c.alerts().firing().some((a) => a.rule === "consumer-unprocessed"), "4 is below the metadata threshold of 5");
    await js.publish("prod.logs.app", "x");
    const alert = await untilAlert(c, "consumer-unprocessed", /watched/);
    assert.equal(alert.threshold, 5);
    c.stop();
  });
});
