/**
 * Gates every page behind a login and puts the security headers (lib/auth/headers.ts) on every
 * answer it sees: pages, the wall and the API. API routes authenticate themselves (session or
 * bearer token, see lib/api/with-auth.ts) so that they can answer 401 JSON instead of a redirect.
 * The wall display checks its own display link and must never show a login prompt, so it is let
 * through here.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders, type AnswerKind } from "./lib/auth/headers";
import { requestFacts } from "./lib/auth/request";
import { getConfig } from "./lib/config";

const PUBLIC_PAGES = ["/login"];

const isWall = (pathname: string) => pathname === "/wall" || pathname.startsWith("/wall/");

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const config = getConfig();
  const facts = requestFacts(req.headers, config);
  const kind: AnswerKind = pathname.startsWith("/api/") ? "api" : isWall(pathname) ? "wall" : "page";
  const nonce = kind === "api" ? undefined : Buffer.from(crypto.randomUUID()).toString("base64");
  const headers = securityHeaders({
    kind,
    nonce,
    https: facts.https,
    development: process.env.NODE_ENV === "development",
    wallFrameAncestors: config.wall.frameAncestors,
    formTargets: config.oidc ? [new URL(config.oidc.issuer).origin] : [],
  });
  const withHeaders = (res: NextResponse) => {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  };
  // Next.js reads the nonce from the request's own CSP header and puts it on the scripts it renders.
  const pass = () => {
    if (kind === "api") return withHeaders(NextResponse.next());
    const request = new Headers(req.headers);
    request.set("content-security-policy", headers["content-security-policy"]);
    return withHeaders(NextResponse.next({ request: { headers: request } }));
  };

  if (kind !== "page" || PUBLIC_PAGES.includes(pathname)) return pass();
  const token = await getToken({ req, secret: config.authSecret, secureCookie: facts.https });
  if (token) return pass();
  const login = new URL("/login", req.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return withHeaders(NextResponse.redirect(login));
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
