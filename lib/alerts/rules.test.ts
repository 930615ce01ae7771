/**
 * The alert rules on real monitoring captures (every captured version, see model/__fixtures__/README.md)
 * edited into the situations each rule is for. The snapshot fields that come from connz and from
 * how a node was reached (pending connections, max_pending, monitoring-port exposure) and the
 * account views are set on the snapshot here, so each test states exactly what the rule sees.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CAPTURED_VERSIONS, failedOutcome, fixtureMeta, readFixture, scenarioPolls, snapshotFrom, type JszEdit } from "../model/__fixtures__/polls";
import type { AccountView, ClusterSnapshot, NodeView, PendingConnection } from "../model/types";
import type { NodePoll } from "../sources/http-monitor";
import type { EndpointOutcome } from "../sources/outcome";
import { isUnlimited, jszSchema, type Jsz, type PeerInfo, type Varz } from "../sources/monitor-schemas";
import { parseDurationMs } from "./metadata";
import { evaluateRules, RULES, type Finding, type RuleId } from "./rules";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./thresholds";

const T0 = Date.parse("2026-11-21T03:10:00Z");
const MIB = 1024 * 1024;
/** varz max_pending of every captured node. */
const MAX_PENDING_BYTES = 64 * MIB;
/** uint64 max as JSON.parse delivers it: how servers write "unlimited". */
const UINT64_MAX: number = JSON.parse("18446744073709551615");

type VarzEdit = (varz: Varz, node: string) => void;

interface Situation {
  scenario?: string;
  edit?: JszEdit;
  varz?: VarzEdit;
  /** Replaces the polls of one node, e.g. to make it fail. */
  poll?: { node: string; change: (poll: NodePoll) => NodePoll };
  previous?: ClusterSnapshot | null;
  at?: number;
}

/** A snapshot of a capture, edited; the fields normalize derives from connz and the poll URL are set explicitly. */
function snapshot(version: string, situation: Situation = {}): ClusterSnapshot {
  const polls = scenarioPolls(version, situation.scenario ?? "steady", { edit: situation.edit });
  for (const p of polls) if (p.varz.ok) situation.varz?.(p.varz.data, p.varz.data.server_name ?? p.url);
  const changed = polls.map((p) => (situation.poll && p.url.includes(`//${situation.poll.node}.`) ? situation.poll.change(p) : p));
  return explicit(snapshotFrom(changed, situation.previous ?? null, situation.at ?? T0), version);
}

function explicit(built: ClusterSnapshot, version: string): ClusterSnapshot {
  return {
    ...built,
    nodes: built.nodes.map((n) => ({ ...n, maxPendingBytes: MAX_PENDING_BYTES, topPendingConnections: [], monitorExposure: "authenticated" })),
    accounts: capturedAccounts(version),
  };
}

/** The APP account as the steady capture reports it: no JetStream limits (2^64−1 in the JSON). */
function capturedAccounts(version: string): AccountView[] {
  const jsz = jszSchema.parse(readFixture(version, "steady", "n1.jsz.json"));
  const app = jsz.account_details!.find((a) => a.name === "APP")!;
  const limit = (value: number | undefined) => (isUnlimited(value) ? null : value!);
  return [{ name: "APP", storageBytes: app.storage ?? 0, memoryBytes: app.memory ?? 0, storageLimitBytes: limit(app.reserved_storage), memoryLimitBytes: limit(app.reserved_memory) }];
}

function evaluate(current: ClusterSnapshot, options: { previous?: ClusterSnapshot | null; thresholds?: Partial<AlertThresholds>; now?: number } = {}): Finding[] {
  return evaluateRules({
    snapshot: current,
    previous: options.previous ?? null,
    thresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...options.thresholds },
    now: options.now ?? T0,
  });
}

