import { getHub } from "@/lib/hub";
import { getReplica } from "@/lib/replicas/replica";

export const dynamic = "force-dynamic";

/**
 * The only unauthenticated route: is the process up and are its collectors cycling (led here, or
 * followed from the replica that leads)? Which clusters this replica leads, and since when, so a
 * load balancer's or an operator's look tells the replicas apart. Reveals no cluster data.
 */
export function GET() {
  const hub = getHub();
  const replica = getReplica();
  if (!hub || !replica) return Response.json({ status: "starting" }, { status: 503, headers: { "cache-control": "no-store" } });
  const collectors = [...hub.collectors.values()];
  const now = Date.now();
  const fresh = collectors.every((c) => {
    const s = c.snapshot();
    return s !== null && now - Date.parse(s.collectedAt) < 3 * s.pollIntervalMs + (c.cluster.monitor?.timeoutMs ?? c.cluster.system?.timeoutMs ?? 0);
  });
  return Response.json(
    { status: fresh ? "ok" : "stale", collectors: collectors.length, replica: replica.status() },
    { status: fresh ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
