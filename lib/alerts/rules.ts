/**
 * Alert rules: pure functions from one snapshot (and the one before it) to findings. No I/O and
 * no clock but `now`. Defaults and per-asset `io.nats.monitor.*` metadata follow
 * `nats server check` (shared/nats-monitoring-reference.md §6.3).
 *
 * One cause, one alert: a node that does not answer gets node-down, and neither the replicas it
 * hosts nor the assets it leads are alerted again for it.
 */
import { formatBytes, formatDurationMs, formatExact } from "../format";
import { isAnswering as answering, quorumOf, streamKey } from "../model/assets";
import type { ConsumerView, MergedSnapshot, NodeStatus, NodeView, ReplicaView, StreamView } from "../model/types";
import type { AlertThresholds } from "./thresholds";

export type RuleId =
  | "node-down"
  | "node-auth-failed"
  | "node-unhealthy"
  | "nodes-missing"
  | "no-meta-leader"
  | "meta-quorum-at-risk"
  | "stream-leaderless"
  | "consumer-leaderless"
  | "replica-offline"
  | "replica-lag"
  | "replica-not-seen"
  | "node-storage"
  | "node-memory"
  | "account-storage"
  | "account-memory"
  | "stream-limit"
  | "slow-consumers"
  | "slow-consumer-connection"
  | "consumer-unprocessed"
  | "consumer-ack-pending"
  | "consumer-redelivered"
  | "consumer-waiting"
  | "consumer-no-delivery"
  | "consumer-no-ack"
  | "versions-differ"
  | "node-cpu"
  | "node-rss"
  | "monitor-port-open";

export type AlertSubject =
  | { kind: "cluster" }
  | { kind: "node"; node: string }
  | { kind: "stream"; account: string; stream: string }
  | { kind: "replica"; account: string; stream: string; node: string }
  | { kind: "consumer"; account: string; stream: string; consumer: string }
  | { kind: "account"; account: string };

export type Severity = "warning" | "critical";

export interface Finding {
  /** Stable across polls: rule and subject, e.g. "replica-lag:APP/ORDERS/n3". */
  key: string;
  rule: RuleId;
  severity: Severity;
  subject: AlertSubject;
  /** "APP > ORDERS replica n3" */
  subjectLabel: string;
  /** What and why, with the number and the threshold. */
  message: string;
  value: number | null;
  threshold: number | null;
}

export interface RuleContext {
  snapshot: MergedSnapshot;
  previous: MergedSnapshot | null;
  thresholds: AlertThresholds;
  now: number;
}

type Rule = (ctx: RuleContext) => Finding[];

// ---------------------------------------------------------------------------------------------
// Findings

function subjectKey(subject: AlertSubject): string {
  switch (subject.kind) {
    case "cluster":
      return "cluster";
    case "node":
      return subject.node;
    case "account":
      return subject.account;
    case "stream":
      return `${subject.account}/${subject.stream}`;
    case "replica":
      return `${subject.account}/${subject.stream}/${subject.node}`;
    case "consumer":
      return `${subject.account}/${subject.stream}/${subject.consumer}`;
  }
}

function subjectLabel(subject: AlertSubject, cluster: string): string {
  switch (subject.kind) {
    case "cluster":
      return `cluster ${cluster}`;
    case "node":
      return `node ${subject.node}`;
    case "account":
      return `account ${subject.account}`;
    case "stream":
      return `${subject.account} > ${subject.stream}`;
    case "replica":
      return `${subject.account} > ${subject.stream} replica ${subject.node}`;
    case "consumer":
      return `${subject.account} > ${subject.stream} > ${subject.consumer}`;
  }
}

function finding(
  ctx: RuleContext,
  rule: RuleId,
  severity: Severity,
  subject: AlertSubject,
  message: string,
  value: number | null = null,
  threshold: number | null = null,
): Finding {
  return {
    key: `${rule}:${subjectKey(subject)}`,
    rule,
    severity,
    subject,
    subjectLabel: subjectLabel(subject, ctx.snapshot.cluster),
    message,
    value,
    threshold,
  };
}

const nodeSubject = (node: NodeView): AlertSubject => ({ kind: "node", node: node.name });
const streamSubject = (s: StreamView): AlertSubject => ({ kind: "stream", account: s.account, stream: s.name });
const consumerSubject = (c: ConsumerView): AlertSubject => ({ kind: "consumer", account: c.account, stream: c.stream, consumer: c.name });

