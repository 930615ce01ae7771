import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

const STATES = ["firing", "all"] as const;

/**
 * `?state=firing` (default): the firing alerts, critical first. `?state=all`: also pending ones,
 * resolved ones (newest first) and every transition.
 */
export const GET = withAuth((req, { collector }) => {
  const state = req.nextUrl.searchParams.get("state") ?? "firing";
  if (!(STATES as readonly string[]).includes(state)) return apiError("bad-request", `state must be one of ${STATES.join(", ")}`);
  const alerts = collector.alerts();
  const body =
    state === "firing"
      ? { firing: alerts.firing() }
      : { firing: alerts.firing(), pending: alerts.pending(), resolved: alerts.history(), transitions: alerts.log() };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}, { cluster: true });
