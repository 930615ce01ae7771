/**
 * Gates every page behind a login. API routes authenticate themselves (session or bearer token,
 * see lib/api/with-auth.ts) so that they can answer 401 JSON instead of a redirect. The wall display
 * checks its own display link and must never show a login prompt, so it is let through here.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./lib/config";

const PUBLIC_PAGES = ["/login"];

const isWall = (pathname: string) => pathname === "/wall" || pathname.startsWith("/wall/");

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (pathname.startsWith("/api/") || PUBLIC_PAGES.includes(pathname)) return NextResponse.next();
  if (isWall(pathname)) {
    // The display token is in the URL: never hand it to another site as a Referer.
    const res = NextResponse.next();
    res.headers.set("referrer-policy", "no-referrer");
    return res;
  }
  const token = await getToken({ req, secret: getConfig().authSecret });
  if (token) return NextResponse.next();
  const login = new URL("/login", req.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