/** Rounded for messages and for `value`, so a finding does not change with every last digit. */
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** "critical" at or above crit, "warning" at or above warn, else nothing. */
function severityOf(value: number, warn: number, crit: number): Severity | null {
  if (value >= crit) return "critical";
  if (value >= warn) return "warning";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Nodes

/** Statuses that carry a node alert of their own; assets on such a node are not alerted again. */
const NODE_ALERT_STATUSES: ReadonlySet<NodeStatus> = new Set(["down", "auth-failed", "degraded", "bad-response"]);

function nodeNamed(ctx: RuleContext, name: string | null): NodeView | undefined {
  return name === null ? undefined : ctx.snapshot.nodes.find((n) => n.name === name);
}

const nodeDown: Rule = (ctx) =>
  ctx.snapshot.nodes
    .filter((n) => n.status === "down")
    .map((n) => finding(ctx, "node-down", "critical", nodeSubject(n), `${n.name} does not answer (${n.statusReason})`));

const nodeAuthFailed: Rule = (ctx) =>
  ctx.snapshot.nodes
    .filter((n) => n.status === "auth-failed")
    .map((n) =>
      finding(ctx, "node-auth-failed", "critical", nodeSubject(n), `${n.name} rejects the dashboard's credentials, so its state is unknown (${n.statusReason})`),
    );

const nodeUnhealthy: Rule = (ctx) =>
  ctx.snapshot.nodes
    .filter((n) => n.status === "degraded" || n.status === "bad-response")
    .map((n) => finding(ctx, "node-unhealthy", "warning", nodeSubject(n), n.statusReason));

const nodesMissing: Rule = (ctx) => {
  const known = ctx.snapshot.nodes.length;
  const expected = ctx.snapshot.expectedNodes;
  if (known >= expected) return [];
  return [
    finding(ctx, "nodes-missing", "warning", { kind: "cluster" }, `${known} of ${expected} expected nodes are known to the dashboard`, known, expected),
  ];
};

// ---------------------------------------------------------------------------------------------
// JetStream meta group

const JETSTREAM_NOT_CLUSTERED = new Set(["JetStream is not clustered", "JetStream is disabled"]);

const noMetaLeader: Rule = (ctx) => {
  const { meta, nodes } = ctx.snapshot;
  // Without any /jsz answer the meta group cannot be judged; node-unhealthy already says why.
  const jetStreamAnswered = nodes.some((n) => answering(n) && n.endpoints.jsz.ok);
  if (meta.leader !== null || !jetStreamAnswered || JETSTREAM_NOT_CLUSTERED.has(meta.note ?? "")) return [];
  const why = meta.note ? `: ${meta.note}` : "";
  return [finding(ctx, "no-meta-leader", "critical", { kind: "cluster" }, `no JetStream meta leader${why}; streams and consumers cannot be created, changed or deleted`)];
};

const metaQuorumAtRisk: Rule = (ctx) => {
  const { nodes, expectedNodes, meta } = ctx.snapshot;
  if (JETSTREAM_NOT_CLUSTERED.has(meta.note ?? "")) return [];
  const up = nodes.filter(answering).length;
  const quorum = quorumOf(expectedNodes);
  if (up !== quorum || up >= expectedNodes) return [];
  return [
    finding(
      ctx,
      "meta-quorum-at-risk",
      "warning",
      { kind: "cluster" },
      `only ${up} of ${expectedNodes} nodes answer, exactly the quorum of ${quorum}: losing one more stops the JetStream meta group`,
      up,
      quorum,
    ),
  ];
};

// ---------------------------------------------------------------------------------------------
// Leaders

/**
 * A "leader unreachable" asset is alerted only when no node alert already stands for it: its
 * leader is not a node the dashboard knows, or that node has no alert of its own.
 */
function unreachableLeaderUncovered(ctx: RuleContext, leader: string | null): boolean {
  const node = nodeNamed(ctx, leader);
  return node === undefined || !NODE_ALERT_STATUSES.has(node.status);
}

const streamLeaderless: Rule = (ctx) =>
  ctx.snapshot.streams.flatMap((s) => {
    if (s.truth === "leaderless")
      return [finding(ctx, "stream-leaderless", "critical", streamSubject(s), `${s.name} has no leader: it accepts no messages (${s.truthNote ?? "no leader elected"})`)];
    if (s.truth === "leader-unreachable" && unreachableLeaderUncovered(ctx, s.leader))
      return [finding(ctx, "stream-leaderless", "warning", streamSubject(s), `the leader of ${s.name} cannot be read: ${s.truthNote ?? `leader ${s.leader}`}`)];
    return [];
  });

const consumerLeaderless: Rule = (ctx) => {
  // A leaderless stream takes its consumers with it; its own alert stands for them.
  const leaderlessStreams = new Set(ctx.snapshot.streams.filter((s) => s.truth === "leaderless").map(streamKey));
  return ctx.snapshot.consumers.flatMap((c) => {
    if (leaderlessStreams.has(streamKey({ account: c.account, name: c.stream }))) return [];
    if (c.truth === "leaderless")
      return [finding(ctx, "consumer-leaderless", "warning", consumerSubject(c), `${c.name} has no leader: nothing is delivered (${c.truthNote ?? "no leader elected"})`)];
    if (c.truth === "leader-unreachable" && unreachableLeaderUncovered(ctx, c.leader))
      return [finding(ctx, "consumer-leaderless", "warning", consumerSubject(c), `the leader of ${c.name} cannot be read: ${c.truthNote ?? `leader ${c.leader}`}`)];
    return [];
  });
};

// ---------------------------------------------------------------------------------------------
// `io.nats.monitor.*` metadata

const MONITOR_PREFIX = "io.nats.monitor.";

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 MICRO SIGN, as Go writes it
  μs: 1e-3, // U+03BC GREEK SMALL LETTER MU, which Go accepts too
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  // Units natscli adds to Go's (jsm.go ParseDuration): days, weeks, 30-day months, 365-day years.
  d: 86_400_000,
  D: 86_400_000,
  w: 604_800_000,
  W: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
  Y: 31_536_000_000,
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|D|w|W|M|y|Y)/g;
const DURATION = new RegExp(`^(?:${DURATION_PART.source})+$`);

