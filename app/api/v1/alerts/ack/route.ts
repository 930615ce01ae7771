import { z } from "zod";
import { actionTaken, jsonBody, leaderUnavailable, operatorName } from "@/lib/api/alert-action";
import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

const schema = z.object({ id: z.string().min(1), note: z.string().max(500).default("") }).strict();

/** Acknowledges a firing alert: `{"id": "...", "note": "looking into it"}`. */
export const POST = withAuth(async (req, { collector, principal }) => {
  const body = await jsonBody(req, schema);
  const record = await collector.alertAction({ kind: "acknowledge", id: body.id, by: operatorName(principal), note: body.note }).catch(leaderUnavailable);
  if (!record) return apiError("not-found", `no firing alert "${body.id}"`);
  return actionTaken(collector, record, "acknowledged");
}, { cluster: true, role: "operator", action: "acknowledging alerts" });
