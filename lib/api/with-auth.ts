/**
 * The one wrapper every API handler goes through: whoever `authenticate` does not recognise gets a
 * 401 with a typed body; a role below the route's (`{ role: "operator" }`; viewer by default) gets
 * a 403 saying which role it needs. A wall display's token reads only the routes that opt in with
 * `{ display: true }`; every other route answers it 403. Internal errors are logged and never leaked.
 */
import "server-only";
import type { NextRequest } from "next/server";
import { authenticate, type Principal } from "../auth/authenticate";
import { hasRole, ROLE_GRANTS, type Role } from "../auth/roles";
import { getConfig } from "../config";
import { getHistory } from "../history/runtime";
import { apiError } from "./errors";

type Handler<C> = (req: NextRequest, ctx: C, principal: Principal) => Promise<Response> | Response;

export interface RouteAccess {
  /** A wall display's link may call this route: it only reads what the wall shows. */
  display?: boolean;
  /** The least role that may call it (default viewer: anyone signed in or with a token). */
  role?: Role;
  /** What the route does, for the 403 ("acknowledging alerts needs the operator role …"). */
  action?: string;
}

/** Why `principal` may not call a route that needs `needed`, or null when it may. */
export function refusal(principal: Principal, access: RouteAccess): string | null {
  if (principal.kind === "display") return access.display ? null : "a display link can only read what the wall display shows";
  const needed = access.role ?? "viewer";
  if (hasRole(principal.role, needed)) return null;
  const who = principal.kind === "user" ? `you are signed in as ${principal.name}, a ${principal.role}` : `this token has the ${principal.role} role`;
  return `${access.action ?? "this"} needs the ${needed} role (one that ${ROLE_GRANTS[needed]}); ${who}`;
}

export function withAuth<C>(handler: Handler<C>, access: RouteAccess = {}): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    try {
      // Managed tokens live in the history store; without one, the configuration's tokens still work.
      const principal = await authenticate(req, getConfig(), getHistory()?.store ?? null);
      if (!principal)
        return apiError("unauthorized", "log in, or send Authorization: Bearer <api token>", {
          "www-authenticate": 'Bearer realm="jetstream-watch"',
        });
      const refused = refusal(principal, access);
      if (refused) return apiError("forbidden", refused);
      return await handler(req, ctx, principal);
    } catch (err) {
      console.error(`[api] ${req.method} ${req.nextUrl.pathname} failed:`, err);
      return apiError("internal", "internal error; see the server log");
    }
  };
}