/**
 * A Go duration ("10s", "1m30s", "500ms", "1.5h") or natscli's extra units ("2d", "1w") in
 * milliseconds; a plain integer counts seconds. null when it is neither (or negative).
 */
export function parseDurationMs(text: string): number | null {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!DURATION.test(value)) return null;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) ms += Number(amount) * DURATION_UNITS_MS[unit];
  return ms;
}

/** A whole count as Go's strconv.Atoi reads it; negative values are kept (they turn a check off). */
function parseCount(text: string): number | null {
  const value = text.trim();
  return /^[+-]?\d+$/.test(value) ? Number(value) : null;
}

interface Level {
  value: number;
  /** The metadata key that set it, or null for the dashboard's own threshold. */
  metadataKey: string | null;
}

/**
 * The level an asset's metadata sets for a check, else the dashboard's. As in natscli a level of
 * 0 or below turns the check off for that asset; a value that does not parse is ignored.
 */
function resolveLevel(
  metadata: Record<string, string> | null,
  key: string,
  parse: (text: string) => number | null,
  fallback: number | null,
): Level | null {
  const metadataKey = `${MONITOR_PREFIX}${key}`;
  const raw = metadata?.[metadataKey];
  const parsed = raw === undefined ? null : parse(raw);
  if (parsed === null) return fallback === null ? null : { value: fallback, metadataKey: null };
  return parsed > 0 ? { value: parsed, metadataKey } : null;
}

const setBy = (level: Level) => (level.metadataKey ? `, set by ${level.metadataKey}` : "");

// ---------------------------------------------------------------------------------------------
// Stream replicas

interface ReplicaCheck {
  stream: StreamView;
  replica: ReplicaView;
  lagCritical: Level | null;
  seenCriticalMs: Level | null;
}

/**
 * Followers of replicated streams as their leader sees them. Replicas on a node that is down are
 * left out: node-down stands for them.
 */
function replicaChecks(ctx: RuleContext): ReplicaCheck[] {
  return ctx.snapshot.streams.flatMap((stream) => {
    if (stream.truth !== "leader" || (stream.numReplicas ?? 1) <= 1 || stream.replicas === null) return [];
    const lagCritical = resolveLevel(stream.metadata, "peer-lag-critical", parseCount, ctx.thresholds.replicaLagCritical);
    const seenCriticalMs = resolveLevel(stream.metadata, "peer-seen-critical", parseDurationMs, ctx.thresholds.replicaSeenCriticalMs);
    return stream.replicas
      .filter((replica) => nodeNamed(ctx, replica.name)?.status !== "down")
      .map((replica) => ({ stream, replica, lagCritical, seenCriticalMs }));
  });
}

const replicaSubject = ({ stream, replica }: ReplicaCheck): AlertSubject => ({
  kind: "replica",
  account: stream.account,
  stream: stream.name,
  node: replica.name,
});