/** "critical replica-lag:APP/ORDERS/n3": what a finding is about, in one comparable string. */
const brief = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.key}`);

const withNode = (s: ClusterSnapshot, name: string, change: Partial<NodeView>): ClusterSnapshot => ({
  ...s,
  nodes: s.nodes.map((n) => (n.name === name ? { ...n, ...change } : n)),
});

const streamsOf = (jsz: Jsz) => jsz.account_details?.flatMap((a) => a.stream_detail ?? []) ?? [];
const consumersOf = (jsz: Jsz) => streamsOf(jsz).flatMap((s) => s.consumer_detail ?? []);

function editStream(name: string, change: (stream: ReturnType<typeof streamsOf>[number]) => void): JszEdit {
  return (jsz) => {
    for (const s of streamsOf(jsz)) if (s.name === name) change(s);
  };
}

function editConsumer(name: string, change: (consumer: ReturnType<typeof consumersOf>[number]) => void): JszEdit {
  return (jsz) => {
    for (const c of consumersOf(jsz)) if (c.name === name) change(c);
  };
}

const both =
  (...edits: JszEdit[]): JszEdit =>
  (jsz, node) => {
    for (const edit of edits) edit(jsz, node);
  };

const down = (outcome: EndpointOutcome<never>) => (p: NodePoll): NodePoll => ({ ...p, varz: outcome, jsz: outcome, healthz: outcome });

// ---------------------------------------------------------------------------------------------

for (const version of CAPTURED_VERSIONS) {
  test(`${version}: a steady cluster gives no findings at all`, () => {
    const first = snapshot(version);
    const second = snapshot(version, { previous: first, at: T0 + 2000 });
    assert.deepEqual(brief(evaluate(first)), []);
    assert.deepEqual(brief(evaluate(second, { previous: first, now: T0 + 2000 })), []);
  });

  test(`${version}: a killed stream leader gives exactly one critical finding, node-down, and no replica findings for it`, () => {
    const killed = fixtureMeta(version, "leader-killed").stoppedOrKilled!;
    const steady = snapshot(version);
    const after = snapshot(version, { scenario: "leader-killed", previous: steady, at: T0 + 2000 });
    const findings = evaluate(after, { previous: steady, now: T0 + 2000 });
    assert.deepEqual(brief(findings.filter((f) => f.severity === "critical")), [`critical node-down:${killed}`]);
    assert.ok(!findings.some((f) => f.subject.kind === "replica" && f.subject.node === killed), brief(findings).join());
    assert.ok(!findings.some((f) => f.rule === "stream-leaderless"), "ORDERS' unreachable leader is the node that is down");
    assert.ok(brief(findings).includes("warning meta-quorum-at-risk:cluster"), "two of three answer: one more loss stops JetStream");
  });
}

test("a node never seen answering has only its address as name, so the stream it led is alerted on its own", () => {
  const killed = snapshot("2.9.10", { scenario: "leader-killed" });
  assert.deepEqual(brief(evaluate(killed)), [
    "critical node-down:n1.test:8222",
    "warning meta-quorum-at-risk:cluster",
    "warning stream-leaderless:APP/ORDERS",
  ]);
});

// ---------------------------------------------------------------------------------------------
// Nodes and the meta group (2.9.10: n1 leads ORDERS, n3 leads the meta group and LOGS; n2 leads nothing)

const nodeCases: { name: string; change: (p: NodePoll) => NodePoll; expect: string[] }[] = [
  {
    name: "refused",
    change: down(failedOutcome("refused", "connection refused")),
    expect: ["critical node-down:n2", "warning meta-quorum-at-risk:cluster"],
  },
  {
    name: "credentials rejected",
    change: down(failedOutcome("auth-failed", "401 Unauthorized")),
    expect: ["critical node-auth-failed:n2", "warning meta-quorum-at-risk:cluster"],
  },
  {
    name: "an answer that is not JSON",
    change: down(failedOutcome("bad-json", "<html>")),
    expect: ["warning meta-quorum-at-risk:cluster", "warning node-unhealthy:n2"],
  },
  {
    name: "only /jsz times out (degraded, still answering)",
    change: (p) => ({ ...p, jsz: failedOutcome("timeout", "no answer within 1500 ms") }),
    expect: ["warning node-unhealthy:n2"],
  },
];

for (const c of nodeCases) {
  test(`node n2 ${c.name}`, () => {
    const steady = snapshot("2.9.10");
    const findings = evaluate(snapshot("2.9.10", { poll: { node: "n2", change: c.change }, previous: steady }), { previous: steady });
    assert.deepEqual(brief(findings), c.expect);
  });
}

test("node-unhealthy says why: the node's status reason", () => {
  const steady = snapshot("2.9.10");
  const degraded = snapshot("2.9.10", { poll: { node: "n2", change: (p) => ({ ...p, jsz: failedOutcome("timeout", "no answer") }) }, previous: steady });
  const [finding] = evaluate(degraded, { previous: steady });
  assert.equal(finding.message, degraded.nodes.find((n) => n.name === "n2")!.statusReason);
  assert.match(finding.message, /JetStream data unavailable/);
});

test("2.14.5 after re-election: healthz 503 on both survivors makes them unhealthy, nothing else", () => {
  const steady = snapshot("2.14.5");
  const killed = snapshot("2.14.5", { scenario: "leader-killed", previous: steady, at: T0 + 2000 });
  const reelected = snapshot("2.14.5", { scenario: "leader-reelected", previous: killed, at: T0 + 8000 });
  assert.deepEqual(brief(evaluate(reelected, { previous: killed, now: T0 + 8000 })), [
    "critical node-down:n3",
    "warning meta-quorum-at-risk:cluster",
    "warning node-unhealthy:n1",
    "warning node-unhealthy:n2",
  ]);
});

test("fewer nodes known than expected", () => {
  const findings = evaluate({ ...snapshot("2.9.10"), expectedNodes: 4 });
  assert.deepEqual(brief(findings), ["warning meta-quorum-at-risk:cluster", "warning nodes-missing:cluster"]);
  assert.equal(findings.find((f) => f.rule === "nodes-missing")!.message, "3 of 4 expected nodes are known to the dashboard");
});

const metaCases: { name: string; edit: JszEdit; expect: string[] }[] = [
  {
    name: "no node names a meta leader",
    edit: (jsz) => {
      if (jsz.meta_cluster) jsz.meta_cluster.leader = undefined;
    },
    expect: ["critical no-meta-leader:cluster"],
  },
  {
    name: "JetStream is not clustered",
    edit: (jsz) => {
      jsz.meta_cluster = undefined;
    },
    expect: [],
  },
];

for (const c of metaCases) {
  test(`meta group: ${c.name}`, () => {
    assert.deepEqual(brief(evaluate(snapshot("2.9.10", { edit: c.edit }))), c.expect);
  });
}

test("2.15.3 with order-processor's leader stopped: both survivors' healthz 503 (the consumer is not current) make them unhealthy", () => {
  const stopped = fixtureMeta("2.15.3", "follower-stopped").stoppedOrKilled!;
  const steady = snapshot("2.15.3");
  const paused = snapshot("2.15.3", { scenario: "follower-stopped", previous: steady, at: T0 + 2000 });
  const findings = evaluate(paused, { previous: steady, now: T0 + 2000 });
  const survivors = ["n1", "n2", "n3"].filter((n) => n !== stopped);
  assert.deepEqual(brief(findings), [
    `critical node-down:${stopped}`,
    "warning meta-quorum-at-risk:cluster",
    ...survivors.map((n) => `warning node-unhealthy:${n}`),
  ]);
  assert.match(findings.find((f) => f.rule === "node-unhealthy")!.message, /order-processor' is not current/);
});

test("2.15.3 meta quorum rescue: one critical finding naming the nodes, with the lowered quorum when the leader runs it", () => {
  const metaLeader = fixtureMeta("2.15.3", "steady").metaLeader;
  const rescue = (nodes: string[]): JszEdit => (jsz, node) => {
    if (nodes.includes(node) && jsz.meta_cluster) Object.assign(jsz.meta_cluster, { rescue: true, quorum_needed: 1 });
  };
  const onLeader = evaluate(snapshot("2.15.3", { edit: rescue(["n1", "n2", "n3"]) }));
  assert.deepEqual(brief(onLeader), ["critical meta-quorum-rescue:cluster"]);
  assert.equal(
    onLeader[0].message,
    "a quorum rescue is active on n1, n2, n3: the meta group's quorum is unsafely lowered to 1 of 3 until the lost peers are removed or the rescue expires",
  );
  assert.deepEqual([onLeader[0].value, onLeader[0].threshold], [1, 2]);
  const follower = ["n1", "n2", "n3"].find((n) => n !== metaLeader)!;
  const onFollower = evaluate(snapshot("2.15.3", { edit: rescue([follower]) }));
  assert.equal(onFollower[0].message, `a quorum rescue is active on ${follower}: the meta group's quorum is unsafely lowered until the lost peers are removed or the rescue expires`);
  assert.equal(onFollower[0].value, null, "a follower's own quorum is not in the snapshot");
});

