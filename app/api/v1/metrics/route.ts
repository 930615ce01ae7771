import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";
import { getHub } from "@/lib/hub";
import { getMetrics, scrape } from "@/lib/metrics/runtime";

export const dynamic = "force-dynamic";

/**
 * Prometheus metrics of every cluster (text format 0.0.4, or OpenMetrics when the scraper asks for
 * it), read from the latest snapshots: a scrape never triggers a request to a node. Any role may
 * read it; give Prometheus a viewer token (Authorization: Bearer …).
 */
export const GET = withAuth(async (req) => {
  const hub = getHub();
  const metrics = getMetrics();
  if (!hub || !metrics) return apiError("unavailable", "the dashboard is starting");
  const { contentType, body } = await scrape(metrics, hub, req.headers.get("accept"));
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
