/** The all-clusters summary row: one entry per configured cluster (the shape of GET /api/v1/clusters). */
import type { ClusterStatus } from "../model/types";

export interface ClusterSummary {
  name: string;
  status: ClusterStatus | null;
  collectedAt: string | null;
  nodesUp: number | null;
  expectedNodes: number | null;
  metaLeader: string | null;
  firingAlerts: number;
}
