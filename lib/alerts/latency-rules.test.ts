/**
 * The latency and clock rules on a captured 2.14.5 cluster, with latency figures made the way the
 * collector makes them: probe outcomes recorded in a LatencyBook and turned into the snapshot's view.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import { LatencyBook } from "../model/latency/book";
import { latencyView, RECENT_WRITES_MS } from "../model/latency/view";
import type { ClusterSnapshot } from "../model/types";
import { canarySchema } from "../sources/canary/config";
import type { Measurement, ProberStatus } from "../sources/canary/measurement";
import { evaluateRules, type Finding } from "./rules";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./thresholds";

const T0 = Date.parse("2026-11-21T03:10:00Z");
const NODES = ["n1", "n2", "n3"];
const config = canarySchema.parse({ urls: NODES.map((n) => `nats://${n}.test:4222`), user: "app", password: "pw" });
const running: ProberStatus = {
  state: "running",
  message: null,
  nodes: NODES.map((name) => ({ name, url: `nats://${name}.test:4222`, connected: true })),
  stream: { name: "JSW_CANARY", replicas: 3, leader: "n2", ready: true },
  ackLatency: true,
  since: new Date(T0 - 600_000).toISOString(),
};

/** 300 probes over the five minutes before T0: writes via each node in turn, each delivered to all three. */
function probes(writeUs: (i: number) => number | null, pairUs: (from: string, to: string, i: number) => number): Measurement[] {
  const out: Measurement[] = [];
  for (let i = 0; i < 300; i++) {
    const at = T0 - 299_000 + i * 1000;
    const from = NODES[i % 3];
    const us = writeUs(i);
    out.push(us === null ? { kind: "write", via: from, at, us: null, outcome: "timeout" } : { kind: "write", via: from, at, us, outcome: "ok" });
    for (const to of NODES) out.push({ kind: "e2e", from, to, at, us: pairUs(from, to, i), outcome: "ok" });
  }
  return out;
}

/** The capture as read through an authenticating proxy (its own findings are not these tests'). */
function steady(): ClusterSnapshot {
  const s = snapshotFrom(scenarioPolls("2.14.5", "steady"), null, T0);
  return { ...s, nodes: s.nodes.map((n) => ({ ...n, monitorExposure: "authenticated" as const })) };
}

function withLatency(measurements: Measurement[], status: ProberStatus = running): ClusterSnapshot {
  const book = new LatencyBook(T0 - 600_000, 5000);
  for (const m of measurements) book.record(m);
  const s = steady();
  const latency = latencyView({ config, status, window: book.window(T0), recent: book.window(T0, RECENT_WRITES_MS), now: T0, consumers: s.consumers });
  return { ...s, latency };
}

function evaluate(s: ClusterSnapshot, thresholds: Partial<AlertThresholds> = {}): Finding[] {
  return evaluateRules({ snapshot: s, previous: null, thresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...thresholds }, now: T0 });
}

const brief = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.key}`);

describe("latency rules", () => {
  test("writes and pairs within their targets: nothing", () => {
    assert.deepEqual(brief(evaluate(withLatency(probes(() => 1800, () => 400)))), []);
  });

  test("a write p99 above 5 ms is a warning with the figures", () => {
    const findings = evaluate(withLatency(probes((i) => (i % 20 === 0 ? 9000 : 1800), () => 400)));
    assert.deepEqual(brief(findings), ["warning latency-write:cluster"]);
    assert.match(findings[0].message, /^JetStream write p99 over the last 5 min is 9\.0 ms \(target ≤ 5\.0 ms; 300 canary writes, p50 1\.8 ms\)$/);
  });

  test("pairs above 2 ms are named, worst first", () => {
    const slow = (from: string, to: string) => (to === "n3" && from !== "n3" ? 3100 : from === "n3" && to !== "n3" ? 2600 : 400);
    const findings = evaluate(withLatency(probes(() => 1800, slow)));
    assert.deepEqual(brief(findings), ["warning latency-end-to-end:cluster"]);
    assert.match(findings[0].message, /on 4 of 9 node pairs: n1 → n3 3\.1 ms, n2 → n3 3\.1 ms, n3 → n1 2\.6 ms, …$/);
  });

  test("writes that time out now are critical and say so, not a latency", () => {
    const findings = evaluate(withLatency(probes((i) => (i >= 290 ? null : 1800), () => 400)));
    assert.deepEqual(brief(findings), ["critical canary-writes-failing:cluster"]);
    assert.match(findings[0].message, /^10 of 31 canary writes to JSW_CANARY in the last 30 s did not complete \(10 timed out after 2 s\) via n1, n2, n3; the stream's last known leader: n2$/);
  });

  test("write timeouts via a node that does not answer are that node's alert only", () => {
    const s = withLatency(probes((i) => (i >= 290 && i % 3 === 2 ? null : 1800), () => 400));
    const n3Down = { ...s, nodes: s.nodes.map((n) => (n.name === "n3" ? { ...n, status: "down" as const, stale: true } : n)) };
    assert.ok(!evaluate(n3Down).some((f) => f.rule === "canary-writes-failing"), brief(evaluate(n3Down)).join());
    assert.deepEqual(brief(evaluate(s)), ["critical canary-writes-failing:cluster"]);
  });

  test("too few probes judge nothing; a canary that cannot measure says why", () => {
    const few = probes(() => 9000, () => 9000).filter((m) => m.at > T0 - 20_000);
    assert.deepEqual(brief(evaluate(withLatency(few))), []);
    const failed = evaluate(withLatency([], { ...running, state: "failed", message: "a stream named JSW_CANARY exists that the canary did not make" }));
    assert.deepEqual(brief(failed), ["warning canary-not-measuring:cluster"]);
    assert.match(failed[0].message, /did not make$/);
  });
});

describe("clock skew", () => {
  const skewed = (skewMs: number, errorMs: number) => {
    const s = steady();
    return { ...s, nodes: s.nodes.map((n) => ({ ...n, clock: n.name === "n3" ? { skewMs, errorMs } : { skewMs: 3, errorMs: 1 } })) };
  };

  test("a node 3 s ahead is named; the others are not", () => {
    const findings = evaluate(skewed(3004, 2));
    assert.deepEqual(brief(findings), ["warning clock-skew:n3"]);
    assert.match(findings[0].message, /^the clock of n3 is 3 s ahead of the dashboard's \(± 2 ms; warning beyond ± 500 ms\)/);
  });

  test("behind counts the same; within the error bound of the limit is not certain, so not alerted", () => {
    assert.deepEqual(brief(evaluate(skewed(-900, 5))), ["warning clock-skew:n3"]);
    assert.deepEqual(brief(evaluate(skewed(700, 250))), []);
    assert.deepEqual(brief(evaluate(skewed(700, 5), { clockSkewWarnMs: 1000 })), []);
  });
});

describe("the canary's own stream", () => {
  test("full at its max_msgs by design: no stream-limit alert for it; the same on a stream of the users' is one", () => {
    const s = withLatency(probes(() => 1500, () => 800));
    const full = (name: string) => ({ ...s.streams[0], name, messages: 1000, maxMsgs: 1000, maxBytes: null, maxConsumers: null, metadata: {} });
    assert.deepEqual(brief(evaluate({ ...s, streams: [full("JSW_CANARY")] })), []);
    assert.deepEqual(brief(evaluate({ ...s, streams: [full("ORDERS")] })), [`critical stream-limit:${s.streams[0].account}/ORDERS`]);
  });
});
