/**
 * Who is asking, and with which role: a session cookie (next-auth JWT), `Authorization: Bearer
 * <api token>`, or a wall display's token (`?display=` or as a bearer token). Tokens come from the
 * configuration or, managed by admins, from the history store (lib/auth/tokens.ts). Authorization —
 * which route each may call — is the API wrapper's (lib/api/with-auth.ts).
 */
import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { CONFIG_API_TOKEN_ROLE, type AuthSettings } from "./config";
import { requestFacts } from "./request";
import { isRole, type Role } from "./roles";
import { matchDisplayToken, sameSecret } from "./secrets";
import { acceptManagedToken, type ManagedTokenAccess, type TokenUse } from "./tokens";

/** `managedId`: the managed token's id; absent for the configuration's tokens, which only a restart changes. */
export type Principal =
  | { kind: "user"; name: string; role: Role }
  | { kind: "token"; name: string; role: Role; managedId?: number }
  | { kind: "display"; name: string; managedId?: number };

export type DisplayPrincipal = Extract<Principal, { kind: "display" }>;

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

/**
 * The wall a display link (`?display=`) opens: one of the configuration's, or a managed display
 * link (`managed` is null when there is no history store). Only display links are accepted here.
 */
export async function displayLinkPrincipal(
  given: string,
  settings: Pick<AuthSettings, "displayTokens">,
  managed: ManagedTokenAccess | null,
  use: TokenUse,
): Promise<DisplayPrincipal | null> {
  const display = matchDisplayToken(given, settings.displayTokens);
  if (display) return { kind: "display", name: display.name };
  const found = managed && (await acceptManagedToken(managed, given, use, { displayOnly: true }));
  return found ? { kind: "display", name: found.record.name, managedId: found.record.id } : null;
}

async function bearerPrincipal(given: string, settings: Settings, managed: ManagedTokenAccess | null, use: TokenUse): Promise<Principal | null> {
  if (settings.apiToken && sameSecret(given, settings.apiToken)) return { kind: "token", name: "apiToken (config)", role: CONFIG_API_TOKEN_ROLE };
  const display = matchDisplayToken(given, settings.displayTokens);
  if (display) return { kind: "display", name: display.name };
  const found = managed && (await acceptManagedToken(managed, given, use, { displayOnly: false }));
  if (!found) return null;
  const { record, scope } = found;
  return scope === "display" ? { kind: "display", name: record.name, managedId: record.id } : { kind: "token", name: record.name, role: scope, managedId: record.id };
}

/** `managed`: the history store's managed tokens; null when history is off (the configuration's tokens still work). */
export async function authenticate(req: NextRequest, settings: Settings, managed: ManagedTokenAccess | null = null): Promise<Principal | null> {
  const facts = requestFacts(req.headers, settings);
  const thisUse = (): TokenUse => ({ at: Date.now(), ip: facts.ip, request: `${req.method} ${req.nextUrl.pathname}` });
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match ? bearerPrincipal(match[1], settings, managed, thisUse()) : null;
  }
  const displayParam = req.nextUrl.searchParams.get("display");
  if (displayParam !== null) return displayLinkPrincipal(displayParam, settings, managed, thisUse());
  // The cookie's name differs over https (__Secure-…): look for the one this request's sign-in set.
  const token = await getToken({ req, secret: settings.authSecret, secureCookie: facts.https });
  // With password sign-in turned off, a password session from before counts for nothing.
  const role = sessionRole(token, settings.passwordLogin ? settings.users : []);
  return token?.name && role ? { kind: "user", name: token.name, role } : null;
}
