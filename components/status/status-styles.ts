import type { ClusterStatus, NodeStatus } from "@/lib/model/types";

export const NODE_STATUS_LABEL: Record<NodeStatus, string> = {
  up: "up",
  degraded: "degraded",
  down: "down",
  "auth-failed": "auth failed",
  "bad-response": "bad response",
};

export const NODE_STATUS_CLASS: Record<NodeStatus, string> = {
  up: "bg-green-100 text-green-800 ring-green-600/30",
  degraded: "bg-amber-100 text-amber-900 ring-amber-600/30",
  down: "bg-red-100 text-red-800 ring-red-600/30",
  "auth-failed": "bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-600/30",
  "bad-response": "bg-orange-100 text-orange-900 ring-orange-600/30",
};

export const CLUSTER_STATUS_CLASS: Record<ClusterStatus, string> = {
  ok: "bg-green-700 text-white",
  warning: "bg-amber-500 text-black",
  critical: "bg-red-700 text-white",
};

export const CLUSTER_STATUS_LABEL: Record<ClusterStatus, string> = { ok: "OK", warning: "WARNING", critical: "CRITICAL" };
