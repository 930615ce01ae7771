/**
 * The one wrapper every API handler goes through: whoever `authenticate` does not recognise gets a
 * 401 with a typed body; a role below the route's (`{ role: "operator" }`; viewer by default) gets
 * a 403 saying which role it needs. A wall display's token reads only the routes that opt in with
 * `{ display: true }`; every other route answers it 403. With `{ cluster: true }` the handler gets
 * the collector of `?cluster=` (see cluster-param.ts). A thrown ApiError is answered with its
 * typed body; other errors are logged and never leaked.
 */
import "server-only";
import type { NextRequest } from "next/server";
import { authenticate, type Principal } from "../auth/authenticate";
import { hasRole, ROLE_GRANTS, type Role } from "../auth/roles";
import { getConfig } from "../config";
import { getHistory } from "../history/runtime";
import { storeUnavailableMessage, storeUnreachable } from "../history/unreachable";
import type { ClusterCollector } from "../hub";
import { collectorFor } from "./cluster-param";
import { ApiError, apiError } from "./errors";

export interface RouteAccess {
  /** A wall display's link may call this route: it only reads what the wall shows. */
  display?: boolean;
  /** The route is about one cluster: resolve `?cluster=` before the handler runs. */
  cluster?: boolean;
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

/** What the wrapper hands a handler besides the request: Next.js's route context and who is asking. */
export interface Call<C> {
  ctx: C;
  principal: Principal;
}

type Handler<A> = (req: NextRequest, call: A) => Promise<Response> | Response;
type Route<C> = (req: NextRequest, ctx: C) => Promise<Response>;

export function withAuth<C>(handler: Handler<Call<C> & { collector: ClusterCollector }>, access: RouteAccess & { cluster: true }): Route<C>;
export function withAuth<C>(handler: Handler<Call<C>>, access?: RouteAccess & { cluster?: false }): Route<C>;
export function withAuth<C>(handler: Handler<Call<C> & { collector: ClusterCollector }>, access: RouteAccess = {}): Route<C> {
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
      // Only handlers declared with { cluster: true } (the first overload) are typed to read it.
      const collector = (access.cluster ? collectorFor(req) : undefined) as ClusterCollector;
      return await handler(req, { ctx, principal, collector });
    } catch (err) {
      if (err instanceof ApiError) return apiError(err.code, err.message, err.headers);
      const unreachable = storeUnreachable(err);
      if (unreachable) return apiError("unavailable", storeUnavailableMessage(unreachable));
      console.error(`[api] ${req.method} ${req.nextUrl.pathname} failed:`, err);
      return apiError("internal", "internal error; see the server log");
    }
  };
}
