/**
 * The security headers of every answer the proxy (proxy.ts) sees: pages, the wall and the API.
 * Static files (/_next/static, the icon, robots.txt) bypass the proxy and get theirs from
 * next.config.js (STATIC_SECURITY_HEADERS).
 *
 * Pages: a Content-Security-Policy whose scripts must carry the request's nonce (Next.js reads it
 * from the request's own Content-Security-Policy header and puts it on the scripts it inlines);
 * 'strict-dynamic' lets those scripts load the app's chunks. No 'unsafe-eval' outside development
 * (React's dev build needs it). Styles allow 'unsafe-inline' because charts and components set
 * style attributes, which a nonce cannot cover; no script runs from them. Nobody may frame a page,
 * except the wall for the configured `wall.frameAncestors` (CSP frame-ancestors; no X-Frame-Options,
 * which cannot name several sites and which browsers ignore when frame-ancestors is present).
 */

export type AnswerKind = "page" | "wall" | "api";

export interface HeaderContext {
  kind: AnswerKind;
  /** Base64, fresh for each request; pages only. */
  nonce?: string;
  https: boolean;
  development: boolean;
  /** Sites allowed to frame the wall (CSP sources). */
  wallFrameAncestors: readonly string[];
  /** Where a form may send the browser besides this site: the single sign-on provider. */
  formTargets: readonly string[];
}

/** Headers every answer carries, static files included (next.config.js sets these on them; a unit test keeps both equal). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

const HSTS = "max-age=31536000; includeSubDomains";

export function contentSecurityPolicy(ctx: HeaderContext): string {
  if (ctx.kind === "api") return "default-src 'none'; frame-ancestors 'none'";
  const frameAncestors = ctx.kind === "wall" && ctx.wallFrameAncestors.length > 0 ? ctx.wallFrameAncestors.join(" ") : "'none'";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${ctx.nonce}' 'strict-dynamic'${ctx.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${ctx.development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${ctx.formTargets.map((t) => ` ${t}`).join("")}`,
    `frame-ancestors ${frameAncestors}`,
  ];
  return directives.join("; ");
}

export function securityHeaders(ctx: HeaderContext): Record<string, string> {
  const headers: Record<string, string> = { ...STATIC_SECURITY_HEADERS, "content-security-policy": contentSecurityPolicy(ctx) };
  // The wall's URL holds its display token: never sent to another site, nor to this one's other pages.
  if (ctx.kind === "wall") headers["referrer-policy"] = "no-referrer";
  if (ctx.https) headers["strict-transport-security"] = HSTS;
  return headers;
}