/** How the leader last heard from the replica, when that is past the level; null when it is fine. */
function silence({ replica, seenCriticalMs }: ReplicaCheck): { level: Level; what: string } | null {
  if (seenCriticalMs === null) return null;
  if (replica.activeMs === null)
    return replica.current ? null : { level: seenCriticalMs, what: `has never heard from ${replica.name}, which is not current` };
  if (replica.activeMs <= seenCriticalMs.value) return null;
  return { level: seenCriticalMs, what: `last heard from ${replica.name} ${formatDurationMs(replica.activeMs)} ago` };
}

const replicaOffline: Rule = (ctx) =>
  replicaChecks(ctx)
    .filter((check) => check.replica.offline)
    .map((check) =>
      finding(ctx, "replica-offline", "critical", replicaSubject(check), `${check.replica.name} is offline for the leader ${check.stream.leader}`),
    );

// An offline replica is not also reported as unseen or lagging: those follow from it.
const replicaNotSeen: Rule = (ctx) =>
  replicaChecks(ctx).flatMap((check) => {
    const unseen = silence(check);
    if (check.replica.offline || unseen === null) return [];
    return [
      finding(
        ctx,
        "replica-not-seen",
        "critical",
        replicaSubject(check),
        `the leader ${check.stream.leader} ${unseen.what} (critical above ${formatDurationMs(unseen.level.value)}${setBy(unseen.level)})`,
        check.replica.activeMs,
        unseen.level.value,
      ),
    ];
  });

// A replica the leader does not hear from lags as a consequence; it is reported as not seen only.
const replicaLag: Rule = (ctx) =>
  replicaChecks(ctx).flatMap((check) => {
    const { replica, stream, lagCritical } = check;
    if (replica.offline || silence(check) !== null || lagCritical === null || replica.lag <= lagCritical.value) return [];
    return [
      finding(
        ctx,
        "replica-lag",
        "critical",
        replicaSubject(check),
        `${replica.name} is ${formatExact(replica.lag)} operations behind the leader ${stream.leader} (critical above ${formatExact(lagCritical.value)}${setBy(lagCritical)})`,
        replica.lag,
        lagCritical.value,
      ),
    ];
  });

// ---------------------------------------------------------------------------------------------
// Storage and limits

function usageRule(
  rule: "node-storage" | "node-memory",
  kind: "file storage" | "memory storage",
  usage: (n: NodeView) => { bytes: number; limitBytes: number | null } | null,
  levels: (t: AlertThresholds) => { warn: number; crit: number },
): Rule {
  return (ctx) => {
    const { warn, crit } = levels(ctx.thresholds);
    return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
      const used = usage(n);
      if (!used || used.limitBytes === null) return [];
      const percent = oneDecimal((used.bytes / used.limitBytes) * 100);
      const severity = severityOf(percent, warn, crit);
      if (!severity) return [];
      const threshold = severity === "critical" ? crit : warn;
      return [
        finding(
          ctx,
          rule,
          severity,
          nodeSubject(n),
          `${n.name} uses ${formatBytes(used.bytes)} of JetStream ${kind}, ${percent} % of its ${formatBytes(used.limitBytes)} limit (${severity} at ${threshold} %)`,
          percent,
          threshold,
        ),
      ];
    });
  };
}

const nodeStorage = usageRule(
  "node-storage",
  "file storage",
  (n) => n.jetstream && { bytes: n.jetstream.storageBytes, limitBytes: n.jetstream.storageLimitBytes },
  (t) => ({ warn: t.storageWarnPercent, crit: t.storageCritPercent }),
);

const nodeMemory = usageRule(
  "node-memory",
  "memory storage",
  (n) => n.jetstream && { bytes: n.jetstream.memoryBytes, limitBytes: n.jetstream.memoryLimitBytes },
  (t) => ({ warn: t.memoryWarnPercent, crit: t.memoryCritPercent }),
);

function accountRule(rule: "account-storage" | "account-memory", kind: "file storage" | "memory storage", field: "storage" | "memory"): Rule {
  return (ctx) => {
    const warn = ctx.thresholds.accountWarnPercent;
    const crit = ctx.thresholds.accountCritPercent;
    return ctx.snapshot.accounts.flatMap((a) => {
      const bytes = field === "storage" ? a.storageBytes : a.memoryBytes;
      const limitBytes = field === "storage" ? a.storageLimitBytes : a.memoryLimitBytes;
      if (limitBytes === null) return [];
      const percent = oneDecimal((bytes / limitBytes) * 100);
      const severity = severityOf(percent, warn, crit);
      if (!severity) return [];
      const threshold = severity === "critical" ? crit : warn;
      return [
        finding(
          ctx,
          rule,
          severity,
          { kind: "account", account: a.name },
          `account ${a.name} uses ${formatBytes(bytes)} of JetStream ${kind} (replicas included), ${percent} % of its ${formatBytes(limitBytes)} limit (${severity} at ${threshold} %)`,
          percent,
          threshold,
        ),
      ];
    });
  };
}

