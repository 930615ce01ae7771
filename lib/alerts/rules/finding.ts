/** What the alert rules share: their vocabulary (rule ids, subjects, findings) and how a finding is made. */
import { formatDurationMs, formatExact } from "../../format";
import type { ConsumerView, MergedSnapshot, NodeView, StreamView } from "../../model/types";
import type { AlertThresholds } from "../thresholds";

export type RuleId =
  | "node-down"
  | "node-auth-failed"
  | "node-unhealthy"
  | "nodes-missing"
  | "no-meta-leader"
  | "meta-quorum-at-risk"
  | "meta-quorum-rescue"
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
  | "monitor-port-open"
  | "clock-skew"
  | "latency-write"
  | "latency-end-to-end"
  | "canary-writes-failing"
  | "canary-not-measuring";

export type AlertSubject =
  | { kind: "cluster" }
  /** `url`: the node's URL as the snapshot shows it, by which a restarted dashboard knows the node before it answers. */
  | { kind: "node"; node: string; url?: string }
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

export type Rule = (ctx: RuleContext) => Finding[];

/** A rule and the line that describes it (on the Alerts page and in the README's table). */
export interface RuleEntry {
  description: string;
  evaluate: Rule;
}

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

export function finding(
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

export const nodeSubject = (node: NodeView): AlertSubject => ({ kind: "node", node: node.name, url: node.url });
export const streamSubject = (s: StreamView): AlertSubject => ({ kind: "stream", account: s.account, stream: s.name });
export const consumerSubject = (c: ConsumerView): AlertSubject => ({ kind: "consumer", account: c.account, stream: c.stream, consumer: c.name });

/** Rounded for messages and for `value`, so a finding does not change with every last digit. */
export const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** "critical" at or above crit, "warning" at or above warn, else nothing. */
export function severityOf(value: number, warn: number, crit: number): Severity | null {
  if (value >= crit) return "critical";
  if (value >= warn) return "warning";
  return null;
}

export function nodeNamed(ctx: RuleContext, name: string | null): NodeView | undefined {
  return name === null ? undefined : ctx.snapshot.nodes.find((n) => n.name === name);
}

/** A default level as a rule's description states it: "off by default" for a check that is off unless configured. */
export function byDefault(value: number | null, unit: "count" | "ms" | "percent" = "count"): string {
  if (value === null) return "off by default";
  return `default ${unit === "ms" ? formatDurationMs(value) : unit === "percent" ? `${value} %` : formatExact(value)}`;
}
