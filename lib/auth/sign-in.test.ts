import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { describe, test } from "node:test";
import bcrypt from "bcryptjs";
import { LoginLimiter } from "./login-limiter";
import { claimValues, roleFromClaims } from "./oidc";
import { getAuthOptions, verifyUser } from "./options";
import { safeCallbackPath, sameOriginRedirect } from "./redirect";
import { PEER_ADDRESS_HEADER, requestFacts } from "./request";
import { rateLimitedCode, signInErrorMessage } from "./sign-in-errors";
import { onSignIn, type SignInOutcome } from "./sign-in-events";

const HASH = "$2b$10$6ozpJt8463sG6xCEqP8tO.dAwl18S/0hTo8na.gO272tS/sINfYL."; // "password"

describe("single sign-on roles", () => {
  const oidc = {
    roleClaim: "groups",
    roles: [
      { value: "jsw-admins", role: "admin" as const },
      { value: "sre", role: "operator" as const },
      { value: "everyone", role: "viewer" as const },
    ],
    defaultRole: "viewer" as const,
  };

  test("the highest role any claim value maps to wins; a string claim counts as one value", () => {
    const table: Array<[unknown, string | null]> = [
      [["everyone", "sre"], "operator"],
      [["sre", "jsw-admins", "everyone"], "admin"],
      ["sre", "operator"],
      [["unmapped"], "viewer"],
      [undefined, "viewer"],
      [[42, "jsw-admins"], "admin"],
    ];
    for (const [groups, role] of table) assert.equal(roleFromClaims({ sub: "u", groups }, oidc), role, JSON.stringify(groups));
  });

  test("without a default role, a user none of whose values is mapped is refused", () => {
    assert.equal(roleFromClaims({ sub: "u", groups: ["unmapped"] }, { ...oidc, defaultRole: null }), null);
    assert.equal(roleFromClaims({ sub: "u" }, { ...oidc, defaultRole: null }), null);
    assert.equal(roleFromClaims({ sub: "u", groups: ["sre"] }, { ...oidc, defaultRole: null }), "operator");
  });

  test("a dotted claim reaches into objects (Keycloak's realm_access.roles)", () => {
    assert.deepEqual(claimValues({ realm_access: { roles: ["a", "b"] } }, "realm_access.roles"), ["a", "b"]);
    assert.deepEqual(claimValues({ realm_access: "x" }, "realm_access.roles"), []);
  });
});

describe("sign-in redirects stay on this dashboard", () => {
  test("only same-origin paths come through; every way of naming another site becomes the overview", () => {
    const table: Array<[string | undefined, string]> = [
      ["/streams?account=APP", "/streams?account=APP"],
      ["/alerts#firing", "/alerts#firing"],
      ["https://evil.example/", "/"],
      ["//evil.example", "/"],
      ["/\\evil.example", "/"],
      ["/\t/evil.example", "/"],
      ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
      ["javascript:alert(1)", "/"],
      ["", "/"],
      [undefined, "/"],
    ];
    for (const [given, expected] of table) assert.equal(safeCallbackPath(given), expected, JSON.stringify(given));
  });

  test("next-auth's redirect callback keeps the origin and drops any other", () => {
    const base = "https://jsw.example.com";
    assert.equal(sameOriginRedirect("/streams", base), "https://jsw.example.com/streams");
    assert.equal(sameOriginRedirect("https://jsw.example.com/alerts?x=1", base), "https://jsw.example.com/alerts?x=1");
    for (const evil of ["https://evil.example/", "//evil.example", "/\\evil.example", "https://jsw.example.com.evil.example/", "http://jsw.example.com/"])
      assert.equal(sameOriginRedirect(evil, base), "https://jsw.example.com/", evil);
  });
});

describe("what a request may be believed", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  test("the client address is the socket's unless a proxy is trusted, then the entry the proxy appended", () => {
    const sent = headers({ [PEER_ADDRESS_HEADER]: "::ffff:127.0.0.1", "x-forwarded-for": "6.6.6.6, 203.0.113.9", "x-real-ip": "6.6.6.6" });
    assert.equal(requestFacts(sent, { trustProxy: false }).ip, "127.0.0.1", "forwarding headers are the client's claim");
    assert.equal(requestFacts(sent, { trustProxy: true }).ip, "203.0.113.9", "the last entry is the one the proxy added");
    assert.equal(requestFacts(headers({ [PEER_ADDRESS_HEADER]: "10.1.1.1" }), { trustProxy: true }).ip, "10.1.1.1");
    assert.equal(requestFacts(headers({}), { trustProxy: false }).ip, null);
  });

  test("https from publicUrl, or from X-Forwarded-Proto only through a trusted proxy", () => {
    const proto = headers({ "x-forwarded-proto": "https" });
    assert.equal(requestFacts(proto, { trustProxy: false }).https, false);
    assert.equal(requestFacts(proto, { trustProxy: true }).https, true);
    assert.equal(requestFacts(headers({}), { trustProxy: false, publicUrl: "https://jsw.example.com" }).https, true);
    assert.equal(requestFacts(headers({}), { trustProxy: false, publicUrl: "http://jsw.example.com" }).https, false);
  });
});