const accountStorage = accountRule("account-storage", "file storage", "storage");
const accountMemory = accountRule("account-memory", "memory storage", "memory");

interface StreamLimitFinding {
  severity: Severity;
  /** How far past its threshold, to pick the worst of several. */
  excess: number;
  message: string;
  value: number;
  threshold: number;
}

/** messages vs max_msgs, bytes vs max_bytes, consumers vs max_consumers, as shares of the limit. */
function limitUsage(s: StreamView, t: AlertThresholds): StreamLimitFinding[] {
  const limits = [
    { what: "messages", used: s.messages, limit: s.maxMsgs, show: formatExact },
    { what: "bytes", used: s.bytes, limit: s.maxBytes, show: formatBytes },
    { what: "consumers", used: s.consumerCount, limit: s.maxConsumers, show: formatExact },
  ];
  return limits.flatMap(({ what, used, limit, show }) => {
    if (used === null || limit === null) return [];
    const percent = oneDecimal((used / limit) * 100);
    const severity = severityOf(percent, t.streamLimitWarnPercent, t.streamLimitCritPercent);
    if (!severity) return [];
    const threshold = severity === "critical" ? t.streamLimitCritPercent : t.streamLimitWarnPercent;
    const limitName = what === "messages" ? "max_msgs" : what === "bytes" ? "max_bytes" : "max_consumers";
    const consequence =
      what === "consumers"
        ? "new consumers will be refused"
        : "at the limit the server discards the oldest messages or refuses new ones, per the stream's discard policy";
    return [
      {
        severity,
        excess: percent - threshold,
        message: `${s.name} holds ${show(used)} ${what === "bytes" ? "" : `${what} `}of its ${limitName} ${show(limit)}, ${percent} % (${severity} at ${threshold} %); ${consequence}`,
        value: percent,
        threshold,
      },
    ];
  });
}

/**
 * `io.nats.monitor.msgs-warn` / `msgs-critical` as `nats server check stream` reads them: a floor,
 * not a cap ("Critical if there are fewer than this many messages"; jsm.go monitor/stream.go
 * alerts when messages <= the level). Reading them the other way round would turn the checks
 * operators already configured for natscli upside down.
 */
function messageFloor(s: StreamView): StreamLimitFinding[] {
  if (s.messages === null) return [];
  const messages = s.messages;
  const checks: { severity: Severity; key: string }[] = [
    { severity: "critical", key: "msgs-critical" },
    { severity: "warning", key: "msgs-warn" },
  ];
  for (const { severity, key } of checks) {
    const floor = resolveLevel(s.metadata, key, parseCount, null);
    if (floor !== null && messages <= floor.value)
      return [
        {
          severity,
          excess: 0,
          message: `${s.name} holds ${formatExact(messages)} messages, at or below its ${severity} level of ${formatExact(floor.value)}${setBy(floor)}`,
          value: messages,
          threshold: floor.value,
        },
      ];
  }
  return [];
}

const streamLimit: Rule = (ctx) =>
  ctx.snapshot.streams
    .filter((s) => s.truth === "leader")
    .flatMap((s) => {
      const candidates = [...limitUsage(s, ctx.thresholds), ...messageFloor(s)];
      if (candidates.length === 0) return [];
      const worst = candidates.reduce((a, b) => {
        if (a.severity !== b.severity) return a.severity === "critical" ? a : b;
        return b.excess > a.excess ? b : a;
      });
      return [finding(ctx, "stream-limit", worst.severity, streamSubject(s), worst.message, worst.value, worst.threshold)];
    });

// ---------------------------------------------------------------------------------------------
// Slow consumers

const SLOW_CONSUMER_KINDS = ["clients", "routes", "gateways", "leafs"] as const;

/**
 * The varz `slow_consumers` counter grew since the previous poll. A restart (another start time)
 * or a counter that went down resets the baseline without an alert.
 */
