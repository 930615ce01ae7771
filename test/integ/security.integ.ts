/**
 * The dashboard's outside, on the standalone build in front of a real cluster: every route (read
 * from the app's route files) refuses a stranger and a display link beyond the wall; every answer
 * carries the security headers; wrong passwords are limited per user and per client address, which
 * forwarding headers cannot fake; and no configured secret (monitor and system-account passwords,
 * the OIDC client secret, the API token, display tokens, the session secret, user passwords)
 * appears in the client bundles, a page, an API answer, an error or the server log.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, startDashboard, type DashboardProcess } from "../../scripts/dashboard-process";
import { harnessCluster, systemSource } from "../harness/cluster-entry";
import { startCluster, type Harness } from "../harness/cluster";
import { signIn } from "../harness/session";
import { OIDC_ROLES, startOidcProvider, type OidcTestProvider } from "../oidc/provider";
import { appRoutes, fillRoute, type AppRoute } from "./app-routes";

const ROOT = path.resolve(__dirname, "../..");
const ROUTES = appRoutes(ROOT);
/** The wall's routes: all a display link may open. */
const WALL_PAGES = ["/wall", "/wall/[cluster]"];
const WALL_API = ["/api/v1/snapshot", "/api/v1/events"];

let harness: Harness;
let idp: OidcTestProvider;
let dashboard: DashboardProcess;
let adminCookie: string;
const displayToken = `display-${randomBytes(18).toString("base64url")}`;
const wrongMonitorPassword = `wrong-${randomBytes(12).toString("base64url")}`;
const users = [{ username: "ana", password: `viewer-${randomBytes(9).toString("base64url")}`, role: "viewer" as const }];

before(async () => {
  harness = await startCluster({ nodes: 3 });
  await harness.createSeedAssets();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider(url);
  const withCredentialsInUrl = (u: string) => {
    const parsed = new URL(u);
    parsed.username = harness.proxyUser;
    parsed.password = harness.proxyPassword;
    return parsed.toString();
  };
  dashboard = await startDashboard({
    port,
    users,
    displayToken,
    clusters: [
      { ...harnessCluster(harness, "main"), system: systemSource(harness) },
      // Credentials in the URL itself, and a wrong password: neither may show anywhere.
      harnessCluster(harness, "in-url", { urls: harness.nodes.map((n) => withCredentialsInUrl(n.proxyUrl ?? n.monitorUrl)), user: undefined, password: undefined }),
      harnessCluster(harness, "wrong-password", { password: wrongMonitorPassword }),
    ],
    extraConfig: {
      publicUrl: url,
      wall: { frameAncestors: ["https://noc.example.test"] },
      oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: ["openid", "profile", "groups"], roles: OIDC_ROLES, name: "Test IdP" },
    },
  });
  adminCookie = (await signIn(dashboard.url, dashboard.username, dashboard.password)).cookie;
});

after(async () => {
  await dashboard?.stop();
  await idp?.stop();
  await harness?.stop();
});

function urlOf(route: AppRoute): string {
  const values: Record<string, string> = { cluster: "main", account: "APP", name: "ORDERS", consumer: "order-processor", nextauth: "session", id: "tok_unknown" };
  if (route.pattern === "/nodes/[name]") values.name = harness.nodes[0].name;
  return `${dashboard.url}${fillRoute(route.pattern, values)}`;
}

/** One request; a live stream's body is not waited for. */
async function request(url: string, method: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method,
    headers: { ...(method === "POST" ? { "content-type": "application/json" } : {}), ...headers },
    body: method === "POST" ? JSON.stringify({ id: "no-such-alert", minutes: 5, note: "" }) : undefined,
    redirect: "manual",
    signal: abort.signal,
  });
  if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    // The stream's opening: up to its first snapshot, or what came within two seconds.
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let body = "";
    const deadline = setTimeout(() => abort.abort(), 2000);
    try {
      while (!body.includes("event: snapshot")) {
        const { value, done } = await reader.read();
        if (done) break;
        body += decoder.decode(value, { stream: true });
      }
    } catch {
      // the deadline: what came is enough
    } finally {
      clearTimeout(deadline);
      abort.abort();
    }
    return { status: res.status, headers: res.headers, body };
  }
  return { status: res.status, headers: res.headers, body: await res.text() };
}

