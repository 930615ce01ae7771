/**
 * Latency: the canary's figures of the last five minutes against the cluster's targets, canary
 * writes that do not complete, and a canary that does not measure. Targets come with the figures
 * (each cluster's canary section sets its own). Failures via a node that does not answer the
 * dashboard are that node's alert (node-down), not these.
 */
import { formatDurationMs, formatExact, formatLatencyMs } from "../../format";
import { isAnswering } from "../../model/assets";
import { RECENT_WRITES_MS } from "../../model/latency/view";
import { DEFAULT_LATENCY_TARGETS } from "../../sources/canary/config";
import { finding, type Rule, type RuleEntry } from "./finding";

/** Fewer attempts than this in the window judge nothing: a p99 of a handful of probes is noise. */
export const MIN_LATENCY_ATTEMPTS = 50;

const window = (ms: number) => formatDurationMs(ms);

const latencyWrite: Rule = (ctx) => {
  const latency = ctx.snapshot.latency;
  if (!latency) return [];
  const w = latency.write;
  const attempts = w.count + w.timeouts + w.errors;
  const target = latency.targets.writeP99Ms;
  // A p99 that is a failure (over 1 % failed) is canary-writes-failing's.
  if (attempts < MIN_LATENCY_ATTEMPTS || w.p99AttemptsMs === null || w.p99AttemptsMs <= target) return [];
  return [
    finding(
      ctx,
      "latency-write",
      "warning",
      { kind: "cluster" },
      `JetStream write p99 over the last ${window(latency.windowMs)} is ${formatLatencyMs(w.p99AttemptsMs)} (target ≤ ${formatLatencyMs(target)}; ${formatExact(attempts)} canary writes, p50 ${formatLatencyMs(w.p50Ms)})`,
      w.p99AttemptsMs,
      target,
    ),
  ];
};

const latencyEndToEnd: Rule = (ctx) => {
  const latency = ctx.snapshot.latency;
  if (!latency) return [];
  const target = latency.targets.endToEndP99Ms;
  const over = latency.pairs
    .filter((p) => p.figures.count + p.figures.timeouts + p.figures.errors >= MIN_LATENCY_ATTEMPTS && p.figures.p99AttemptsMs !== null && p.figures.p99AttemptsMs > target)
    .sort((a, b) => b.figures.p99AttemptsMs! - a.figures.p99AttemptsMs!);
  if (over.length === 0) return [];
  const worst = over.slice(0, 3).map((p) => `${p.from} → ${p.to} ${formatLatencyMs(p.figures.p99AttemptsMs)}`);
  return [
    finding(
      ctx,
      "latency-end-to-end",
      "warning",
      { kind: "cluster" },
      `end-to-end p99 over the last ${window(latency.windowMs)} is above ${formatLatencyMs(target)} on ${over.length} of ${latency.pairs.length} node pairs: ${worst.join(", ")}${over.length > 3 ? ", …" : ""}`,
      over[0].figures.p99AttemptsMs,
      target,
    ),
  ];
};

const canaryWritesFailing: Rule = (ctx) => {
  const latency = ctx.snapshot.latency;
  if (!latency) return [];
  const out = new Set(ctx.snapshot.nodes.filter((n) => !isAnswering(n)).map((n) => n.name));
  const failing = latency.recentWriteFailures.byNode.filter((n) => !out.has(n.node) && n.timeouts + n.errors > 0);
  if (failing.length === 0) return [];
  const failed = failing.reduce((sum, n) => sum + n.timeouts + n.errors, 0);
  const attempts = failing.reduce((sum, n) => sum + n.attempts, 0);
  const timeouts = failing.reduce((sum, n) => sum + n.timeouts, 0);
  const leader = latency.canary.streamLeader;
  return [
    finding(
      ctx,
      "canary-writes-failing",
      "critical",
      { kind: "cluster" },
      `${formatExact(failed)} of ${formatExact(attempts)} canary writes to ${latency.canary.stream} in the last ${window(RECENT_WRITES_MS)} did not complete (${formatExact(timeouts)} timed out after ${formatDurationMs(latency.canary.timeoutMs)}) via ${failing.map((n) => n.node).join(", ")}; the stream's last known leader: ${leader ?? "none"}`,
      failed,
      0,
    ),
  ];
};

const canaryNotMeasuring: Rule = (ctx) => {
  const canary = ctx.snapshot.latency?.canary;
  if (!canary || canary.state !== "failed") return [];
  return [finding(ctx, "canary-not-measuring", "warning", { kind: "cluster" }, `the latency canary is not measuring: ${canary.message ?? "unknown reason"}`)];
};

export const LATENCY_RULES = {
  "latency-write": {
    description: `The JetStream write p99 of the latency canary over the last 5 minutes is above its target (default ${DEFAULT_LATENCY_TARGETS.writeP99Ms} ms).`,
    evaluate: latencyWrite,
  },
  "latency-end-to-end": {
    description: `The end-to-end p99 of a node pair over the last 5 minutes is above its target (default ${DEFAULT_LATENCY_TARGETS.endToEndP99Ms} ms).`,
    evaluate: latencyEndToEnd,
  },
  "canary-writes-failing": {
    description: "Latency canary writes through answering nodes time out or fail (in the last 30 s).",
    evaluate: canaryWritesFailing,
  },
  "canary-not-measuring": { description: "The latency canary cannot connect or cannot keep its stream.", evaluate: canaryNotMeasuring },
} satisfies Record<string, RuleEntry>;
