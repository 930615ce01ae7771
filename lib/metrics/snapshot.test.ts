import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Registry } from "prom-client";
import type { AlertRecord } from "../alerts/engine";
import { CAPTURED_VERSIONS, failedOutcome, readFixture, scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import { LatencyBook } from "../model/latency/book";
import { latencyView, RECENT_WRITES_MS } from "../model/latency/view";
import { canarySchema } from "../sources/canary/config";
import type { Jsz } from "../sources/monitor-schemas";
import { DEFAULT_METRICS, type MetricsConfig } from "./config";
import { assetFilter, globToRegExp } from "./filter";
import { wantsOpenMetrics } from "./runtime";
import { registerSnapshotMetrics } from "./snapshot";

const T0 = Date.parse("2026-12-01T10:00:00Z");

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition parsed back into samples (names, labels, values). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `unparseable line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

async function metricsOf(version: string, scenario: string, config: MetricsConfig = DEFAULT_METRICS, alerts: AlertRecord[] = []): Promise<Sample[]> {
  const snapshot = snapshotFrom(scenarioPolls(version, scenario, { down: failedOutcome("timeout", "no answer") }), null, T0);
  const registry = new Registry();
  registerSnapshotMetrics(registry, [{ snapshot, alerts }], assetFilter(config), T0 + 1500);
  return parse(await registry.metrics());
}

const only = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** What each consumer's leader reports about it in the captured /jsz bodies. */
function leadersOwnConsumers(version: string, scenario: string, nodes: string[]): Map<string, { leader: string; numPending: number; numAckPending: number }> {
  const out = new Map<string, { leader: string; numPending: number; numAckPending: number }>();
  for (const node of nodes) {
    const jsz = readFixture(version, scenario, `${node}.jsz.json`) as Jsz;
    for (const account of jsz.account_details ?? [])
      for (const stream of account.stream_detail ?? [])
        for (const c of stream.consumer_detail ?? [])
          if (c.cluster?.leader === node) out.set(`${account.name}/${stream.name}/${c.name}`, { leader: node, numPending: c.num_pending ?? 0, numAckPending: c.num_ack_pending ?? 0 });
  }
  return out;
}

describe("Prometheus series from a snapshot", () => {
  for (const version of CAPTURED_VERSIONS) {
    test(`${version}: one series per consumer, equal to what its leader reports`, async () => {
      const samples = await metricsOf(version, "steady");
      const truth = leadersOwnConsumers(version, "steady", ["n1", "n2", "n3"]);
      assert.ok(truth.size > 0);
      for (const [key, leader] of truth) {
        const [account, stream, consumer] = key.split("/");
        const pending = only(samples, "jsw_consumer_pending_messages", { account, stream, consumer });
        assert.equal(pending.length, 1, `${key}: one series, not one per replica`);
        assert.equal(pending[0].value, leader.numPending, `${key}: the leader's num_pending`);
        assert.equal(only(samples, "jsw_consumer_ack_pending_messages", { account, stream, consumer })[0].value, leader.numAckPending);
        assert.deepEqual(only(samples, "jsw_consumer_leader", { account, stream, consumer }).map((s) => s.labels.node), [leader.leader]);
      }
    });
  }

  test("each stream once, with each follower's lag and state as its leader sees them", async () => {
    const samples = await metricsOf("2.14.5", "steady");
    const orders = { account: "APP", stream: "ORDERS" };
    assert.equal(only(samples, "jsw_stream_messages", orders).length, 1);
    const lag = only(samples, "jsw_stream_replica_lag_operations", orders);
    assert.equal(lag.length, 2, "an R3 stream has two followers");
    const leader = only(samples, "jsw_stream_leader", orders)[0].labels.node;
    assert.ok(lag.every((s) => s.labels.replica !== leader));
    assert.equal(only(samples, "jsw_stream_has_leader", orders)[0].value, 1);
  });

  test("a stream whose leader did not answer has no figures, only that it has a leader it cannot reach", async () => {
    const samples = await metricsOf("2.14.5", "leader-killed");
    const orders = { account: "APP", stream: "ORDERS" };
    assert.equal(only(samples, "jsw_stream_leader_reachable", orders)[0].value, 0);
    assert.equal(only(samples, "jsw_stream_messages", orders).length, 0, "no follower's count passed off as the stream's");
    assert.equal(only(samples, "jsw_stream_replica_lag_operations", orders).length, 0);
    const down = only(samples, "jsw_node_up").find((s) => s.value === 0);
    assert.ok(down, "the killed node is down");
    assert.equal(only(samples, "jsw_node_status", { node: down.labels.node, status: "down" })[0].value, 1);
  });

  test("include/exclude by stream and account, a cap per stream, ephemeral consumers off", async () => {
    const excluded = await metricsOf("2.14.5", "steady", { ...DEFAULT_METRICS, excludeStreams: ["LOG*"] });
    assert.equal(only(excluded, "jsw_stream_messages", { stream: "LOGS" }).length, 0);
    assert.equal(only(excluded, "jsw_consumer_pending_messages", { stream: "LOGS" }).length, 0, "an excluded stream's consumers go with it");
    assert.equal(only(excluded, "jsw_stream_messages", { stream: "ORDERS" }).length, 1);
    const otherAccount = await metricsOf("2.14.5", "steady", { ...DEFAULT_METRICS, includeAccounts: ["OTHER"] });
    assert.equal(only(otherAccount, "jsw_stream_messages").length, 0);
    const capped = await metricsOf("2.14.5", "steady", { ...DEFAULT_METRICS, maxConsumersPerStream: 1 });
    assert.equal(only(capped, "jsw_consumer_pending_messages", { stream: "LOGS" }).length, 1, "LOGS has two consumers; the cap keeps one");
    assert.equal(only(capped, "jsw_metrics_omitted_consumers")[0].value, 1);
    assert.ok(globToRegExp("ORD?RS").test("ORDERS") && !globToRegExp("ORD*").test("XORDERS") && globToRegExp("a.b*").test("a.bc") && !globToRegExp("a.b").test("axb"));
  });

  test("node counters are counters with _total; a firing alert is one series with its subject as labels", async () => {
    const alert: AlertRecord = {
      id: "replica-lag:APP/ORDERS/n2",
      rule: "replica-lag",
      severity: "warning",
      subject: { kind: "replica", account: "APP", stream: "ORDERS", node: "n2" },
      subjectLabel: "APP > ORDERS replica n2",
      message: "behind",
      value: 500,
      threshold: 200,
      state: "firing",
      pendingSince: new Date(T0 - 20_000).toISOString(),
      firingSince: new Date(T0 - 10_000).toISOString(),
      resolvedAt: null,
      firedMs: null,
      acknowledged: { by: "ops", at: new Date(T0).toISOString(), note: "" },
      silenced: null,
    };
    const samples = await metricsOf("2.14.5", "steady", DEFAULT_METRICS, [alert]);
    assert.equal(only(samples, "jsw_node_in_messages_total").length, 3);
    const firing = only(samples, "jsw_alert_firing");
    assert.equal(firing.length, 1);
    assert.deepEqual(firing[0].labels, { cluster: "test", rule: "replica-lag", severity: "warning", node: "", account: "APP", stream: "ORDERS", consumer: "", replica: "n2", acknowledged: "true", silenced: "false" });
    assert.equal(only(samples, "jsw_alerts", { state: "firing", severity: "warning" })[0].value, 1);
    assert.equal(only(samples, "jsw_alerts", { state: "pending", severity: "critical" })[0].value, 0);
    assert.equal(only(samples, "jsw_snapshot_age_seconds")[0].value, 1.5);
  });

  test("OpenMetrics when the scraper prefers it, else the text format", () => {
    const prometheus = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    assert.equal(wantsOpenMetrics(prometheus), true);
    assert.equal(wantsOpenMetrics("text/plain;version=0.0.4"), false);
    assert.equal(wantsOpenMetrics("*/*"), false);
    assert.equal(wantsOpenMetrics(null), false);
    assert.equal(wantsOpenMetrics("text/plain;q=0.9,application/openmetrics-text;q=0.5"), false);
  });
});