const isLoginRedirect = (answer: { status: number; headers: Headers }) =>
  [302, 303, 307].includes(answer.status) && new URL(answer.headers.get("location") ?? "", "http://x").pathname === "/login";

describe("every route", () => {
  test("the walk finds every kind of route in the app's files", () => {
    const patterns = ROUTES.map((r) => r.pattern);
    for (const known of ["/", "/login", "/wall", "/streams/[account]/[name]", "/api/health", "/api/v1/snapshot", "/api/v1/alerts/ack", "/api/auth/[...nextauth]"])
      assert.ok(patterns.includes(known), `${known} is found`);
    assert.deepEqual(ROUTES.find((r) => r.pattern === "/api/v1/events")?.methods, ["GET", "HEAD"]);
  });

  test("without credentials: a redirect to the login (pages) or 401 (API); only health, the login, sign-in itself and static files are open", async () => {
    const open: string[] = [];
    for (const route of ROUTES)
      for (const method of route.methods) {
        const answer = await request(urlOf(route), method);
        const where = `${method} ${route.pattern} → HTTP ${answer.status}`;
        if (route.pattern === "/api/health" || route.pattern === "/login") {
          assert.ok([200, 503].includes(answer.status), where);
          open.push(route.pattern);
        } else if (route.pattern === "/api/auth/[...nextauth]") {
          // next-auth's own endpoints: the session it reports for a stranger is empty.
          if (method === "GET") assert.deepEqual(JSON.parse(answer.body), {}, where);
        } else if (WALL_PAGES.includes(route.pattern)) {
          // A wall never shows a login prompt (nobody is at the TV to type): it says its link is missing, and shows nothing of the cluster.
          assert.equal(answer.status, 200, where);
          assert.match(answer.body, /data-testid="display-link-invalid"/, where);
          assert.doesNotMatch(answer.body, /ORDERS|meta leader/i, where);
        } else if (route.kind === "page") assert.ok(isLoginRedirect(answer), where);
        else assert.equal(answer.status, 401, where);
      }
    assert.deepEqual(open.sort(), ["/api/health", "/login"]);
    // A path no file defines is gated like any page.
    assert.ok(isLoginRedirect(await request(`${dashboard.url}/no-such-page`, "GET")));
    for (const asset of ["/robots.txt", "/icon.svg", staticAssets()[0]]) assert.equal((await request(`${dashboard.url}${asset}`, "GET")).status, 200, asset);
  });

  test("with a display link: the wall and the wall's data only", async () => {
    for (const route of ROUTES) {
      if (route.pattern === "/api/auth/[...nextauth]" || route.pattern === "/api/health" || route.pattern === "/login") continue;
      for (const method of route.methods) {
        const where = `${method} ${route.pattern}`;
        if (route.kind === "page") {
          const answer = await request(`${urlOf(route)}?display=${displayToken}`, method);
          if (WALL_PAGES.includes(route.pattern)) {
            assert.equal(answer.status, 200, where);
            assert.doesNotMatch(answer.body, /display-link-invalid/, where);
          } else assert.ok(isLoginRedirect(answer), `${where} → HTTP ${answer.status}`);
          continue;
        }
        const answer = await request(`${urlOf(route)}${route.pattern === "/api/v1/events" ? "?cluster=main&include=trouble" : "?cluster=main"}`, method, {
          authorization: `Bearer ${displayToken}`,
        });
        if (WALL_API.includes(route.pattern) && method !== "POST") assert.equal(answer.status, 200, `${where} → HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
        else assert.equal(answer.status, 403, `${where} → HTTP ${answer.status}`);
      }
    }
  });
});

describe("security headers", () => {
  const scriptNonces = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => /\bnonce="([^"]+)"/.exec(m[0])?.[1] ?? null);

  test("every page answer: a nonce CSP its scripts carry, no eval, never framed (the wall: the configured sites), nosniff, a referrer policy, no HSTS over http", async () => {
    for (const route of ROUTES.filter((r) => r.kind === "page")) {
      const wall = WALL_PAGES.includes(route.pattern);
      for (const [who, answer] of [
        ["stranger", await request(urlOf(route), "GET")],
        ["admin", await request(urlOf(route), "GET", { cookie: adminCookie })],
      ] as const) {
        const where = `${route.pattern} as ${who} (HTTP ${answer.status})`;
        const csp = answer.headers.get("content-security-policy") ?? "";
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
        assert.ok(nonce, `${where}: ${csp}`);
        assert.doesNotMatch(csp, /unsafe-eval/, where);
        assert.match(csp, wall ? /frame-ancestors https:\/\/noc\.example\.test(;|$)/ : /frame-ancestors 'none'(;|$)/, where);
        assert.equal(answer.headers.get("x-content-type-options"), "nosniff", where);
        assert.equal(answer.headers.get("referrer-policy"), wall ? "no-referrer" : "same-origin", where);
        assert.equal(answer.headers.get("strict-transport-security"), null, where);
        if (answer.status === 200) {
          const nonces = scriptNonces(answer.body);
          assert.ok(nonces.length > 0, `${where}: renders scripts`);
          assert.deepEqual([...new Set(nonces)], [nonce], `${where}: every script carries this answer's nonce`);
        }
      }
    }
  });

  test("a page no route defines (404) is rendered per request too: its scripts carry the answer's nonce", async () => {
    const missing = await request(`${dashboard.url}/no-such-page`, "GET", { cookie: adminCookie });
    assert.equal(missing.status, 404);
    const nonce = /'nonce-([^']+)'/.exec(missing.headers.get("content-security-policy") ?? "")?.[1];
    assert.ok(nonce);
    const nonces = scriptNonces(missing.body);
    assert.ok(nonces.length > 0);
    assert.deepEqual([...new Set(nonces)], [nonce]);
  });

  test("API answers and static files carry what applies to them", async () => {
    for (const route of ROUTES.filter((r) => r.kind === "api" && r.methods.includes("GET"))) {
      const answer = await request(`${urlOf(route)}?cluster=main`, "GET", { cookie: adminCookie });
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff", route.pattern);
      assert.equal(answer.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'", route.pattern);
    }
    for (const asset of ["/robots.txt", "/icon.svg", staticAssets()[0]]) {
      const answer = await request(`${dashboard.url}${asset}`, "GET");
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff", asset);
      assert.equal(answer.headers.get("referrer-policy"), "same-origin", asset);
    }
  });

  test("session cookies are HttpOnly and SameSite=Lax; a client's X-Forwarded-Proto earns neither HSTS nor a Secure cookie without trustProxy", async () => {
    const csrf = await fetch(`${dashboard.url}/api/auth/csrf`, { headers: { "x-forwarded-proto": "https" } });
    const cookies = csrf.headers.getSetCookie();
    assert.ok(cookies.length > 0);
    for (const cookie of cookies) {
      assert.match(cookie, /; HttpOnly/i, cookie);
      assert.match(cookie, /; SameSite=Lax/i, cookie);
      assert.doesNotMatch(cookie, /; Secure/i, cookie);
    }
    assert.equal(csrf.headers.get("strict-transport-security"), null);
  });
});