const slowConsumers: Rule = (ctx) => {
  const before = new Map((ctx.previous?.nodes ?? []).map((n) => [n.url, n]));
  return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
    const prev = before.get(n.url);
    if (!prev || prev.slowConsumers === null || n.slowConsumers === null) return [];
    if (prev.startedAt !== n.startedAt || n.slowConsumers <= prev.slowConsumers) return [];
    const added = n.slowConsumers - prev.slowConsumers;
    const stats = n.slowConsumerStats;
    const statsBefore = prev.slowConsumerStats;
    // Per-kind counters exist from 2.10 on; older servers only have the total.
    const kinds =
      stats && statsBefore
        ? SLOW_CONSUMER_KINDS.filter((k) => stats[k] > statsBefore[k]).map((k) => `${k} +${formatExact(stats[k] - statsBefore[k])}`)
        : [];
    const byKind = kinds.length ? ` (${kinds.join(", ")})` : "";
    return [
      finding(
        ctx,
        "slow-consumers",
        "warning",
        nodeSubject(n),
        `${n.name} counted ${formatExact(added)} new slow consumer${added === 1 ? "" : "s"} since the previous poll${byKind}; ${formatExact(n.slowConsumers)} since it started`,
        added,
      ),
    ];
  });
};

const slowConsumerConnection: Rule = (ctx) => {
  const percent = ctx.thresholds.slowConsumerPendingPercent;
  return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
    if (n.maxPendingBytes === null || n.maxPendingBytes <= 0 || n.topPendingConnections === null) return [];
    const limitBytes = (n.maxPendingBytes * percent) / 100;
    const filling = n.topPendingConnections.filter((c) => c.pendingBytes >= limitBytes).sort((a, b) => b.pendingBytes - a.pendingBytes);
    if (filling.length === 0) return [];
    const worst = filling[0];
    const who = [worst.name ? `"${worst.name}"` : null, `cid ${worst.cid}`, worst.account ? `account ${worst.account}` : null, worst.ip]
      .filter(Boolean)
      .join(", ");
    const share = oneDecimal((worst.pendingBytes / n.maxPendingBytes) * 100);
    const more = filling.length > 1 ? `, and ${filling.length - 1} more connection${filling.length > 2 ? "s" : ""} past ${percent} %` : "";
    return [
      finding(
        ctx,
        "slow-consumer-connection",
        "warning",
        nodeSubject(n),
        `connection ${who} has ${formatBytes(worst.pendingBytes)} waiting to be sent, ${share} % of max_pending ${formatBytes(n.maxPendingBytes)} (warning at ${percent} %); at 100 % the server cuts it off as a slow consumer${more}`,
        worst.pendingBytes,
        limitBytes,
      ),
    ];
  });
};

// ---------------------------------------------------------------------------------------------
// Consumers (`nats server check consumer`: all critical, all off unless configured)

/** Consumers whose figures come from their leader: the only ones a threshold can be checked on. */
const ledConsumers = (ctx: RuleContext) => ctx.snapshot.consumers.filter((c) => c.truth === "leader");

function consumerCountRule(
  rule: RuleId,
  metadataKey: string,
  threshold: (t: AlertThresholds) => number | null,
  count: (c: ConsumerView) => number | null,
  describe: (value: string) => string,
): Rule {
  return (ctx) =>
    ledConsumers(ctx).flatMap((c) => {
      const limit = resolveLevel(c.metadata, metadataKey, parseCount, threshold(ctx.thresholds));
      const value = count(c);
      if (limit === null || value === null || value < limit.value) return [];
      return [
        finding(
          ctx,
          rule,
          "critical",
          consumerSubject(c),
          `${c.name} has ${describe(formatExact(value))} (critical at ${formatExact(limit.value)}${setBy(limit)})`,
          value,
          limit.value,
        ),
      ];
    });
}

const consumerUnprocessed = consumerCountRule(
  "consumer-unprocessed",
  "unprocessed-critical",
  (t) => t.unprocessedCritical,
  (c) => c.numPending,
  (n) => `${n} messages not yet delivered`,
);

const consumerAckPending = consumerCountRule(
  "consumer-ack-pending",
  "outstanding-ack-critical",
  (t) => t.outstandingAckCritical,
  (c) => c.numAckPending,
  (n) => `${n} deliveries waiting for an acknowledgement`,
);

const consumerRedelivered = consumerCountRule(
  "consumer-redelivered",
  "redelivery-critical",
  (t) => t.redeliveryCritical,
  (c) => c.numRedelivered,
  (n) => `${n} messages redelivered`,
);

const consumerWaiting = consumerCountRule(
  "consumer-waiting",
  "waiting-critical",
  (t) => t.waitingCritical,
  (c) => c.numWaiting,
  (n) => `${n} pull requests waiting`,
);