test("no /jsz answers at all: three unhealthy nodes, no meta-leader or stream alerts on top", () => {
  const steady = snapshot("2.9.10");
  const polls = scenarioPolls("2.9.10", "steady").map((p) => ({ ...p, jsz: failedOutcome("timeout", "no answer within 1500 ms") }));
  const blind = explicit(snapshotFrom(polls, steady, T0 + 2000), "2.9.10");
  assert.deepEqual(brief(evaluate(blind, { previous: steady })), ["warning node-unhealthy:n1", "warning node-unhealthy:n2", "warning node-unhealthy:n3"]);
});

// ---------------------------------------------------------------------------------------------
// Leaders

const dropLeader = (cluster: { leader?: string } | undefined) => {
  if (cluster) cluster.leader = undefined;
};

const leaderCases: { name: string; edit: JszEdit; expect: string[] }[] = [
  { name: "ORDERS without a leader", edit: editStream("ORDERS", (s) => dropLeader(s.cluster)), expect: ["critical stream-leaderless:APP/ORDERS"] },
  {
    name: "ORDERS and its consumer without a leader: the stream's alert stands for both",
    edit: both(
      editStream("ORDERS", (s) => dropLeader(s.cluster)),
      editConsumer("order-processor", (c) => dropLeader(c.cluster)),
    ),
    expect: ["critical stream-leaderless:APP/ORDERS"],
  },
  {
    name: "a consumer without a leader",
    edit: editConsumer("order-processor", (c) => dropLeader(c.cluster)),
    expect: ["warning consumer-leaderless:APP/ORDERS/order-processor"],
  },
  {
    name: "a leader no node of the dashboard is called",
    edit: editStream("ORDERS", (s) => {
      if (s.cluster) s.cluster.leader = "n9";
    }),
    expect: ["warning stream-leaderless:APP/ORDERS"],
  },
  {
    name: "a leader that answers but does not report its stream (no node alert covers it)",
    edit: (jsz, node) => {
      if (node !== "n1") return;
      for (const a of jsz.account_details ?? []) a.stream_detail = (a.stream_detail ?? []).filter((s) => s.name !== "ORDERS");
    },
    expect: ["warning stream-leaderless:APP/ORDERS"],
  },
];

for (const c of leaderCases) {
  test(`leaders: ${c.name}`, () => {
    assert.deepEqual(brief(evaluate(snapshot("2.9.10", { edit: c.edit }))), c.expect);
  });
}

// ---------------------------------------------------------------------------------------------
// Stream replicas, as the leader reports them (2.9.10: ORDERS led by n1, followers n2 and n3)

const SECOND_NS = 1_000_000_000;