describe("latency series", () => {
  test("the canary's quantiles in seconds with its probes by outcome, pairs, round trips, acks and every node's clock", async () => {
    const base = snapshotFrom(scenarioPolls("2.14.5", "steady"), null, T0);
    const book = new LatencyBook(T0 - 60_000, 3000);
    for (let i = 0; i < 100; i++) {
      book.record({ kind: "write", via: "n1", at: T0 - 50_000 + i * 100, us: 2000, outcome: "ok" });
      book.record({ kind: "e2e", from: "n1", to: "n2", at: T0 - 50_000 + i * 100, us: 800, outcome: "ok" });
    }
    book.record({ kind: "write", via: "n2", at: T0 - 1000, us: null, outcome: "timeout" });
    book.record({ kind: "rtt", node: "n1", at: T0 - 1000, us: 300, outcome: "ok" });
    book.record({ kind: "ack", stream: "ORDERS", consumer: "order-processor", deliveries: 1, at: T0 - 1000, us: 52_000, outcome: "ok" });
    const config = canarySchema.parse({ urls: ["nats://n1:4222", "nats://n2:4222"], token: "t" });
    const status = { state: "running" as const, message: null, nodes: [], stream: { name: "JSW_CANARY", replicas: 2, leader: "n1", ready: true }, ackLatency: true, since: "" };
    const latency = latencyView({ config, status, window: book.window(T0), recent: book.window(T0, RECENT_WRITES_MS), now: T0, consumers: base.consumers });
    const snapshot = { ...base, latency, nodes: base.nodes.map((n) => ({ ...n, clock: { skewMs: n.name === "n3" ? 3000 : -2, errorMs: 1 } })) };
    const registry = new Registry();
    registerSnapshotMetrics(registry, [{ snapshot, alerts: [] }], assetFilter(DEFAULT_METRICS), T0);
    const samples = parse(await registry.metrics());
    const value = (name: string, labels: Record<string, string>) => only(samples, name, labels).map((s) => s.value);
    assert.deepEqual(value("jsw_canary_running", {}), [1]);
    assert.deepEqual(value("jsw_canary_target_seconds", { latency: "write" }), [0.005]);
    assert.ok(Math.abs(value("jsw_canary_write_latency_seconds", { quantile: "0.99" })[0] - 0.002) < 0.000005);
    assert.deepEqual(value("jsw_canary_write_latency_probes", { outcome: "ok" }), [100]);
    assert.deepEqual(value("jsw_canary_write_latency_probes", { outcome: "timeout" }), [1]);
    assert.ok(Math.abs(value("jsw_canary_pair_latency_seconds", { from: "n1", to: "n2", quantile: "0.5" })[0] - 0.0008) < 0.000005);
    assert.equal(value("jsw_canary_rtt_seconds", { node: "n1", quantile: "0.5" }).length, 1);
    assert.ok(value("jsw_consumer_ack_latency_seconds", { account: "APP", stream: "ORDERS", consumer: "order-processor", quantile: "0.5" })[0] >= 0.052);
    assert.deepEqual(value("jsw_node_clock_skew_seconds", { node: "n3" }), [3]);
    assert.deepEqual(value("jsw_node_clock_skew_seconds", { node: "n1" }), [-0.002]);
  });

  test("without a canary there are no canary series", async () => {
    const samples = await metricsOf("2.14.5", "steady");
    assert.deepEqual(samples.filter((s) => s.name.startsWith("jsw_canary_") || s.name.startsWith("jsw_consumer_ack_latency")), []);
  });
});
