import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

/** The latest snapshot; a wall display's link may read it too. */
export const GET = withAuth((_req, { collector }) => {
  const snapshot = collector.snapshot();
  if (!snapshot) return apiError("unavailable", "no poll has completed yet; retry in a moment", { "retry-after": "2" });
  return Response.json(snapshot, { headers: { "cache-control": "no-store" } });
}, { display: true, cluster: true });
