import { z } from "zod";
import { requireAdminStore, tokenView, wallLink } from "@/lib/api/admin";
import { jsonBody, operatorName } from "@/lib/api/alert-action";
import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";
import { requestFacts } from "@/lib/auth/request";
import { TOKEN_SCOPES } from "@/lib/auth/roles";
import { configuredTokens, createManagedToken } from "@/lib/auth/tokens";
import { getConfig } from "@/lib/config";
import { simpleName } from "@/lib/fields";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** The managed tokens (newest first, revoked ones too) and the configuration's (names and scopes): never a token. */
export const GET = withAuth(
  async () => {
    const store = requireAdminStore();
    return Response.json({ tokens: (await store.tokens.tokens()).map(tokenView), configured: configuredTokens(getConfig()) }, { headers: NO_STORE });
  },
  { role: "admin", action: "listing API tokens and display links" },
);

const createSchema = z.strictObject({
  name: simpleName,
  scope: z.enum(TOKEN_SCOPES, { error: `must be one of ${TOKEN_SCOPES.join(", ")}` }),
});

/**
 * Makes a token: `{"name": "prometheus", "scope": "viewer"}` (scope: viewer, operator, admin, or
 * display for a wall's link). 201 with the token, the only time it is shown, and for a display
 * link the wall's full URL; 409 when the name is taken.
 */
export const POST = withAuth(
  async (req, { principal }) => {
    const store = requireAdminStore();
    const body = await jsonBody(req, createSchema);
    const config = getConfig();
    const reserved = configuredTokens(config).map((t) => t.name);
    const made = await createManagedToken(store, body, { name: operatorName(principal), ip: requestFacts(req.headers, getConfig()).ip }, Date.now(), reserved);
    if ("conflict" in made) return apiError("conflict", made.conflict);
    const wallUrl = made.record.scope === "display" ? wallLink(made.token, req, config.publicUrl) : null;
    return Response.json({ token: made.token, record: tokenView(made.record), wallUrl }, { status: 201, headers: NO_STORE });
  },
  { role: "admin", action: "creating API tokens and display links" },
);