const replicaCases: { name: string; peer: Partial<PeerInfo>; metadata?: Record<string, string>; expect: [string, RuleId][] }[] = [
  { name: "412 operations behind", peer: { lag: 412 }, expect: [["critical", "replica-lag"]] },
  { name: "exactly 200 behind is not above the threshold", peer: { lag: 200 }, expect: [] },
  { name: "offline", peer: { offline: true }, expect: [["critical", "replica-offline"]] },
  { name: "offline and lagging: one finding", peer: { offline: true, lag: 500, current: false }, expect: [["critical", "replica-offline"]] },
  { name: "not heard from for 7 s", peer: { active: 7 * SECOND_NS }, expect: [["critical", "replica-not-seen"]] },
  { name: "5.9 s counts as 5 s (activeMs is in whole seconds): not above 5 s", peer: { active: 5.9 * SECOND_NS }, expect: [] },
  { name: "never heard from and not current", peer: { active: 0, current: false }, expect: [["critical", "replica-not-seen"]] },
  { name: "unseen and lagging: the silence is the cause", peer: { active: 9 * SECOND_NS, lag: 900 }, expect: [["critical", "replica-not-seen"]] },
  { name: "peer-lag-critical 50 on this stream, 60 behind", peer: { lag: 60 }, metadata: { "io.nats.monitor.peer-lag-critical": "50" }, expect: [["critical", "replica-lag"]] },
  { name: "peer-lag-critical 0 turns the lag check off", peer: { lag: 5000 }, metadata: { "io.nats.monitor.peer-lag-critical": "0" }, expect: [] },
  { name: "peer-seen-critical 10s, seen 7 s ago", peer: { active: 7 * SECOND_NS }, metadata: { "io.nats.monitor.peer-seen-critical": "10s" }, expect: [] },
  { name: "peer-seen-critical 2s, seen 3 s ago", peer: { active: 3 * SECOND_NS }, metadata: { "io.nats.monitor.peer-seen-critical": "2s" }, expect: [["critical", "replica-not-seen"]] },
  { name: "an unreadable peer-lag-critical keeps the default", peer: { lag: 300 }, metadata: { "io.nats.monitor.peer-lag-critical": "lots" }, expect: [["critical", "replica-lag"]] },
];

for (const c of replicaCases) {
  test(`replica n3 of ORDERS: ${c.name}`, () => {
    const edit = editStream("ORDERS", (s) => {
      for (const r of s.cluster?.replicas ?? []) if (r.name === "n3") Object.assign(r, c.peer);
      if (c.metadata && s.config) s.config.metadata = c.metadata;
    });
    const findings = evaluate(snapshot("2.9.10", { edit }));
    assert.deepEqual(brief(findings), c.expect.map(([severity, rule]) => `${severity} ${rule}:APP/ORDERS/n3`));
  });
}

test("replica-lag says how far behind, behind whom, and the threshold", () => {
  const edit = editStream("ORDERS", (s) => {
    for (const r of s.cluster?.replicas ?? []) if (r.name === "n3") r.lag = 412;
  });
  const [finding] = evaluate(snapshot("2.9.10", { edit }));
  assert.equal(finding.message, "n3 is 412 operations behind the leader n1 (critical above 200)");
  assert.equal(finding.subjectLabel, "APP > ORDERS replica n3");
  assert.deepEqual([finding.value, finding.threshold], [412, 200]);
});

test("peer-lag-critical lowers the lag threshold for its own stream only", () => {
  // PAYMENTS: a copy of ORDERS on the same nodes without metadata; both have n3 60 operations behind.
  const edit: JszEdit = (jsz) => {
    for (const a of jsz.account_details ?? []) {
      const orders = (a.stream_detail ?? []).find((s) => s.name === "ORDERS");
      if (!orders) continue;
      for (const r of orders.cluster?.replicas ?? []) if (r.name === "n3") r.lag = 60;
      const payments = structuredClone({ ...orders, name: "PAYMENTS", consumer_detail: [] });
      if (orders.config) orders.config.metadata = { "io.nats.monitor.peer-lag-critical": "50" };
      a.stream_detail = [...(a.stream_detail ?? []), payments];
    }
  };
  const findings = evaluate(snapshot("2.9.10", { edit }));
  assert.deepEqual(brief(findings), ["critical replica-lag:APP/ORDERS/n3"]);
  assert.match(findings[0].message, /critical above 50, set by io\.nats\.monitor\.peer-lag-critical/);
});

test("a stopped follower: node-down only, although its leader sees it lagging and unseen", () => {
  const meta = fixtureMeta("2.9.10", "follower-stopped");
  const steady = snapshot("2.9.10");
  const edit = editStream("ORDERS", (s) => {
    for (const r of s.cluster?.replicas ?? []) if (r.name === meta.stoppedOrKilled) Object.assign(r, { lag: 900, active: 30 * SECOND_NS });
  });
  const stopped = snapshot("2.9.10", { scenario: "follower-stopped", edit, previous: steady, at: T0 + 2000 });
  const findings = evaluate(stopped, { previous: steady, now: T0 + 2000 });
  assert.deepEqual(brief(findings), [`critical node-down:${meta.stoppedOrKilled}`, "warning meta-quorum-at-risk:cluster"]);
});

// ---------------------------------------------------------------------------------------------
// Storage and limits (captured nodes: max_storage 1 GiB, max_memory 256 MiB)

const GIB = 1024 * MIB;

