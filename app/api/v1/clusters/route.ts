import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/auth/guard";
import { getHub } from "@/lib/hub";

export const dynamic = "force-dynamic";

/** Every configured cluster with its latest status: the cluster switcher and an all-clusters summary. */
export const GET = withAuth(() => {
  const hub = getHub();
  if (!hub) return apiError("unavailable", "the collectors are starting");
  const clusters = [...hub.collectors.values()].map((c) => {
    const s = c.snapshot();
    return {
      name: c.cluster.name,
      status: s?.status ?? null,
      collectedAt: s?.collectedAt ?? null,
      nodesUp: s?.totals.nodesUp ?? null,
      expectedNodes: c.cluster.expectedNodes,
      metaLeader: s?.meta.leader ?? null,
    };
  });
  return Response.json({ clusters }, { headers: { "cache-control": "no-store" } });
});
