import { z } from "zod";
import { jsonBody, operatorName } from "@/lib/api/alert-action";
import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

const schema = z.object({ id: z.string().min(1), minutes: z.number().int().min(1).max(7 * 24 * 60), note: z.string().max(500).default("") }).strict();

/** Silences a pending or firing alert for a while: `{"id": "...", "minutes": 60, "note": "maintenance"}`. */
export const POST = withAuth(async (req, { collector, principal }) => {
  const body = await jsonBody(req, schema);
  const record = collector.silenceAlert(body.id, operatorName(principal), body.note, Date.now() + body.minutes * 60_000);
  if (!record) return apiError("not-found", `no active alert "${body.id}"`);
  // Answered once kept: a restart right after the answer still knows it.
  await collector.alertStateSaved();
  return Response.json({ alert: record });
}, { cluster: true, role: "operator", action: "silencing alerts" });
