/**
 * Storage and limits: JetStream file and memory storage of nodes and accounts, and streams nearing their limits.
 */
import { formatBytes, formatExact } from "../../format";
import { isAnswering as answering } from "../../model/assets";
import { isCanaryStream } from "../../model/latency/view";
import type { NodeView, StreamView } from "../../model/types";
import { resolveLevel, setBy, STREAM_MSGS_CRITICAL, STREAM_MSGS_WARN, type MonitorSetting } from "../metadata";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "../thresholds";
import { finding, nodeSubject, oneDecimal, severityOf, streamSubject, type Rule, type RuleEntry, type Severity } from "./finding";

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
  const checks: { severity: Severity; setting: MonitorSetting }[] = [
    { severity: "critical", setting: STREAM_MSGS_CRITICAL },
    { severity: "warning", setting: STREAM_MSGS_WARN },
  ];
  for (const { severity, setting } of checks) {
    const floor = resolveLevel(s.metadata, setting, null);
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
      // The canary's stream is kept at its bounds on purpose (what it costs is on the Latency page).
      const candidates = [...(isCanaryStream(ctx.snapshot.latency, s) ? [] : limitUsage(s, ctx.thresholds)), ...messageFloor(s)];
      if (candidates.length === 0) return [];
      const worst = candidates.reduce((a, b) => {
        if (a.severity !== b.severity) return a.severity === "critical" ? a : b;
        return b.excess > a.excess ? b : a;
      });
      return [finding(ctx, "stream-limit", worst.severity, streamSubject(s), worst.message, worst.value, worst.threshold)];
    });

const D = DEFAULT_ALERT_THRESHOLDS;
const levels = (warn: number, crit: number) => `default: warning at ${warn} %, critical at ${crit} %`;

export const STORAGE_RULES = {
  "node-storage": {
    description: `A node's JetStream file storage is near its limit (${levels(D.storageWarnPercent, D.storageCritPercent)}).`,
    evaluate: nodeStorage,
  },
  "node-memory": {
    description: `A node's JetStream memory storage is near its limit (${levels(D.memoryWarnPercent, D.memoryCritPercent)}).`,
    evaluate: nodeMemory,
  },
  "account-storage": {
    description: `An account's JetStream file storage is near its limit (${levels(D.accountWarnPercent, D.accountCritPercent)}).`,
    evaluate: accountStorage,
  },
  "account-memory": {
    description: `An account's JetStream memory storage is near its limit (${levels(D.accountWarnPercent, D.accountCritPercent)}).`,
    evaluate: accountMemory,
  },
  "stream-limit": {
    description: `A stream nears max_msgs, max_bytes or max_consumers (${levels(D.streamLimitWarnPercent, D.streamLimitCritPercent)}), or holds no more messages than its ${STREAM_MSGS_WARN.key}/-critical. The latency canary's own stream is full by design: its limits are not alerted.`,
    evaluate: streamLimit,
  },
} satisfies Record<string, RuleEntry>;
