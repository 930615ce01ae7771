import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";
import { getHub } from "@/lib/hub";

export const dynamic = "force-dynamic";

/** Every configured cluster with its latest status: the cluster switcher and the all-clusters summary. */
export const GET = withAuth(() => {
  const hub = getHub();
  if (!hub) return apiError("unavailable", "the collectors are starting");
  return Response.json({ clusters: hub.summaries() }, { headers: { "cache-control": "no-store" } });
});