const nodeUsageCases: { name: string; edit: JszEdit; expect: string[] }[] = [
  { name: "storage at 80 %", edit: (jsz, node) => node === "n3" && (jsz.storage = 0.8 * GIB), expect: ["warning node-storage:n3"] },
  { name: "storage at 95 %", edit: (jsz, node) => node === "n3" && (jsz.storage = 0.95 * GIB), expect: ["critical node-storage:n3"] },
  {
    name: "storage huge but the limit is 2^64−1 (unlimited)",
    edit: (jsz, node) => {
      if (node !== "n3" || !jsz.config) return;
      jsz.storage = 900 * GIB;
      jsz.config.max_storage = UINT64_MAX;
    },
    expect: [],
  },
  { name: "memory at 90 %", edit: (jsz, node) => node === "n1" && (jsz.memory = 0.9 * 256 * MIB), expect: ["critical node-memory:n1"] },
  { name: "memory at 74 %", edit: (jsz, node) => node === "n1" && (jsz.memory = 0.74 * 256 * MIB), expect: [] },
];

for (const c of nodeUsageCases) {
  test(`node JetStream usage: ${c.name}`, () => {
    assert.deepEqual(brief(evaluate(snapshot("2.9.10", { edit: c.edit }))), c.expect);
  });
}

test("node-storage names the bytes, the share and the threshold", () => {
  const [finding] = evaluate(snapshot("2.9.10", { edit: (jsz, node) => node === "n3" && (jsz.storage = 0.95 * GIB) }));
  assert.equal(finding.message, "n3 uses 973 MiB of JetStream file storage, 95 % of its 1.0 GiB limit (critical at 90 %)");
});

const accountCases: { name: string; account: Partial<AccountView>; expect: string[] }[] = [
  { name: "storage at 80 % of its limit", account: { storageBytes: 800, storageLimitBytes: 1000 }, expect: ["warning account-storage:APP"] },
  { name: "storage at 95 % of its limit", account: { storageBytes: 950, storageLimitBytes: 1000 }, expect: ["critical account-storage:APP"] },
  { name: "memory at 76 % of its limit", account: { memoryBytes: 760, memoryLimitBytes: 1000 }, expect: ["warning account-memory:APP"] },
  { name: "a terabyte stored without a limit", account: { storageBytes: 1e12, storageLimitBytes: null }, expect: [] },
];

for (const c of accountCases) {
  test(`account APP: ${c.name}`, () => {
    const s = snapshot("2.9.10");
    assert.equal(s.accounts[0].storageLimitBytes, null, "the capture's APP account is unlimited");
    const findings = evaluate({ ...s, accounts: s.accounts.map((a) => ({ ...a, ...c.account })) });
    assert.deepEqual(brief(findings), c.expect);
  });
}

// LOGS (2.9.10, led by n3) holds 51 messages, 6519 bytes and 2 consumers.
const streamLimitCases: { name: string; config: Record<string, unknown>; expect: string[] }[] = [
  { name: "no limits (-1, as captured)", config: {}, expect: [] },
  { name: "51 of max_msgs 60 (85 %)", config: { max_msgs: 60 }, expect: ["warning stream-limit:APP/LOGS"] },
  { name: "51 of max_msgs 55 (92.7 %)", config: { max_msgs: 55 }, expect: ["critical stream-limit:APP/LOGS"] },
  { name: "6519 of max_bytes 8000 (81.5 %)", config: { max_bytes: 8000 }, expect: ["warning stream-limit:APP/LOGS"] },
  { name: "max_bytes 2^64−1 (unlimited)", config: { max_bytes: UINT64_MAX }, expect: [] },
  { name: "2 of max_consumers 2, and max_msgs at 85 %: the worst wins", config: { max_consumers: 2, max_msgs: 60 }, expect: ["critical stream-limit:APP/LOGS"] },
  { name: "msgs-critical 60: 51 messages is at or below it (natscli: fewer than expected)", config: { metadata: { "io.nats.monitor.msgs-critical": "60" } }, expect: ["critical stream-limit:APP/LOGS"] },
  { name: "msgs-critical 50: 51 messages is above it", config: { metadata: { "io.nats.monitor.msgs-critical": "50" } }, expect: [] },
  { name: "msgs-warn 51", config: { metadata: { "io.nats.monitor.msgs-warn": "51" } }, expect: ["warning stream-limit:APP/LOGS"] },
];

for (const c of streamLimitCases) {
  test(`stream LOGS: ${c.name}`, () => {
    const edit = editStream("LOGS", (s) => Object.assign(s.config ?? {}, c.config));
    assert.deepEqual(brief(evaluate(snapshot("2.9.10", { edit }))), c.expect);
  });
}

test("stream-limit names the limit that is nearest", () => {
  const edit = editStream("LOGS", (s) => Object.assign(s.config ?? {}, { max_consumers: 2, max_msgs: 60 }));
  const [finding] = evaluate(snapshot("2.9.10", { edit }));
  assert.match(finding.message, /^LOGS holds 2 consumers of its max_consumers 2, 100 % \(critical at 90 %\)/);
  assert.deepEqual([finding.value, finding.threshold], [100, 90]);
});

// ---------------------------------------------------------------------------------------------
// Slow consumers

