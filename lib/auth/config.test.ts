import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { parseConfig } from "../config";
import { HASH, problemsOf, secret } from "../__fixtures__/config";

const CLUSTER = { NATS_MONITOR_URLS: "http://a:8222" };
const SSO_SECRET = "sso-client-secret-do-not-show-0123";

function scratch(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "jsw-auth-config-")), name);
  writeFileSync(file, content);
  return file;
}


describe("single sign-on settings", () => {
  test("from the file, with the secret from OIDC_CLIENT_SECRET; roles as lists per role or as a map; defaults", () => {
    const file = scratch(
      "config.json",
      JSON.stringify({
        publicUrl: "https://jsw.example.com",
        oidc: { issuer: "https://idp.example/realms/ops/", clientId: "jsw", roles: { admin: ["jsw-admins"], operator: ["sre", "oncall"], "all-staff": "viewer" } },
      }),
    );
    const config = parseConfig({ ...CLUSTER, DASHBOARD_CONFIG: file, OIDC_CLIENT_SECRET: SSO_SECRET }, secret);
    assert.deepEqual(config.oidc, {
      issuer: "https://idp.example/realms/ops",
      clientId: "jsw",
      clientSecret: SSO_SECRET,
      scopes: ["openid", "profile", "email"],
      roleClaim: "groups",
      roles: [
        { value: "jsw-admins", role: "admin" },
        { value: "sre", role: "operator" },
        { value: "oncall", role: "operator" },
        { value: "all-staff", role: "viewer" },
      ],
      defaultRole: "viewer",
      name: "SSO",
    });
    assert.deepEqual(config.users, [], "single sign-on alone is a way in");
    assert.equal(config.passwordLogin, true);
    assert.equal(config.trustProxy, false);
    assert.deepEqual(config.loginLimits, { perUser: 10, perIp: 30, windowSeconds: 60 });
  });

  test("the secret from a file; env alone is enough for a provider with a default role", () => {
    const secretFile = scratch("oidc-secret", `${SSO_SECRET}\n`);
    const config = parseConfig(
      {
        ...CLUSTER,
        DASHBOARD_PUBLIC_URL: "https://jsw.example.com",
        OIDC_ISSUER: "https://idp.example",
        OIDC_CLIENT_ID: "jsw",
        OIDC_CLIENT_SECRET_FILE: secretFile,
        DASHBOARD_PASSWORD_LOGIN: "off",
        DASHBOARD_TRUST_PROXY: "true",
      },
      secret,
    );
    assert.equal(config.oidc?.clientSecret, SSO_SECRET);
    assert.equal(config.passwordLogin, false);
    assert.equal(config.trustProxy, true);
  });

  test("problems are named and never show the secret", () => {
    const sso = { ...CLUSTER, DASHBOARD_PUBLIC_URL: "https://jsw.example.com", OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "jsw" };
    const cases: Array<[Record<string, string>, string[]]> = [
      [sso, ["OIDC_CLIENT_SECRET: is required (or clientSecretFile, or OIDC_CLIENT_SECRET)"]],
      [{ ...sso, OIDC_CLIENT_SECRET_FILE: "/nonexistent/oidc-secret" }, ["OIDC_CLIENT_SECRET_FILE: cannot read /nonexistent/oidc-secret: ENOENT"]],
      [{ ...sso, OIDC_CLIENT_SECRET: SSO_SECRET, DASHBOARD_PUBLIC_URL: "" }, ["publicUrl (DASHBOARD_PUBLIC_URL): single sign-on needs it: the provider sends users back to <publicUrl>/api/auth/callback/oidc"]],
      [{ ...CLUSTER, DASHBOARD_USERS: `a:${HASH}`, DASHBOARD_PASSWORD_LOGIN: "false" }, ["DASHBOARD_PASSWORD_LOGIN: password sign-in is off and no single sign-on (oidc) is configured, so nobody could sign in"]],
      [{ ...CLUSTER, DASHBOARD_USERS: `a:${HASH}`, DASHBOARD_TRUST_PROXY: "maybe" }, ["DASHBOARD_TRUST_PROXY: Invalid input: expected boolean, received string"]],
    ];
    for (const [env, expected] of cases) assert.deepEqual(problemsOf(env), expected, JSON.stringify(env));

    const file = scratch(
      "config.json",
      JSON.stringify({
        publicUrl: "https://jsw.example.com",
        oidc: { issuer: "idp.example", clientId: "jsw", clientSecret: SSO_SECRET, defaultRole: "root", scopes: ["profile"] },
      }),
    );
    const problems = problemsOf({ ...CLUSTER, DASHBOARD_CONFIG: file }).map((p) => p.replace(`${file}: `, ""));
    assert.deepEqual(problems.map((p) => p.split(":")[0]).sort(), ["oidc.defaultRole", "oidc.issuer", "oidc.scopes"]);
    const roles = scratch("config.json", JSON.stringify({ publicUrl: "https://jsw.example.com", oidc: { issuer: "https://idp.example", clientId: "jsw", clientSecret: SSO_SECRET, roles: { wizard: ["x"], admin: "viewer" } } }));
    const roleProblems = problemsOf({ ...CLUSTER, DASHBOARD_CONFIG: roles }).map((p) => p.replace(`${roles}: `, ""));
    assert.deepEqual(roleProblems, ["oidc.roles.wizard: a list of claim values belongs under a role (viewer, operator, admin)"]);
    for (const p of [...problems, ...roleProblems]) assert.ok(!p.includes(SSO_SECRET), p);
  });

  test("the wall may allow sites to frame it; anything but an origin is refused", () => {
    const file = scratch("config.json", JSON.stringify({ users: [{ username: "a", passwordHash: HASH }], wall: { frameAncestors: ["https://noc.example.com", "'self'"] } }));
    assert.deepEqual(parseConfig({ ...CLUSTER, DASHBOARD_CONFIG: file }, secret).wall.frameAncestors, ["https://noc.example.com", "'self'"]);
    const bad = scratch("config.json", JSON.stringify({ users: [{ username: "a", passwordHash: HASH }], wall: { frameAncestors: ["*", "https://x.example; script-src *"] } }));
    assert.deepEqual(
      problemsOf({ ...CLUSTER, DASHBOARD_CONFIG: bad }).map((p) => p.replace(`${bad}: `, "")),
      ["wall.frameAncestors[0]: must be an origin (https://noc.example.com) or 'self'", "wall.frameAncestors[1]: must be an origin (https://noc.example.com) or 'self'"],
    );
  });
});

describe("configuration errors never repeat a secret", () => {
  test("a bad URL with a password in it is named without the password", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ NATS_MONITOR_URLS: "http://monitor:s3cret-pass@", DASHBOARD_USERS: `a:${HASH}` }, 'NATS_MONITOR_URLS[0]: "http://…@" must be an http:// or https:// URL'],
      [{ NATS_MONITOR_URLS: "ftp://monitor:s3cret/pass@host", DASHBOARD_USERS: `a:${HASH}` }, 'NATS_MONITOR_URLS[0]: "ftp://…@host" must be an http:// or https:// URL'],
      [{ NATS_URLS: "http://sys:s3cret-pass@host:4222", NATS_SYSTEM_USER: "sys", NATS_SYSTEM_PASSWORD: "x", DASHBOARD_USERS: `a:${HASH}` }, 'NATS_URLS[0]: "http://…@host:4222" must be a nats://, tls://, ws:// or wss:// URL'],
    ];
    for (const [env, expected] of cases) {
      const problems = problemsOf(env);
      assert.deepEqual(problems, [expected]);
      assert.ok(!problems.join("\n").includes("s3cret"));
    }
  });
});