function consumerSilenceRule(
  rule: RuleId,
  metadataKey: string,
  threshold: (t: AlertThresholds) => number | null,
  /** The work that is waiting (null or 0: nothing to wait for, so silence is fine). */
  waiting: (c: ConsumerView) => number | null,
  lastAt: (c: ConsumerView) => string | null,
  /** `silence`: how long ago the last one was, or null when there never was one. */
  describe: (c: ConsumerView, waiting: string, silence: string | null) => string,
): Rule {
  return (ctx) =>
    ledConsumers(ctx).flatMap((c) => {
      const limit = resolveLevel(c.metadata, metadataKey, parseDurationMs, threshold(ctx.thresholds));
      const work = waiting(c);
      if (limit === null || !work) return [];
      const last = lastAt(c);
      const ageMs = last === null ? null : ctx.now - Date.parse(last);
      if (ageMs !== null && ageMs <= limit.value) return [];
      const silence = ageMs === null ? null : formatDurationMs(ageMs);
      return [
        finding(
          ctx,
          rule,
          "critical",
          consumerSubject(c),
          `${describe(c, formatExact(work), silence)} (critical above ${formatDurationMs(limit.value)}${setBy(limit)})`,
          ageMs,
          limit.value,
        ),
      ];
    });
}

const consumerNoDelivery = consumerSilenceRule(
  "consumer-no-delivery",
  "last-delivery-critical",
  (t) => t.lastDeliveryCriticalMs,
  // A paused consumer delivers nothing on purpose.
  (c) => (c.paused ? null : c.numPending),
  (c) => c.lastDeliveryAt,
  (c, pending, silence) => `${c.name} has ${pending} messages pending and ${silence ? `delivered nothing for ${silence}` : "has never delivered one"}`,
);

const consumerNoAck = consumerSilenceRule(
  "consumer-no-ack",
  "last-ack-critical",
  (t) => t.lastAckCriticalMs,
  (c) => c.numAckPending,
  (c) => c.lastAckAt,
  (c, pending, silence) =>
    `${c.name} has ${pending} deliveries waiting for an acknowledgement and ${silence ? `none came for ${silence}` : "has never been acknowledged"}`,
);

// ---------------------------------------------------------------------------------------------
// Servers

const versionsDiffer: Rule = (ctx) => {
  const byVersion = new Map<string, string[]>();
  for (const n of ctx.snapshot.nodes.filter(answering)) {
    if (n.version === null) continue;
    byVersion.set(n.version, [...(byVersion.get(n.version) ?? []), n.name]);
  }
  if (byVersion.size < 2) return [];
  const list = [...byVersion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([version, names]) => `${version} (${names.sort().join(", ")})`)
    .join(", ");
  return [finding(ctx, "versions-differ", "warning", { kind: "cluster" }, `nodes run different nats-server versions: ${list}`, byVersion.size)];
};

const nodeCpu: Rule = (ctx) => {
  const { cpuWarnPercent: warn, cpuCritPercent: crit } = ctx.thresholds;
  return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
    if (n.cpuPercent === null) return [];
    const perCore = oneDecimal(n.cores ? n.cpuPercent / n.cores : n.cpuPercent);
    const severity = severityOf(perCore, warn, crit);
    if (!severity) return [];
    const threshold = severity === "critical" ? crit : warn;
    const spread = n.cores ? `${n.cpuPercent} % CPU over ${n.cores} cores, ${perCore} % per core` : `${n.cpuPercent} % CPU (core count unknown)`;
    return [finding(ctx, "node-cpu", severity, nodeSubject(n), `${n.name} uses ${spread} (${severity} at ${threshold} %)`, perCore, threshold)];
  });
};

const nodeRss: Rule = (ctx) => {
  const limit = ctx.thresholds.memoryRssWarnBytes;
  if (limit === null) return [];
  return ctx.snapshot.nodes
    .filter((n) => answering(n) && n.memBytes !== null && n.memBytes >= limit)
    .map((n) =>
      finding(
        ctx,
        "node-rss",
        "warning",
        nodeSubject(n),
        `nats-server on ${n.name} has ${formatBytes(n.memBytes)} resident memory (warning at ${formatBytes(limit)})`,
        n.memBytes,
        limit,
      ),
    );
};

// Exposure is a property of the deployment, so a node that is down this poll keeps its last known one.
const monitorPortOpen: Rule = (ctx) =>
  ctx.snapshot.nodes
    .filter((n) => n.monitorExposure === "open")
    .map((n) =>
      finding(
        ctx,
        "monitor-port-open",
        "critical",
        nodeSubject(n),
        `the monitoring port of ${n.name} answers without authentication from another host, so anyone who reaches it reads servers, accounts, connections and streams (the security scan rated this high risk). nats-server has no monitoring authentication: put the port behind a proxy that authenticates (or bind it to loopback), or read the cluster through the system account`,
      ),
    );

// ---------------------------------------------------------------------------------------------
// The rule table

