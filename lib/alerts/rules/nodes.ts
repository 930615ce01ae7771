/**
 * Nodes: down, rejecting the credentials, unhealthy, or fewer known than expected.
 */
import type { NodeStatus } from "../../model/types";
import { finding, nodeSubject, type Rule, type RuleEntry } from "./finding";

/** Statuses that carry a node alert of their own; assets on such a node are not alerted again. */
export const NODE_ALERT_STATUSES: ReadonlySet<NodeStatus> = new Set(["down", "auth-failed", "degraded", "bad-response"]);

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

export const NODE_RULES = {
  "node-down": { description: "A node does not answer (refused, timeout, unreachable).", evaluate: nodeDown },
  "node-auth-failed": { description: "A node's monitoring endpoint or its proxy rejects the dashboard's credentials.", evaluate: nodeAuthFailed },
  "node-unhealthy": { description: "A node answers but healthz is not ok, JetStream data cannot be read, or the answer is unusable.", evaluate: nodeUnhealthy },
  "nodes-missing": { description: "Fewer nodes are known than the cluster is expected to have.", evaluate: nodesMissing },
} satisfies Record<string, RuleEntry>;