function staticAssets(): string[] {
  const dir = path.join(ROOT, ".next/static");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = path.join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(`/_next/static/${path.relative(dir, full).split(path.sep).join("/")}`);
    }
  };
  walk(dir);
  return files.filter((f) => f.endsWith(".js")).sort();
}

describe("secrets stay on the server", () => {
  test("no configured secret in the client bundles, any page or API answer (as an admin), error answers, or the server log", async () => {
    const config = JSON.parse(readFileSync(dashboard.configFile, "utf8")) as { authSecret: string; apiToken: string };
    const secrets: Record<string, string> = {
      "monitor password": harness.proxyPassword,
      "wrong monitor password": wrongMonitorPassword,
      "system-account password": harness.sys.password,
      "OIDC client secret": idp.clientSecret,
      "API token": config.apiToken,
      "display token": displayToken,
      "session secret": config.authSecret,
      "admin password": dashboard.password,
      "viewer password": users[0].password,
      "monitor basic auth": Buffer.from(`${harness.proxyUser}:${harness.proxyPassword}`).toString("base64"),
    };
    const found: string[] = [];
    const check = (where: string, text: string) => {
      for (const [what, value] of Object.entries(secrets)) if (text.includes(value)) found.push(`${what} in ${where}`);
    };

    const bundles = staticAssets();
    assert.ok(bundles.length > 5, "the build's client bundles are there");
    for (const file of bundles) check(file, readFileSync(path.join(ROOT, ".next", file.slice("/_next".length)), "utf8"));

    // Let every cluster be polled (and fail) a few times, so their errors are in the answers and the log.
    await new Promise((r) => setTimeout(r, 4000));
    const admin = { cookie: adminCookie };
    const answered: string[] = [];
    for (const route of ROUTES) {
      if (route.pattern === "/api/auth/[...nextauth]") continue;
      for (const method of route.methods)
        for (const cluster of ["main", "in-url", "wrong-password"]) {
          const url = `${urlOf(route).replace("/wall/main", `/wall/${cluster}`)}${route.kind === "api" ? `?cluster=${cluster}&include=streams,consumers` : ""}`;
          const answer = await request(url, method, admin);
          if (answer.status === 200) answered.push(`${method} ${url.slice(dashboard.url.length)}`);
          check(`${method} ${url.slice(dashboard.url.length)} (HTTP ${answer.status})`, answer.body + JSON.stringify([...answer.headers]));
        }
    }
    // The walk read real answers, not refusals: every cluster's snapshot and every page.
    for (const cluster of ["main", "in-url", "wrong-password"]) assert.ok(answered.some((a) => a.startsWith(`GET /api/v1/snapshot?cluster=${cluster}&`)), `${cluster}'s snapshot was read`);
    for (const route of ROUTES.filter((r) => r.kind === "page" && r.pattern !== "/login")) assert.ok(answered.includes(`GET ${urlOf(route).slice(dashboard.url.length)}`), `${route.pattern} was read`);
    // Error answers: unknown cluster, bad parameters, refused roles, a bad token, a failed single sign-on.
    const viewer = (await signIn(dashboard.url, "ana", users[0].password)).cookie;
    const errors: Array<[string, string, Record<string, string>]> = [
      ["/api/v1/snapshot?cluster=nope", "GET", admin],
      ["/api/v1/history/node?cluster=main&node=x&from=yesterday", "GET", admin],
      ["/api/v1/report?from=not-a-date", "GET", admin],
      ["/api/v1/alerts/ack?cluster=main", "POST", { cookie: viewer }],
      ["/api/v1/snapshot", "GET", { authorization: `Bearer not-the-${randomBytes(12).toString("base64url")}` }],
      ["/api/auth/callback/oidc?code=forged&state=forged", "GET", {}],
      [`/wall?display=not-a-display-token-0123456789`, "GET", {}],
    ];
    for (const [url, method, headers] of errors) {
      const answer = await request(`${dashboard.url}${url}`, method, headers);
      assert.ok(answer.status >= 300 || url.startsWith("/wall"), `${url} is refused (HTTP ${answer.status})`);
      check(`error ${method} ${url} (HTTP ${answer.status})`, answer.body + JSON.stringify([...answer.headers]));
    }
    const log = readFileSync(dashboard.logFile, "utf8");
    assert.match(log, /\[auth\] OAUTH_CALLBACK_ERROR/, "the failed single sign-on was logged");
    check("the server log", log);
    assert.deepEqual(found, []);
  });
});

