/**
 * The one wrapper every API handler goes through: a session cookie (next-auth JWT) or
 * `Authorization: Bearer <DASHBOARD_API_TOKEN>`; anything else is a 401 with a typed body.
 * Internal errors are logged and never leaked.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { getConfig } from "../config";
import { apiError } from "../api/errors";

export type Principal = { kind: "user"; name: string } | { kind: "token" };

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function authenticate(req: NextRequest): Promise<Principal | null> {
  const config = getConfig();
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match || !config.apiToken) return null;
    return sameSecret(match[1], config.apiToken) ? { kind: "token" } : null;
  }
  const token = await getToken({ req, secret: config.authSecret });
  return token?.name ? { kind: "user", name: token.name } : null;
}

type Handler<C> = (req: NextRequest, ctx: C, principal: Principal) => Promise<Response> | Response;

export function withAuth<C>(handler: Handler<C>): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const principal = await authenticate(req);
    if (!principal)
      return apiError("unauthorized", "log in, or send Authorization: Bearer <api token>", {
        "www-authenticate": 'Bearer realm="jetstream-watch"',
      });
    try {
      return await handler(req, ctx, principal);
    } catch (err) {
      console.error(`[api] ${req.method} ${req.nextUrl.pathname} failed:`, err);
      return apiError("internal", "internal error; see the server log");
    }
  };
}
