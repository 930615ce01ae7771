/**
 * Roles on the real dashboard (the standalone build) in front of a real cluster: a viewer reads but
 * cannot acknowledge or silence (403 saying which role it needs), an operator can, and the
 * configured API token acts as an operator. A user taken out of the configuration loses the session.
 */
import assert from "node:assert/strict";
import { writeFileSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { startDashboard, type DashboardProcess } from "../../scripts/dashboard-process";
import { startCluster, type Harness } from "../harness/cluster";
import { harnessCluster } from "../harness/cluster-entry";
import { signIn } from "../harness/session";

let harness: Harness;
let dashboard: DashboardProcess;
const users = [
  { username: "ana", password: "viewer-password-1", role: "viewer" as const },
  { username: "ops", password: "operator-password-1", role: "operator" as const },
];

before(async () => {
  harness = await startCluster({ nodes: 3 });
  dashboard = await startDashboard({ clusters: [harnessCluster(harness, "main")], users });
});

after(async () => {
  await dashboard?.stop();
  await harness?.stop();
});

async function ack(headers: Record<string, string>): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const res = await fetch(`${dashboard.url}/api/v1/alerts/ack?cluster=main`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ id: "no-such-alert", note: "" }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe("roles", () => {
  test("a viewer reads everything but is refused acknowledging and silencing with the role it needs", async () => {
    const { cookie } = await signIn(dashboard.url, "ana", users[0].password);
    assert.equal((await fetch(`${dashboard.url}/api/v1/snapshot`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${dashboard.url}/api/v1/alerts?cluster=main&state=all`, { headers: { cookie } })).status, 200);
    const refused = await ack({ cookie });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.message, "acknowledging alerts needs the operator role (one that also acknowledges and silences alerts); you are signed in as ana, a viewer");
    const silence = await fetch(`${dashboard.url}/api/v1/alerts/silence?cluster=main`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ id: "no-such-alert", minutes: 10 }),
    });
    assert.equal(silence.status, 403);
    const page = await (await fetch(`${dashboard.url}/alerts`, { headers: { cookie } })).text();
    assert.match(page, /ana · viewer/);
  });

  test("an operator and the configured API token get past the role check (the alert does not exist: 404)", async () => {
    const { cookie } = await signIn(dashboard.url, "ops", users[1].password);
    const operator = await ack({ cookie });
    assert.equal(operator.status, 404, JSON.stringify(operator.body));
    assert.match(operator.body.error?.message ?? "", /no firing alert "no-such-alert"/);
    const token = await ack({ authorization: `Bearer ${dashboard.apiToken}` });
    assert.equal(token.status, 404, JSON.stringify(token.body));
  });

  test("sign-ins and refused sign-ins go to the audit log with the address; an acknowledgement attempt by a viewer does not", async () => {
    await signIn(dashboard.url, "ops", users[1].password);
    await assert.rejects(signIn(dashboard.url, "ops", "not-the-password"));
    const { cookie } = await signIn(dashboard.url, dashboard.username, dashboard.password);
    const res = await fetch(`${dashboard.url}/api/v1/admin/audit?limit=20`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const { entries } = (await res.json()) as { entries: { kind: string; actor: string; ip: string | null; subject: string | null; detail: string | null }[] };
    const ops = entries.filter((e) => e.actor === "ops");
    assert.ok(ops.some((e) => e.kind === "sign-in" && e.subject === "password" && e.detail === "role operator" && e.ip === "127.0.0.1"), JSON.stringify(ops));
    assert.ok(ops.some((e) => e.kind === "sign-in-failed" && /^wrong-password/.test(e.detail ?? "") && e.ip === "127.0.0.1"), JSON.stringify(ops));
    assert.ok(!entries.some((e) => e.kind === "alert-acknowledged"), "the refused acknowledgement left no entry");
  });

  test("a user taken out of the configuration is refused on the next request after a restart, whatever the session says", async () => {
    const { cookie } = await signIn(dashboard.url, "ana", users[0].password);
    const config = JSON.parse(readFileSync(dashboard.configFile, "utf8")) as { users: { username: string }[] };
    writeFileSync(dashboard.configFile, JSON.stringify({ ...config, users: config.users.filter((u) => u.username !== "ana") }));
    await dashboard.stop();
    dashboard = await dashboard.restart();
    assert.equal((await fetch(`${dashboard.url}/api/v1/snapshot`, { headers: { cookie } })).status, 401);
    const page = await fetch(`${dashboard.url}/streams`, { headers: { cookie }, redirect: "manual" });
    assert.ok([302, 307].includes(page.status), `a page sends the stale session to the login (HTTP ${page.status})`);
  });
});
