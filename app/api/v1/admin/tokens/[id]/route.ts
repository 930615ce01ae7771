import { requireAdminStore, tokenView } from "@/lib/api/admin";
import { operatorName } from "@/lib/api/alert-action";
import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";
import { requestFacts } from "@/lib/auth/request";
import { getConfig } from "@/lib/config";
import { revokeManagedToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

/** Revokes a managed token: it is refused from the next request on, and its open live streams end. */
export const DELETE = withAuth<{ params: Promise<{ id: string }> }>(
  async (req, { ctx, principal }) => {
    const store = requireAdminStore();
    const { id } = await ctx.params;
    if (!/^[1-9]\d{0,15}$/.test(id)) return apiError("bad-request", `"${id}" is not a token's id`);
    const revoked = await revokeManagedToken(store, Number(id), { name: operatorName(principal), ip: requestFacts(req.headers, getConfig()).ip }, Date.now());
    if (revoked === "not-found") return apiError("not-found", `no managed token with id ${id}`);
    if (revoked === "already-revoked") return apiError("conflict", `token ${id} is already revoked`);
    return Response.json({ record: tokenView(revoked) }, { headers: { "cache-control": "no-store" } });
  },
  { role: "admin", action: "revoking API tokens and display links" },
);
