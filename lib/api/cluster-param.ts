import "server-only";
import type { NextRequest } from "next/server";
import { getHub, type ClusterCollector } from "../hub";
import { apiError } from "./errors";

/** Resolves `?cluster=NAME` (default: the first configured cluster) to its collector, or an error response. */
export function collectorFor(req: NextRequest): ClusterCollector | Response {
  const hub = getHub();
  if (!hub) return apiError("unavailable", "the collectors are starting");
  const name = req.nextUrl.searchParams.get("cluster");
  const collector = hub.collector(name);
  if (!collector) return apiError("not-found", `no cluster named "${name}"; configured: ${hub.clusterNames().join(", ")}`);
  return collector;
}