/** A password attempt as the login page makes it; the error code next-auth answers, or null when signed in. */
async function attempt(username: string, password: string, headers: Record<string, string> = {}): Promise<string | null> {
  return (await passwordSignIn(username, password, headers)).error;
}

async function passwordSignIn(username: string, password: string, headers: Record<string, string> = {}): Promise<{ error: string | null; setCookies: string[] }> {
  const csrf = await fetch(`${dashboard.url}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${dashboard.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
    body: new URLSearchParams({ csrfToken, username, password, json: "true", callbackUrl: `${dashboard.url}/` }).toString(),
  });
  const { url } = (await res.json()) as { url: string };
  return { error: new URL(url).searchParams.get("error"), setCookies: [...csrf.headers.getSetCookie(), ...res.headers.getSetCookie()] };
}

describe("sign-in limits", () => {
  test("the 11th wrong password for a user within a minute is refused with the seconds to wait, even with the right password", async () => {
    for (let i = 1; i <= 10; i++) assert.equal(await attempt("ana", `wrong-${i}`), "CredentialsSignin", `attempt ${i}`);
    const refused = await attempt("ana", `wrong-11`);
    assert.match(refused ?? "", /^RateLimited-(\d+)$/);
    const seconds = Number(/\d+/.exec(refused!)![0]);
    assert.ok(seconds >= 50 && seconds <= 60, `${seconds} s`);
    assert.match((await attempt("ana", users[0].password)) ?? "", /^RateLimited-\d+$/, "not even the right password is checked until then");
    const page = await (await fetch(`${dashboard.url}/login?error=${refused}`)).text();
    assert.match(page, new RegExp(`Too many failed sign-ins\\. Try again in (<!-- -->)?${seconds}(<!-- -->)? s\\.`));
  });

  test("the client's address is the socket's: X-Forwarded-For and a forged peer header do not spread attempts over addresses", async () => {
    // 30 per address (the default): ana's 10 wrong passwords above came from here too (a refused try is not counted).
    let refusedAt = 0;
    for (let i = 1; i <= 25 && !refusedAt; i++) {
      const forged = { "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `198.51.100.${i}`, "x-jetstream-watch-peer": `203.0.113.${i}` };
      const error = await attempt(`spray-${i}`, "guess", forged);
      if (error?.startsWith("RateLimited-")) refusedAt = i;
      else assert.equal(error, "CredentialsSignin");
    }
    assert.equal(refusedAt, 30 - 10 + 1, "refused once the address's 30 wrong passwords are used up");
  });
});

describe("behind a trusted proxy", () => {
  test("with trustProxy: the address is X-Forwarded-For's last entry; https comes from X-Forwarded-Proto (HSTS, Secure cookies the next request finds)", async () => {
    const config = JSON.parse(readFileSync(dashboard.configFile, "utf8")) as Record<string, unknown>;
    writeFileSync(dashboard.configFile, JSON.stringify({ ...config, trustProxy: true }));
    await dashboard.stop();
    dashboard = await dashboard.restart();

    const https = { "x-forwarded-proto": "https" };
    assert.equal((await request(`${dashboard.url}/login`, "GET", https)).headers.get("strict-transport-security"), "max-age=31536000; includeSubDomains");
    assert.equal((await request(`${dashboard.url}/login`, "GET")).headers.get("strict-transport-security"), null, "plain http: no HSTS");

    const signedIn = await passwordSignIn("ana", users[0].password, https);
    assert.equal(signedIn.error, null);
    const session = signedIn.setCookies.find((c) => c.startsWith("__Secure-next-auth.session-token="));
    assert.ok(session, signedIn.setCookies.join("\n"));
    assert.match(session, /; Secure/i);
    assert.match(session, /; HttpOnly/i);
    const cookie = signedIn.setCookies.map((c) => c.split(";")[0]).join("; ");
    assert.equal((await request(`${dashboard.url}/api/v1/snapshot`, "GET", { ...https, cookie })).status, 200, "the Secure cookie is found over https");

    // 30 wrong passwords from one forwarded address use up its count; another address (the entry the proxy appended) may still try.
    const from = (ip: string) => ({ "x-forwarded-for": `6.6.6.6, ${ip}` });
    for (let i = 1; i <= 30; i++) assert.equal(await attempt(`proxy-user-${i}`, "guess", from("192.0.2.10")), "CredentialsSignin", `attempt ${i}`);
    assert.match((await attempt("proxy-user-31", "guess", from("192.0.2.10"))) ?? "", /^RateLimited-\d+$/);
    assert.equal(await attempt("proxy-user-31", "guess", from("192.0.2.20")), "CredentialsSignin");
  });
});
