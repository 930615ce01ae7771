/**
 * Who is asking, and with which role: a session cookie (next-auth JWT), `Authorization: Bearer
 * <api token>`, or a wall display's token (`?display=` or as a bearer token). Authorization — which
 * route each may call — is the API wrapper's (lib/api/with-auth.ts).
 */
import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { CONFIG_API_TOKEN_ROLE, type AuthSettings } from "./config";
import { requestFacts } from "./request";
import { isRole, type Role } from "./roles";
import { matchDisplayToken, sameSecret } from "./secrets";

export type Principal =
  | { kind: "user"; name: string; role: Role }
  | { kind: "token"; name: string; role: Role }
  | { kind: "display"; name: string };

type Settings = Pick<AuthSettings, "apiToken" | "displayTokens" | "authSecret" | "users" | "passwordLogin" | "trustProxy"> & { publicUrl?: string };

/**
 * The role a signed-in session has now. A password user's role is read from the configuration on
 * every request, so a user taken out of it (or given a lesser role) is refused from the next
 * request on, not when the session expires.
 */
export function sessionRole(token: Pick<JWT, "name" | "via" | "role"> | null, users: AuthSettings["users"]): Role | null {
  if (!token?.name) return null;
  if (token.via === "password" || token.via === undefined) return users.find((u) => u.username === token.name)?.role ?? null;
  return isRole(token.role) ? token.role : null;
}

export async function authenticate(req: NextRequest, settings: Settings): Promise<Principal | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) return null;
    if (settings.apiToken && sameSecret(match[1], settings.apiToken)) return { kind: "token", name: "apiToken (config)", role: CONFIG_API_TOKEN_ROLE };
    const display = matchDisplayToken(match[1], settings.displayTokens);
    return display ? { kind: "display", name: display.name } : null;
  }
  const displayParam = req.nextUrl.searchParams.get("display");
  if (displayParam !== null) {
    const display = matchDisplayToken(displayParam, settings.displayTokens);
    return display ? { kind: "display", name: display.name } : null;
  }
  // The cookie's name differs over https (__Secure-…): look for the one this request's sign-in set.
  const token = await getToken({ req, secret: settings.authSecret, secureCookie: requestFacts(req.headers, settings).https });
  // With password sign-in turned off, a password session from before counts for nothing.
  const role = sessionRole(token, settings.passwordLogin ? settings.users : []);
  return token?.name && role ? { kind: "user", name: token.name, role } : null;
}
