import type { ClusterStatus, NodeStatus } from "@/lib/model/types";

export const NODE_STATUS_LABEL: Record<NodeStatus, string> = {
  up: "up",
  degraded: "degraded",
  down: "down",
  "auth-failed": "auth failed",
  "bad-response": "bad response",
};

/** Tints of the status tokens (app/globals.css); the two ways a node fails to answer usefully have their own hues. */
export const NODE_STATUS_CLASS: Record<NodeStatus, string> = {
  up: "bg-ok-soft text-ok-ink ring-ok/30",
  degraded: "bg-warn-soft text-warn-ink ring-warn/60",
  down: "bg-crit-soft text-crit-ink ring-crit/30",
  "auth-failed": "bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-600/30",
  "bad-response": "bg-orange-100 text-orange-900 ring-orange-600/30",
};

export const CLUSTER_STATUS_LABEL: Record<ClusterStatus, string> = { ok: "OK", warning: "WARNING", critical: "CRITICAL" };