const slowConsumerCases: {
  name: string;
  version: string;
  before: VarzEdit;
  after: VarzEdit;
  expect: string[];
  kinds?: RegExp;
}[] = [
  {
    name: "2.14.5: the counter grew by 3, two clients and a route",
    version: "2.14.5",
    before: () => {},
    after: (v, node) => {
      if (node !== "n1") return;
      v.slow_consumers = 3;
      v.slow_consumer_stats = { clients: 2, routes: 1, gateways: 0, leafs: 0 };
    },
    expect: ["warning slow-consumers:n1"],
    kinds: /\(clients \+2, routes \+1\)/,
  },
  {
    name: "2.9.10 has no slow_consumer_stats: the total only",
    version: "2.9.10",
    before: () => {},
    after: (v, node) => node === "n1" && (v.slow_consumers = 2),
    expect: ["warning slow-consumers:n1"],
    kinds: /^n1 counted 2 new slow consumers since the previous poll; 2 since it started$/,
  },
  {
    name: "restarted: the counter went from 5 to 0",
    version: "2.14.5",
    before: (v, node) => node === "n1" && (v.slow_consumers = 5),
    after: () => {},
    expect: [],
  },
  {
    name: "restarted (another start time) and the counter grew from 0 to 2",
    version: "2.14.5",
    before: () => {},
    after: (v, node) => {
      if (node !== "n1") return;
      v.slow_consumers = 2;
      v.start = "2026-11-21T03:09:58Z";
    },
    expect: [],
  },
  { name: "unchanged", version: "2.9.10", before: (v) => (v.slow_consumers = 4), after: (v) => (v.slow_consumers = 4), expect: [] },
];

for (const c of slowConsumerCases) {
  test(`slow consumers: ${c.name}`, () => {
    const previous = snapshot(c.version, { varz: c.before });
    const current = snapshot(c.version, { varz: c.after, previous, at: T0 + 2000 });
    const findings = evaluate(current, { previous, now: T0 + 2000 });
    assert.deepEqual(brief(findings), c.expect);
    if (c.kinds) assert.match(findings[0].message, c.kinds);
  });
}

test("slow consumers: no previous poll, no alert", () => {
  assert.deepEqual(brief(evaluate(snapshot("2.9.10", { varz: (v) => (v.slow_consumers = 7) }))), []);
});

const connection = (pendingBytes: number, cid = 42): PendingConnection => ({ cid, name: "orders-worker", account: "APP", ip: "10.0.0.5", pendingBytes });

const pendingCases: { name: string; node: Partial<NodeView>; expect: string[] }[] = [
  { name: "40 MiB of 64 MiB pending", node: { topPendingConnections: [connection(40 * MIB), connection(1024, 43)] }, expect: ["warning slow-consumer-connection:n1"] },
  { name: "exactly half of max_pending", node: { topPendingConnections: [connection(32 * MIB)] }, expect: ["warning slow-consumer-connection:n1"] },
  { name: "just under half", node: { topPendingConnections: [connection(32 * MIB - 1)] }, expect: [] },
  { name: "connections not read", node: { topPendingConnections: null }, expect: [] },
  { name: "max_pending unknown", node: { maxPendingBytes: null, topPendingConnections: [connection(40 * MIB)] }, expect: [] },
];

for (const c of pendingCases) {
  test(`pending connection on n1: ${c.name}`, () => {
    assert.deepEqual(brief(evaluate(withNode(snapshot("2.9.10"), "n1", c.node))), c.expect);
  });
}

test("slow-consumer-connection names the connection, its share and the count of others", () => {
  const s = withNode(snapshot("2.9.10"), "n1", { topPendingConnections: [connection(40 * MIB), connection(36 * MIB, 43), connection(1024, 44)] });
  const [finding] = evaluate(s);
  assert.match(finding.message, /^connection "orders-worker", cid 42, account APP, 10\.0\.0\.5 has 40\.0 MiB waiting to be sent, 62\.5 % of max_pending 64\.0 MiB \(warning at 50 %\)/);
  assert.match(finding.message, /and 1 more connection past 50 %$/);
});

// ---------------------------------------------------------------------------------------------
// Consumers (2.9.10, all led by n3): log-archiver 45 pending and 1 ack pending; log-indexer 1
// pull waiting; order-processor 1 ack pending.

const archiverDelivery = Date.parse("2026-11-21T03:07:55.363Z");
const archiverAck = Date.parse("2026-11-21T03:07:55.362Z");

