/**
 * The one wrapper every API handler goes through: a session cookie (next-auth JWT) or
 * `Authorization: Bearer <DASHBOARD_API_TOKEN>`; anything else is a 401 with a typed body.
 * A wall display's token (`?display=` or as a bearer token) reads only the routes that opt in
 * with `{ display: true }`; every other route answers it 403. Internal errors are logged and never leaked.
 */
import "server-only";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { getConfig } from "../config";
import { apiError } from "../api/errors";
import { matchDisplayToken, sameSecret } from "./secrets";

export type Principal = { kind: "user"; name: string } | { kind: "token" } | { kind: "display"; name: string };

export async function authenticate(req: NextRequest): Promise<Principal | null> {
  const config = getConfig();
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) return null;
    if (config.apiToken && sameSecret(match[1], config.apiToken)) return { kind: "token" };
    const display = matchDisplayToken(match[1], config.displayTokens);
    return display ? { kind: "display", name: display.name } : null;
  }
  const displayParam = req.nextUrl.searchParams.get("display");
  if (displayParam !== null) {
    const display = matchDisplayToken(displayParam, config.displayTokens);
    return display ? { kind: "display", name: display.name } : null;
  }
  const token = await getToken({ req, secret: config.authSecret });
  return token?.name ? { kind: "user", name: token.name } : null;
}

type Handler<C> = (req: NextRequest, ctx: C, principal: Principal) => Promise<Response> | Response;

export interface RouteAccess {
  /** A wall display's link may call this route: it only reads what the wall shows. */
  display?: boolean;
}

export function withAuth<C>(handler: Handler<C>, access: RouteAccess = {}): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const principal = await authenticate(req);
    if (!principal)
      return apiError("unauthorized", "log in, or send Authorization: Bearer <api token>", {
        "www-authenticate": 'Bearer realm="jetstream-watch"',
      });
    if (principal.kind === "display" && !access.display) return apiError("forbidden", "a display link can only read what the wall display shows");
    try {
      return await handler(req, ctx, principal);
    } catch (err) {
      console.error(`[api] ${req.method} ${req.nextUrl.pathname} failed:`, err);
      return apiError("internal", "internal error; see the server log");
    }
  };
}