describe("password sign-in", () => {
  test("an unknown user costs the same bcrypt compare as a known one", async () => {
    const users = [{ username: "ana", passwordHash: HASH, role: "viewer" as const }];
    assert.deepEqual(await verifyUser(users, "ana", "password"), { id: "ana", name: "ana" });
    assert.equal(await verifyUser(users, "ana", "wrong"), null);
    assert.equal(await verifyUser(users, "nobody", "password"), null);
    const compared: string[] = [];
    const original = bcrypt.compare;
    (bcrypt as { compare: unknown }).compare = (password: string, hash: string) => {
      compared.push(hash.slice(0, 7));
      return original(password, hash);
    };
    try {
      await verifyUser(users, "nobody", "password");
      await verifyUser(users, "ana", "wrong");
    } finally {
      (bcrypt as { compare: unknown }).compare = original;
    }
    assert.deepEqual(compared, ["$2b$10$", "$2b$10$"], "one compare each, at the same cost factor");
    const time = async (name: string) => {
      const started = performance.now();
      for (let i = 0; i < 5; i++) await verifyUser(users, name, "wrong");
      return performance.now() - started;
    };
    const [known, unknown] = [await time("ana"), await time("nobody")];
    assert.ok(unknown > known * 0.6 && unknown < known * 1.6, `unknown ${unknown.toFixed(0)} ms vs known ${known.toFixed(0)} ms`);
  });

  test("the 11th wrong password within the window is refused with the seconds to wait; a right one clears the user's count", async () => {
    const limiter = new LoginLimiter({ perUser: 10, perIp: 30, windowSeconds: 60 });
    for (let i = 0; i < 10; i++) {
      assert.equal(await limiter.retryAfterSeconds("ana", "192.0.2.1"), 0, `attempt ${i + 1} is checked`);
      await limiter.failed("ana", "192.0.2.1");
    }
    const wait = await limiter.retryAfterSeconds("ana", "192.0.2.1");
    assert.ok(wait > 55 && wait <= 60, `waits the rest of the window (${wait} s)`);
    assert.ok((await limiter.retryAfterSeconds("ANA ", "192.0.2.7")) > 0, "per user, whatever the address and the case");
    assert.equal(await limiter.retryAfterSeconds("bob", "192.0.2.1"), 0, "another user from the same address may still try");
    await limiter.succeeded("ana");
    assert.equal(await limiter.retryAfterSeconds("ana", "192.0.2.1"), 0);
  });

  test("many user names from one address hit the address's limit", async () => {
    const limiter = new LoginLimiter({ perUser: 10, perIp: 3, windowSeconds: 60 });
    for (const name of ["a", "b", "c"]) await limiter.failed(name, "192.0.2.2");
    assert.ok((await limiter.retryAfterSeconds("d", "192.0.2.2")) > 0);
    assert.equal(await limiter.retryAfterSeconds("d", "192.0.2.3"), 0);
  });

  test("the login page says how long to wait, and what each other failure means", () => {
    assert.equal(signInErrorMessage(rateLimitedCode(42)), "Too many failed sign-ins. Try again in 42 s.");
    assert.equal(signInErrorMessage("CredentialsSignin"), "Wrong username or password.");
    assert.match(signInErrorMessage("NoRole", "Keycloak") ?? "", /Keycloak account has no role/);
    assert.match(signInErrorMessage("OAuthSignin", "Keycloak") ?? "", /Could not reach Keycloak/);
    assert.equal(signInErrorMessage(undefined), null);
  });

  test("each outcome reaches the sign-in listeners with the user, method, address and reason", async () => {
    const seen: SignInOutcome[] = [];
    const stop = onSignIn((o) => seen.push(o));
    const limits = { perUser: 2, perIp: 100, windowSeconds: 60 };
    const options = getAuthOptions(
      { users: [{ username: "ana", passwordHash: HASH, role: "viewer" }], authSecret: "s".repeat(32), passwordLogin: true, loginLimits: limits },
      { ip: "198.51.100.4", https: false },
    );
    const authorize = (options.providers[0] as unknown as { options: { authorize: (c: Record<string, string>) => Promise<unknown> } }).options.authorize;
    try {
      assert.equal(await authorize({ username: "zed-unit", password: "nope" }), null);
      assert.equal(await authorize({ username: "zed-unit", password: "nope" }), null);
      await assert.rejects(authorize({ username: "zed-unit", password: "nope" }), /^Error: RateLimited-\d+$/);
      assert.ok(await authorize({ username: "ana", password: "password" }));
    } finally {
      stop();
    }
    assert.deepEqual(
      seen.map((o) => [o.method, o.user, o.ip, o.ok, o.ok ? o.role : o.reason]),
      [
        ["password", "zed-unit", "198.51.100.4", false, "wrong-password"],
        ["password", "zed-unit", "198.51.100.4", false, "wrong-password"],
        ["password", "zed-unit", "198.51.100.4", false, "rate-limited"],
        ["password", "ana", "198.51.100.4", true, "viewer"],
      ],
    );
  });

  test("password sign-in turned off leaves only single sign-on, and sessions are Secure over https", () => {
    const oidc = { issuer: "https://idp.example", clientId: "jsw", clientSecret: "x".repeat(20), scopes: ["openid"], roleClaim: "groups", roles: [], defaultRole: null, name: "IdP" };
    const base = { users: [], authSecret: "s".repeat(32), loginLimits: { perUser: 10, perIp: 30, windowSeconds: 60 } };
    const off = getAuthOptions({ ...base, passwordLogin: false, oidc }, { ip: null, https: true });
    assert.deepEqual(off.providers.map((p) => p.id), ["oidc"]);
    assert.equal(off.useSecureCookies, true);
    const on = getAuthOptions({ ...base, passwordLogin: true, oidc }, { ip: null, https: false });
    assert.deepEqual(on.providers.map((p) => p.id), ["credentials", "oidc"]);
    assert.equal(on.useSecureCookies, false);
  });
});
