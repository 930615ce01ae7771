import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

/** The cluster's recent events (leader elections, lost quorums, nodes down/up, …), newest first. */
export const GET = withAuth((req, { collector }) => {
  const raw = req.nextUrl.searchParams.get("limit");
  const limit = raw === null ? 200 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return apiError("bad-request", "limit must be a whole number from 1 to 1000");
  return Response.json({ events: collector.recentEvents(limit) }, { headers: { "cache-control": "no-store" } });
}, { cluster: true });