const consumerCases: {
  name: string;
  consumer: string;
  change?: (c: ReturnType<typeof consumersOf>[number]) => void;
  metadata?: Record<string, string>;
  thresholds?: Partial<AlertThresholds>;
  now?: number;
  expect: string[];
}[] = [
  { name: "unprocessed-critical 5 with 5 pending", consumer: "log-archiver", change: (c) => (c.num_pending = 5), metadata: { "io.nats.monitor.unprocessed-critical": "5" }, expect: ["critical consumer-unprocessed:APP/LOGS/log-archiver"] },
  { name: "unprocessed-critical 5 with 4 pending", consumer: "log-archiver", change: (c) => (c.num_pending = 4), metadata: { "io.nats.monitor.unprocessed-critical": "5" }, expect: [] },
  { name: "a global unprocessed threshold of 40", consumer: "log-archiver", thresholds: { unprocessedCritical: 40 }, expect: ["critical consumer-unprocessed:APP/LOGS/log-archiver"] },
  { name: "metadata 0 turns the global threshold off for this consumer", consumer: "log-archiver", metadata: { "io.nats.monitor.unprocessed-critical": "0" }, thresholds: { unprocessedCritical: 40 }, expect: [] },
  { name: "unreadable metadata keeps the global threshold", consumer: "log-archiver", metadata: { "io.nats.monitor.unprocessed-critical": "many" }, thresholds: { unprocessedCritical: 40 }, expect: ["critical consumer-unprocessed:APP/LOGS/log-archiver"] },
  { name: "outstanding-ack-critical 1", consumer: "order-processor", metadata: { "io.nats.monitor.outstanding-ack-critical": "1" }, expect: ["critical consumer-ack-pending:APP/ORDERS/order-processor"] },
  { name: "redelivery-critical 3 with 3 redelivered", consumer: "log-archiver", change: (c) => (c.num_redelivered = 3), metadata: { "io.nats.monitor.redelivery-critical": "3" }, expect: ["critical consumer-redelivered:APP/LOGS/log-archiver"] },
  { name: "waiting-critical 1 with 1 pull waiting", consumer: "log-indexer", metadata: { "io.nats.monitor.waiting-critical": "1" }, expect: ["critical consumer-waiting:APP/LOGS/log-indexer"] },
  { name: "last-delivery-critical 1m, pending, 2 min since the last delivery", consumer: "log-archiver", metadata: { "io.nats.monitor.last-delivery-critical": "1m" }, now: archiverDelivery + 120_000, expect: ["critical consumer-no-delivery:APP/LOGS/log-archiver"] },
  { name: "last-delivery-critical 1m, 30 s since the last delivery", consumer: "log-archiver", metadata: { "io.nats.monitor.last-delivery-critical": "1m" }, now: archiverDelivery + 30_000, expect: [] },
  { name: "last-delivery-critical 1m, long silent but nothing pending", consumer: "log-archiver", change: (c) => (c.num_pending = 0), metadata: { "io.nats.monitor.last-delivery-critical": "1m" }, now: archiverDelivery + 600_000, expect: [] },
  { name: "a global last-delivery threshold of 1 min", consumer: "log-archiver", thresholds: { lastDeliveryCriticalMs: 60_000 }, now: archiverDelivery + 120_000, expect: ["critical consumer-no-delivery:APP/LOGS/log-archiver"] },
  { name: "last-ack-critical 30s, an ack outstanding, 1 min since the last ack", consumer: "log-archiver", metadata: { "io.nats.monitor.last-ack-critical": "30s" }, now: archiverAck + 60_000, expect: ["critical consumer-no-ack:APP/LOGS/log-archiver"] },
  { name: "last-ack-critical 30s, no ack outstanding", consumer: "log-indexer", metadata: { "io.nats.monitor.last-ack-critical": "30s" }, now: archiverAck + 600_000, expect: [] },
];

for (const c of consumerCases) {
  test(`consumer ${c.consumer}: ${c.name}`, () => {
    const edit = editConsumer(c.consumer, (consumer) => {
      c.change?.(consumer);
      if (c.metadata && consumer.config) consumer.config.metadata = c.metadata;
    });
    const findings = evaluate(snapshot("2.9.10", { edit }), { thresholds: c.thresholds, now: c.now });
    assert.deepEqual(brief(findings), c.expect);
  });
}

test("consumer findings carry the count and the level that was crossed", () => {
  const edit = editConsumer("log-archiver", (c) => {
    c.num_pending = 5;
    if (c.config) c.config.metadata = { "io.nats.monitor.unprocessed-critical": "5" };
  });
  const [finding] = evaluate(snapshot("2.9.10", { edit }));
  assert.equal(finding.message, "log-archiver has 5 messages not yet delivered (critical at 5, set by io.nats.monitor.unprocessed-critical)");
  assert.equal(finding.subjectLabel, "APP > LOGS > log-archiver");
  assert.deepEqual([finding.value, finding.threshold], [5, 5]);
});

test("consumer-no-delivery says how long nothing was delivered, or that nothing ever was", () => {
  const metadata = { "io.nats.monitor.last-delivery-critical": "1m" };
  const silent = editConsumer("log-archiver", (c) => {
    if (c.config) c.config.metadata = metadata;
  });
  const [late] = evaluate(snapshot("2.9.10", { edit: silent }), { now: archiverDelivery + 120_000 });
  assert.equal(late.message, "log-archiver has 45 messages pending and delivered nothing for 2 min (critical above 1 min, set by io.nats.monitor.last-delivery-critical)");
  const never = editConsumer("log-archiver", (c) => {
    if (c.config) c.config.metadata = metadata;
    c.delivered = { ...c.delivered, last_active: undefined };
  });
  const [first] = evaluate(snapshot("2.9.10", { edit: never }));
  assert.match(first.message, /45 messages pending and has never delivered one/);
  assert.equal(first.value, null);
});

