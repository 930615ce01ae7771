import "server-only";
import type { NextRequest } from "next/server";
import { getHub, type ClusterCollector } from "../hub";
import { ApiError } from "./errors";

/** The collector of `?cluster=NAME` (default: the first configured cluster); a 503 while the hub starts, a 404 for an unknown name. */
export function collectorFor(req: NextRequest): ClusterCollector {
  const hub = getHub();
  if (!hub) throw new ApiError("unavailable", "the collectors are starting");
  const name = req.nextUrl.searchParams.get("cluster");
  const collector = hub.collector(name);
  if (!collector) throw new ApiError("not-found", `no cluster named "${name}"; configured: ${hub.clusterNames().join(", ")}`);
  return collector;
}
