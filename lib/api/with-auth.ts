/**
 * The one wrapper every API handler goes through: whoever `authenticate` does not recognise gets a
 * 401 with a typed body. A wall display's token reads only the routes that opt in with
 * `{ display: true }`; every other route answers it 403. Internal errors are logged and never leaked.
 */
import "server-only";
import type { NextRequest } from "next/server";
import { authenticate, type Principal } from "../auth/authenticate";
import { getConfig } from "../config";
import { apiError } from "./errors";

type Handler<C> = (req: NextRequest, ctx: C, principal: Principal) => Promise<Response> | Response;

export interface RouteAccess {
  /** A wall display's link may call this route: it only reads what the wall shows. */
  display?: boolean;
}

export function withAuth<C>(handler: Handler<C>, access: RouteAccess = {}): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const principal = await authenticate(req, getConfig());
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
