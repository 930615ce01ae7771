/**
 * Single sign-on with a generic OpenID Connect provider (next-auth v4's OAuth flow with the
 * provider's discovery document), and the role a user gets from the provider's claims at sign-in.
 */
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { OidcSettings } from "./config";
import { ROLES, type Role } from "./roles";

/** The provider id: the redirect URI to register with the provider is `<publicUrl>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

type Claims = Record<string, unknown>;

/** The claim at `path` ("groups", or "realm_access.roles" into an object) as a list of strings. */
export function claimValues(claims: Claims, path: string): string[] {
  const value = path.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Claims)[key] : undefined), claims);
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** The highest role any of the user's claim values maps to, else the default role (null: refused). */
export function roleFromClaims(claims: Claims, oidc: Pick<OidcSettings, "roleClaim" | "roles" | "defaultRole">): Role | null {
  const values = new Set(claimValues(claims, oidc.roleClaim));
  const mapped = oidc.roles.filter((r) => values.has(r.value)).map((r) => ROLES.indexOf(r.role));
  return mapped.length > 0 ? ROLES[Math.max(...mapped)] : oidc.defaultRole;
}

/** The name the header and the audit show: what the provider calls the user, else the subject. */
export function displayName(claims: Claims): string {
  for (const key of ["preferred_username", "name", "email"]) {
    const value = claims[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return String(claims.sub);
}

export function oidcProvider(oidc: OidcSettings): OAuthConfig<Claims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: oidc.scopes.join(" ") } },
    // The user comes from the ID token's claims, which the library checks (signature, issuer, audience, expiry, nonce).
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // A provider that does not answer within this costs the user a clear error, not a hung page.
    httpOptions: { timeout: 5000 },
    profile: (claims) => ({ id: String(claims.sub), name: displayName(claims), email: typeof claims.email === "string" ? claims.email : null }),
  };
}
