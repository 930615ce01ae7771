/**
 * Who is asking: a session cookie (next-auth JWT), `Authorization: Bearer <api token>`, or a wall
 * display's token (`?display=` or as a bearer token). Authorization — which route each may call —
 * is the API wrapper's (lib/api/with-auth.ts).
 */
import "server-only";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import type { AuthSettings } from "./config";
import { matchDisplayToken, sameSecret } from "./secrets";

export type Principal = { kind: "user"; name: string } | { kind: "token" } | { kind: "display"; name: string };

export async function authenticate(req: NextRequest, settings: Pick<AuthSettings, "apiToken" | "displayTokens" | "authSecret">): Promise<Principal | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) return null;
    if (settings.apiToken && sameSecret(match[1], settings.apiToken)) return { kind: "token" };
    const display = matchDisplayToken(match[1], settings.displayTokens);
    return display ? { kind: "display", name: display.name } : null;
  }
  const displayParam = req.nextUrl.searchParams.get("display");
  if (displayParam !== null) {
    const display = matchDisplayToken(displayParam, settings.displayTokens);
    return display ? { kind: "display", name: display.name } : null;
  }
  const token = await getToken({ req, secret: settings.authSecret });
  return token?.name ? { kind: "user", name: token.name } : null;
}