const RULE_TABLE: Record<RuleId, { description: string; evaluate: Rule }> = {
  "node-down": { description: "A node does not answer (refused, timeout, unreachable).", evaluate: nodeDown },
  "node-auth-failed": { description: "A node's monitoring endpoint or its proxy rejects the dashboard's credentials.", evaluate: nodeAuthFailed },
  "node-unhealthy": { description: "A node answers but healthz is not ok, JetStream data cannot be read, or the answer is unusable.", evaluate: nodeUnhealthy },
  "nodes-missing": { description: "Fewer nodes are known than the cluster is expected to have.", evaluate: nodesMissing },
  "no-meta-leader": { description: "JetStream is clustered but has no meta leader.", evaluate: noMetaLeader },
  "meta-quorum-at-risk": { description: "Exactly a quorum of nodes answers: one more loss stops JetStream.", evaluate: metaQuorumAtRisk },
  "stream-leaderless": { description: "A stream has no leader, or its leader cannot be read and no node alert explains why.", evaluate: streamLeaderless },
  "consumer-leaderless": { description: "A consumer has no leader, or its leader cannot be read and no node alert explains why.", evaluate: consumerLeaderless },
  "replica-offline": { description: "A replica of a replicated stream is offline for its leader.", evaluate: replicaOffline },
  "replica-lag": { description: "A stream replica is more operations behind its leader than allowed (default 200; io.nats.monitor.peer-lag-critical).", evaluate: replicaLag },
  "replica-not-seen": { description: "A stream leader has not heard from a replica for too long (default 5 s; io.nats.monitor.peer-seen-critical).", evaluate: replicaNotSeen },
  "node-storage": { description: "A node's JetStream file storage is near its limit (default: warning at 75 %, critical at 90 %).", evaluate: nodeStorage },
  "node-memory": { description: "A node's JetStream memory storage is near its limit (default: warning at 75 %, critical at 90 %).", evaluate: nodeMemory },
  "account-storage": { description: "An account's JetStream file storage is near its limit (default: warning at 75 %, critical at 90 %).", evaluate: accountStorage },
  "account-memory": { description: "An account's JetStream memory storage is near its limit (default: warning at 75 %, critical at 90 %).", evaluate: accountMemory },
  "stream-limit": { description: "A stream nears max_msgs, max_bytes or max_consumers (default: warning at 80 %, critical at 90 %), or holds no more messages than its io.nats.monitor.msgs-warn/-critical.", evaluate: streamLimit },
  "slow-consumers": { description: "A node counted new slow consumers since the previous poll.", evaluate: slowConsumers },
  "slow-consumer-connection": { description: "A connection's pending outbound data is past a share of max_pending (default half): it is close to being cut off as a slow consumer.", evaluate: slowConsumerConnection },
  "consumer-unprocessed": { description: "A consumer has too many undelivered messages (off by default; io.nats.monitor.unprocessed-critical).", evaluate: consumerUnprocessed },
  "consumer-ack-pending": { description: "A consumer has too many unacknowledged deliveries (off by default; io.nats.monitor.outstanding-ack-critical).", evaluate: consumerAckPending },
  "consumer-redelivered": { description: "A consumer has redelivered too many messages (off by default; io.nats.monitor.redelivery-critical).", evaluate: consumerRedelivered },
  "consumer-waiting": { description: "A pull consumer has too many waiting pull requests (off by default; io.nats.monitor.waiting-critical).", evaluate: consumerWaiting },
  "consumer-no-delivery": { description: "A consumer with pending messages delivered nothing for too long (off by default; io.nats.monitor.last-delivery-critical).", evaluate: consumerNoDelivery },
  "consumer-no-ack": { description: "A consumer with outstanding acks was not acknowledged for too long (off by default; io.nats.monitor.last-ack-critical).", evaluate: consumerNoAck },
  "versions-differ": { description: "Answering nodes run different nats-server versions.", evaluate: versionsDiffer },
  "node-cpu": { description: "A node's CPU use per core is high (default: warning at 80 %, critical at 95 %).", evaluate: nodeCpu },
  "node-rss": { description: "A node's resident memory is above a configured size (off by default).", evaluate: nodeRss },
  "monitor-port-open": { description: "A node's monitoring port answers without authentication from another host.", evaluate: monitorPortOpen },
};

export const RULES: { id: RuleId; description: string }[] = (Object.keys(RULE_TABLE) as RuleId[]).map((id) => ({
  id,
  description: RULE_TABLE[id].description,
}));

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };

/** Every rule over one snapshot; critical findings first, then by key. */
export function evaluateRules(ctx: RuleContext): Finding[] {
  return Object.values(RULE_TABLE)
    .flatMap((rule) => rule.evaluate(ctx))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