test("consumers whose leader cannot be read are not checked against thresholds", () => {
  // 2.14.5 leader-killed: order-processor's leader n3 is the killed node.
  const steady = snapshot("2.14.5");
  const killed = snapshot("2.14.5", { scenario: "leader-killed", previous: steady, at: T0 + 2000 });
  assert.equal(killed.consumers.find((c) => c.name === "order-processor")!.truth, "leader-unreachable");
  const findings = evaluate(killed, { previous: steady, thresholds: { unprocessedCritical: 1, outstandingAckCritical: 1, waitingCritical: 1 } });
  assert.ok(!findings.some((f) => f.subject.kind === "consumer" && f.subject.consumer === "order-processor"), brief(findings).join());
});

// ---------------------------------------------------------------------------------------------
// Servers

test("versions differ between answering nodes", () => {
  const findings = evaluate(snapshot("2.9.10", { varz: (v, node) => node === "n2" && (v.version = "2.10.27") }));
  assert.deepEqual(brief(findings), ["warning versions-differ:cluster"]);
  assert.equal(findings[0].message, "nodes run different nats-server versions: 2.10.27 (n2), 2.9.10 (n1, n3)");
});

test("a node that is down does not count with the version it had", () => {
  const steady = snapshot("2.9.10", { varz: (v, node) => node === "n1" && (v.version = "2.9.9") });
  const killed = snapshot("2.9.10", { scenario: "leader-killed", previous: steady, at: T0 + 2000 });
  assert.ok(!evaluate(killed, { previous: steady }).some((f) => f.rule === "versions-differ"));
});

const cpuCases: { name: string; cpu: number; cores?: number; expect: string[] }[] = [
  { name: "150 % on 2 cores (75 % per core)", cpu: 150, cores: 2, expect: [] },
  { name: "170 % on 2 cores (85 % per core)", cpu: 170, cores: 2, expect: ["warning node-cpu:n1"] },
  { name: "192 % on 2 cores (96 % per core)", cpu: 192, cores: 2, expect: ["critical node-cpu:n1"] },
  { name: "85 % with the core count unknown", cpu: 85, expect: ["warning node-cpu:n1"] },
];

for (const c of cpuCases) {
  test(`cpu: ${c.name}`, () => {
    const varz: VarzEdit = (v, node) => {
      if (node !== "n1") return;
      v.cpu = c.cpu;
      v.cores = c.cores;
    };
    assert.deepEqual(brief(evaluate(snapshot("2.9.10", { varz }))), c.expect);
  });
}

test("resident memory: off by default, a warning past the configured size", () => {
  const s = snapshot("2.9.10"); // n1 and n3 at 18.1 MiB, n2 at 16.3 MiB
  assert.deepEqual(brief(evaluate(s)), []);
  assert.deepEqual(brief(evaluate(s, { thresholds: { memoryRssWarnBytes: 17 * MIB } })), ["warning node-rss:n1", "warning node-rss:n3"]);
});

const exposureCases: { exposure: NodeView["monitorExposure"]; expect: string[] }[] = [
  { exposure: "open", expect: ["critical monitor-port-open:n1"] },
  { exposure: "loopback", expect: [] },
  { exposure: "authenticated", expect: [] },
  { exposure: null, expect: [] },
];

for (const c of exposureCases) {
  test(`monitoring port of n1: ${c.exposure}`, () => {
    const findings = evaluate(withNode(snapshot("2.9.10"), "n1", { monitorExposure: c.exposure }));
    assert.deepEqual(brief(findings), c.expect);
    if (c.exposure === "open") assert.match(findings[0].message, /without authentication.*high risk.*proxy that authenticates.*system account/);
  });
}

// ---------------------------------------------------------------------------------------------
// The whole

test("findings are sorted critical first, then by key", () => {
  const s = withNode(
    snapshot("2.9.10", { varz: (v, node) => node === "n2" && (v.version = "2.10.27") }),
    "n3",
    { monitorExposure: "open", topPendingConnections: [connection(60 * MIB)] },
  );
  const findings = evaluate({ ...s, expectedNodes: 4 });
  assert.deepEqual(brief(findings), [
    "critical monitor-port-open:n3",
    "warning meta-quorum-at-risk:cluster",
    "warning nodes-missing:cluster",
    "warning slow-consumer-connection:n3",
    "warning versions-differ:cluster",
  ]);
});

test("RULES lists every rule once, each with a one-line description", () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(ids.length, 34);
  for (const rule of RULES) assert.match(rule.description, /^[A-Z][^\n]+\.$/, rule.id);
});

// ---------------------------------------------------------------------------------------------
// Durations in `io.nats.monitor.*` metadata

const durationCases: [string, number | null][] = [
  ["10s", 10_000],
  ["1m30s", 90_000],
  ["500ms", 500],
  ["1.5h", 5_400_000],
  ["2h45m", 9_900_000],
  ["100us", 0.1],
  ["100µs", 0.1],
  ["2d", 172_800_000],
  ["1w", 604_800_000],
  ["10", 10_000],
  ["0", 0],
  [" 5s ", 5000],
  ["", null],
  ["s", null],
  ["10 s", null],
  ["-5s", null],
  ["5x", null],
  ["1m30", null],
  ["1e3s", null],
  ["soon", null],
];

for (const [text, ms] of durationCases) {
  test(`duration ${JSON.stringify(text)} is ${ms === null ? "not a duration" : `${ms} ms`}`, () => {
    assert.equal(parseDurationMs(text), ms);
  });
}
