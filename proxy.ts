/**
 * Gates every page behind a login. API routes authenticate themselves (session or bearer token,
 * see lib/auth/guard.ts) so that they can answer 401 JSON instead of a redirect.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./lib/config";

const PUBLIC_PAGES = ["/login"];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (pathname.startsWith("/api/") || PUBLIC_PAGES.includes(pathname)) return NextResponse.next();
  const token = await getToken({ req, secret: getConfig().authSecret });
  if (token) return NextResponse.next();
  const login = new URL("/login", req.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
