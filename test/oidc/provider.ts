/**
 * A real OpenID Connect provider for tests (the `oidc-provider` package), on loopback: discovery,
 * authorization code with PKCE, signed ID tokens carrying a `groups` claim. Its own login form
 * (the package's development interaction) takes any of USERS' names with any password; consent is
 * granted without a prompt, as a company's provider does for its own applications.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

/** Test users and their groups: one per dashboard role, and one whose groups map to none. */
export const OIDC_USERS: Record<string, { name: string; email: string; groups: string[] }> = {
  alice: { name: "Alice Admin", email: "alice@example.test", groups: ["staff", "jsw-admins"] },
  oscar: { name: "Oscar Operator", email: "oscar@example.test", groups: ["staff", "sre"] },
  vera: { name: "Vera Viewer", email: "vera@example.test", groups: ["staff"] },
  nobody: { name: "Nobody Mapped", email: "nobody@example.test", groups: ["contractors"] },
};

/** The dashboard's `oidc.roles` for these groups. */
export const OIDC_ROLES = { admin: ["jsw-admins"], operator: ["sre"], viewer: ["staff"] };

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

const SCOPES = "openid profile email groups";

/** Starts the provider for one client whose redirect URI is `<dashboardUrl>/api/auth/callback/oidc`. */
export async function startOidcProvider(dashboardUrl: string, port = 0): Promise<OidcTestProvider> {
  const clientId = "jetstream-watch";
  const clientSecret = `oidc-${randomBytes(24).toString("base64url")}`;
  // The issuer names the port, so bind first and build the provider on the address found.
  const { createServer } = await import("node:http");
  let handler: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${dashboardUrl}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"], groups: ["groups"] },
    // The claims go into the ID token itself, where the dashboard reads them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = OIDC_USERS[id];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, name: user.name, email: user.email, groups: user.groups }) };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
  });
  // Loopback over http: the package warns about an insecure issuer, which is what a test wants.
  provider.proxy = false;
  handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
