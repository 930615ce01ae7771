import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { contentSecurityPolicy, securityHeaders, STATIC_SECURITY_HEADERS, type HeaderContext } from "./headers";

const base: HeaderContext = { kind: "page", nonce: "bm9uY2U=", https: false, development: false, wallFrameAncestors: [], formTargets: [] };
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

test("a page's CSP: scripts only with the request's nonce, no eval in production, never framed", () => {
  const csp = contentSecurityPolicy(base);
  assert.equal(directive(csp, "script-src"), "script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
  assert.equal(directive(csp, "frame-ancestors"), "frame-ancestors 'none'");
  assert.equal(directive(csp, "object-src"), "object-src 'none'");
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.match(contentSecurityPolicy({ ...base, development: true }), /'unsafe-eval'/, "React's development build needs eval");
  assert.equal(directive(contentSecurityPolicy({ ...base, formTargets: ["https://idp.example"] }), "form-action"), "form-action 'self' https://idp.example");
});

test("only the wall may be framed, and only by the configured sites; its URL is never a referrer", () => {
  const ctx = { ...base, wallFrameAncestors: ["https://noc.example.com", "'self'"] };
  assert.equal(directive(contentSecurityPolicy({ ...ctx, kind: "wall" }), "frame-ancestors"), "frame-ancestors https://noc.example.com 'self'");
  assert.equal(directive(contentSecurityPolicy(ctx), "frame-ancestors"), "frame-ancestors 'none'", "other pages stay unframed");
  assert.equal(securityHeaders({ ...ctx, kind: "wall" })["referrer-policy"], "no-referrer");
  assert.equal(securityHeaders(ctx)["referrer-policy"], "same-origin");
});

test("API answers forbid everything a document could do; HSTS only over https", () => {
  const api = securityHeaders({ ...base, kind: "api", nonce: undefined });
  assert.equal(api["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
  assert.equal(api["x-content-type-options"], "nosniff");
  assert.equal(api["strict-transport-security"], undefined);
  assert.equal(securityHeaders({ ...base, https: true })["strict-transport-security"], "max-age=31536000; includeSubDomains");
});

test("static files (outside the proxy) get the same base headers from next.config.js", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nextConfig = require(path.resolve(__dirname, "../../next.config.js")) as { headers(): Promise<{ source: string; headers: { key: string; value: string }[] }[]> };
  const rules = await nextConfig.headers();
  assert.ok(rules.some((r) => r.source === "/_next/static/:path*"));
  for (const rule of rules) assert.deepEqual(Object.fromEntries(rule.headers.map((h) => [h.key, h.value])), STATIC_SECURITY_HEADERS, rule.source);
});
