import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "../config";
import { refusal } from "../api/with-auth";
import { sessionRole, type Principal } from "./authenticate";
import { hasRole, ROLES, type Role } from "./roles";

const HASH = "$2b$10$DTO66zmWvjrEp739JyTGBeccsPea69vFKPHiATOtErfh0/ewkp5UW";

test("each role includes the ones before it and nothing after", () => {
  const table: Array<[Role, Role, boolean]> = [
    ["viewer", "viewer", true],
    ["viewer", "operator", false],
    ["viewer", "admin", false],
    ["operator", "viewer", true],
    ["operator", "operator", true],
    ["operator", "admin", false],
    ["admin", "viewer", true],
    ["admin", "operator", true],
    ["admin", "admin", true],
  ];
  for (const [role, needed, expected] of table) assert.equal(hasRole(role, needed), expected, `${role} ⊇ ${needed}`);
  assert.deepEqual([...ROLES], ["viewer", "operator", "admin"]);
});

test("the API answers a role below the route's with what it needs and who asked", () => {
  const viewer: Principal = { kind: "user", name: "ana", role: "viewer" };
  const operator: Principal = { kind: "user", name: "ops", role: "operator" };
  const token: Principal = { kind: "token", name: "grafana", role: "viewer" };
  const display: Principal = { kind: "display", name: "noc-tv" };
  const ack = { role: "operator" as const, action: "acknowledging alerts" };
  assert.equal(refusal(viewer, ack), "acknowledging alerts needs the operator role (one that also acknowledges and silences alerts); you are signed in as ana, a viewer");
  assert.equal(refusal(operator, ack), null);
  assert.equal(refusal(token, ack), "acknowledging alerts needs the operator role (one that also acknowledges and silences alerts); this token has the viewer role");
  assert.equal(refusal(viewer, {}), null, "reading needs only a viewer");
  assert.equal(refusal(display, {}), "a display link can only read what the wall display shows");
  assert.equal(refusal(display, { display: true }), null);
  assert.match(refusal(operator, { role: "admin", action: "creating tokens" }) ?? "", /^creating tokens needs the admin role/);
});

test("a password user's role is the configuration's now; an SSO user's is the one mapped at sign-in", () => {
  const users = [
    { username: "ana", passwordHash: HASH, role: "viewer" as const },
    { username: "ops", passwordHash: HASH, role: "operator" as const },
  ];
  assert.equal(sessionRole({ name: "ops", via: "password" }, users), "operator");
  assert.equal(sessionRole({ name: "ops", via: "password", role: "admin" }, users), "operator", "a role in the token does not outrank the configuration");
  assert.equal(sessionRole({ name: "gone", via: "password" }, users), null, "a user taken out of the configuration has no session");
  assert.equal(sessionRole({ name: "ops" }, users), "operator", "sessions from before roles count as password sessions");
  assert.equal(sessionRole({ name: "sso-user", via: "oidc", role: "admin" }, users), "admin");
  assert.equal(sessionRole({ name: "sso-user", via: "oidc" }, users), null, "an SSO session without a role counts for nothing");
  assert.equal(sessionRole(null, users), null);
});

test("users get a role from the file or DASHBOARD_USERS (name:hash:role); none given is admin, as before roles", () => {
  const config = parseConfig({ NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `ana:${HASH}:viewer,ops:${HASH}:operator,root:${HASH}` }, () => "s".repeat(40));
  assert.deepEqual(config.users.map((u) => [u.username, u.role]), [["ana", "viewer"], ["ops", "operator"], ["root", "admin"]]);
  assert.throws(
    () => parseConfig({ NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `ana:${HASH}:superuser` }, () => "s".repeat(40)),
    (err: Error & { problems?: string[] }) => err.problems?.some((p) => /^DASHBOARD_USERS\[0\]: must be one of viewer, operator, admin/.test(p)) ?? false,
  );
});
