import { z } from "zod";
import { actionTaken, jsonBody, leaderUnavailable, operatorName } from "@/lib/api/alert-action";
import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

const schema = z.object({ id: z.string().min(1), minutes: z.number().int().min(1).max(7 * 24 * 60), note: z.string().max(500).default("") }).strict();

/** Silences a pending or firing alert for a while: `{"id": "...", "minutes": 60, "note": "maintenance"}`. */
export const POST = withAuth(async (req, { collector, principal }) => {
  const body = await jsonBody(req, schema);
  const record = await collector
    .alertAction({ kind: "silence", id: body.id, by: operatorName(principal), note: body.note, untilMs: Date.now() + body.minutes * 60_000 })
    .catch(leaderUnavailable);
  if (!record) return apiError("not-found", `no active alert "${body.id}"`);
  return actionTaken(collector, record, "silenced");
}, { cluster: true, role: "operator", action: "silencing alerts" });
