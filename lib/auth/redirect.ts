/**
 * Where a sign-in may send the browser afterwards: a path on this dashboard, never another site.
 * Pure: the login page (server) and next-auth's redirect callback share it.
 */
const PLACEHOLDER = "http://same-origin.invalid";

/**
 * `raw` as a same-origin path with its query, or "/" when it is anything else. Resolved the way a
 * browser resolves it, so `//evil.example`, `/\evil.example`, `/\t/evil.example` and absolute URLs
 * all fall back to the overview.
 */
export function safeCallbackPath(raw: string | string[] | null | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER);
  } catch {
    return "/";
  }
  if (url.origin !== PLACEHOLDER) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** next-auth's redirect callback: a URL on `baseUrl`'s origin (absolute or a path), else the overview. */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (url.startsWith("/")) return new URL(safeCallbackPath(url), base.origin).toString();
  try {
    const target = new URL(url);
    if (target.origin === base.origin) return new URL(safeCallbackPath(`${target.pathname}${target.search}${target.hash}`), base.origin).toString();
  } catch {
    // not a URL: the overview
  }
  return new URL("/", base.origin).toString();
}
