/**
 * Managed API tokens, display links and the audit log on the real dashboard (the standalone build)
 * in front of a real cluster, with its real SQLite file: an admin makes tokens over the API and a
 * viewer cannot; a token is shown once and the file holds only its hash; a token reads with its
 * role, notes its last use and is refused on the request after its revocation; a display link
 * opens the wall and nothing else, and its open live stream ends when it is revoked; the audit log
 * records all of it and exports it as CSV; without a history store the configuration's tokens work.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { startDashboard, type DashboardProcess } from "../../scripts/dashboard-process";
import { harnessCluster } from "../harness/cluster-entry";
import { startCluster, type Harness } from "../harness/cluster";
import { followEventStream } from "../harness/http";
import { signIn } from "../harness/session";

let harness: Harness;
let dashboard: DashboardProcess;
let adminCookie: string;
let viewerCookie: string;
const viewer = { username: "ana", password: "viewer-password-1", role: "viewer" as const };

interface TokenRecord {
  id: number;
  name: string;
  scope: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}
interface Created {
  token: string;
  record: TokenRecord;
  wallUrl: string | null;
}
interface AuditEntry {
  id: number;
  at: string;
  kind: string;
  actor: string;
  ip: string | null;
  subject: string | null;
  detail: string | null;
}

before(async () => {
  harness = await startCluster({ nodes: 3 });
  dashboard = await startDashboard({ clusters: [harnessCluster(harness, "main")], users: [viewer] });
  adminCookie = (await signIn(dashboard.url, dashboard.username, dashboard.password)).cookie;
  viewerCookie = (await signIn(dashboard.url, viewer.username, viewer.password)).cookie;
});

after(async () => {
  await dashboard?.stop();
  await harness?.stop();
});

const get = (pathAndQuery: string, headers: Record<string, string> = {}) => fetch(`${dashboard.url}${pathAndQuery}`, { headers, redirect: "manual" });
const bearer = (token: string, more: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...more });

async function create(headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(`${dashboard.url}/api/v1/admin/tokens`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

async function made(name: string, scope: string): Promise<Created> {
  const res = await create({ cookie: adminCookie }, { name, scope });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as Created;
}

const revoke = (id: number, headers: Record<string, string> = { cookie: adminCookie }) => fetch(`${dashboard.url}/api/v1/admin/tokens/${id}`, { method: "DELETE", headers });

async function listed(): Promise<{ tokens: TokenRecord[]; configured: { name: string; scope: string }[] }> {
  const res = await get("/api/v1/admin/tokens", { cookie: adminCookie });
  assert.equal(res.status, 200);
  return (await res.json()) as { tokens: TokenRecord[]; configured: { name: string; scope: string }[] };
}

async function audit(query = ""): Promise<AuditEntry[]> {
  const res = await get(`/api/v1/admin/audit${query}`, { cookie: adminCookie });
  assert.equal(res.status, 200);
  return ((await res.json()) as { entries: AuditEntry[] }).entries;
}

/** The history file as it is on disk (WAL included), read-only beside the running dashboard. */
function readStore<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dashboard.dataDir, "history.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe("managed tokens", () => {
  test("a viewer, an operator token and the configured API token cannot make tokens (403 naming the role); an admin can", async () => {
    const asViewer = await create({ cookie: viewerCookie }, { name: "sneaky", scope: "admin" });
    assert.equal(asViewer.status, 403);
    assert.equal(
      ((await asViewer.json()) as { error: { message: string } }).error.message,
      "creating API tokens and display links needs the admin role (one that also manages API tokens and display links and reads the audit log); you are signed in as ana, a viewer",
    );
    assert.equal((await get("/api/v1/admin/tokens", { cookie: viewerCookie })).status, 403);
    assert.equal((await get("/api/v1/admin/audit", { cookie: viewerCookie })).status, 403);
    assert.equal((await create(bearer(dashboard.apiToken), { name: "sneaky", scope: "viewer" })).status, 403);
    const operator = await made("ops-bot", "operator");
    const asOperatorToken = await create(bearer(operator.token), { name: "sneaky", scope: "viewer" });
    assert.equal(asOperatorToken.status, 403);
    assert.match(((await asOperatorToken.json()) as { error: { message: string } }).error.message, /this token has the operator role$/);
    assert.ok(!(await listed()).tokens.some((t) => t.name === "sneaky"));

    // The page says the same, and the navigation leaves it out.
    const refusedPage = await (await get("/admin", { cookie: viewerCookie })).text();
    assert.match(refusedPage, /data-testid="role-needed"/);
    assert.doesNotMatch(refusedPage, /href="\/admin/);
    assert.match(await (await get("/", { cookie: adminCookie })).text(), /href="\/admin/);

    const adminToken = await made("provisioner", "admin");
    const byToken = await create(bearer(adminToken.token), { name: "made-by-a-token", scope: "viewer" });
    assert.equal(byToken.status, 201);
    assert.equal(((await byToken.json()) as Created).record.createdBy, "token provisioner");
  });

  test("bad bodies and taken names get typed errors", async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ name: "x", scope: "root" }, 400, /^scope: must be one of viewer, operator, admin, display$/],
      [{ name: "has space", scope: "viewer" }, 400, /^name: must be 1-64 letters/],
      [{ name: "x", scope: "viewer", token: "jsw_mine" }, 400, /token/],
      [{ name: "apiToken", scope: "viewer" }, 409, /"apiToken" is the name of a token in the configuration/],
      [{ name: "wall", scope: "display" }, 409, /"wall" is the name of a token in the configuration/],
    ];
    for (const [body, status, message] of cases) {
      const res = await create({ cookie: adminCookie }, body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match(((await res.json()) as { error: { message: string } }).error.message, message, JSON.stringify(body));
    }
    await made("unique-name", "viewer");
    assert.equal((await create({ cookie: adminCookie }, { name: "unique-name", scope: "viewer" })).status, 409);
    assert.equal((await revoke(999_999)).status, 404);
    assert.equal((await revoke(0)).status, 400);
  });

  test("a token is shown once: never listed again, and the store holds only its SHA-256", async () => {
    const { token, record } = await made("prometheus", "viewer");
    assert.match(token, /^jsw_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(Object.keys(record).sort(), ["createdAt", "createdBy", "id", "lastUsedAt", "name", "revokedAt", "revokedBy", "scope"]);
    const list = await (await get("/api/v1/admin/tokens", { cookie: adminCookie })).text();
    assert.ok(list.includes('"prometheus"'));
    assert.ok(!list.includes(token) && !list.includes(token.slice(4, 20)), "the list holds no token");
    const configured = (await listed()).configured;
    assert.deepEqual(configured, [
      { name: "apiToken", scope: "operator" },
      { name: "wall", scope: "display" },
    ]);
    assert.ok(!list.includes(dashboard.apiToken), "nor the configured one");

    const hash = createHash("sha256").update(token).digest("hex");
    const row = readStore((db) => db.prepare("SELECT * FROM api_tokens WHERE id = ?").get(record.id) as Record<string, unknown>);
    assert.equal(row.hash, hash);
    assert.equal(row.name, "prometheus");
    assert.equal(row.created_by, dashboard.username);
    const file = Buffer.concat(["history.sqlite", "history.sqlite-wal"].map((f) => readFileSync(path.join(dashboard.dataDir, f))));
    assert.ok(!file.includes(token), "the token is nowhere in the file");
    assert.ok(!file.includes(token.slice(4)), "nor its random part");
    assert.ok(file.includes(hash), "its hash is");
  });

  test("a viewer token reads with its role and notes its last use, at most once a minute", async () => {
    const { token, record } = await made("scraper", "viewer");
    assert.equal((await listed()).tokens.find((t) => t.id === record.id)?.lastUsedAt, null);
    const before = Date.now();
    assert.equal((await get("/api/v1/snapshot?cluster=main", bearer(token))).status, 200);
    const lastUsedAt = (await listed()).tokens.find((t) => t.id === record.id)?.lastUsedAt;
    assert.ok(lastUsedAt && Date.parse(lastUsedAt) >= before && Date.parse(lastUsedAt) <= Date.now(), String(lastUsedAt));
    const scrape = await get("/api/v1/metrics", bearer(token));
    assert.equal(scrape.status, 200, "a viewer token is enough for Prometheus");
    assert.match(await scrape.text(), /^jsw_/m);
    assert.equal((await listed()).tokens.find((t) => t.id === record.id)?.lastUsedAt, lastUsedAt, "a second use within the minute writes nothing");
    const ack = await fetch(`${dashboard.url}/api/v1/alerts/ack?cluster=main`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify({ id: "x" }),
    });
    assert.equal(ack.status, 403, "a viewer token does not act on alerts");
  });

  test("a revoked token fails on its next request", async () => {
    const { token, record } = await made("short-lived", "operator");
    assert.equal((await get("/api/v1/snapshot", bearer(token))).status, 200);
    const revoked = await revoke(record.id);
    assert.equal(revoked.status, 200);
    assert.equal(((await revoked.json()) as { record: TokenRecord }).record.revokedBy, dashboard.username);
    const refused = await get("/api/v1/snapshot", bearer(token));
    assert.equal(refused.status, 401);
    assert.equal((await revoke(record.id)).status, 409, "revoked once");
    const state = (await listed()).tokens.find((t) => t.id === record.id);
    assert.ok(state?.revokedAt);
    // Its name is free again.
    assert.equal((await create({ cookie: adminCookie }, { name: "short-lived", scope: "viewer" })).status, 201);
  });
});

describe("display links", () => {
  test("a display link opens /wall and reads its data, but not the report (403), and is not an API token in a URL", async () => {
    const { token, wallUrl, record } = await made("noc-tv", "display");
    assert.equal(wallUrl, `${dashboard.url}/wall?display=${token}`);
    const wall = await get(`/wall?display=${token}`);
    assert.equal(wall.status, 200);
    const html = await wall.text();
    assert.match(html, /data-testid="wall"/);
    assert.doesNotMatch(html, /display-link-invalid/);
    assert.equal((await get(`/api/v1/snapshot?display=${token}`)).status, 200);
    const report = await get(`/api/v1/report?display=${token}`);
    assert.equal(report.status, 403);
    assert.equal(((await report.json()) as { error: { message: string } }).error.message, "a display link can only read what the wall display shows");
    assert.equal((await get("/api/v1/report", bearer(token))).status, 403);
    assert.equal((await get("/api/v1/admin/tokens", bearer(token))).status, 403);

    const apiToken = (await made("not-for-urls", "viewer")).token;
    assert.equal((await get(`/api/v1/snapshot?display=${apiToken}`)).status, 401);
    assert.match(await (await get(`/wall?display=${apiToken}`)).text(), /display-link-invalid/);

    assert.equal((await revoke(record.id)).status, 200);
    assert.match(await (await get(`/wall?display=${token}`)).text(), /display-link-invalid/);
    assert.equal((await get(`/api/v1/snapshot?display=${token}`)).status, 401);
  });

  test("a wall's open live stream ends within seconds of its link's revocation, and reconnecting is refused", async () => {
    const { token, record } = await made("lobby-tv", "display");
    let revokedAt = 0;
    const stream = await followEventStream(
      `${dashboard.url}/api/v1/events?cluster=main&include=trouble&display=${token}`,
      {},
      (event) => {
        if (event.event === "snapshot" && revokedAt === 0) {
          revokedAt = Date.now();
          void revoke(record.id);
        }
        return false;
      },
      30_000,
    );
    const endedAfterMs = Date.now() - revokedAt;
    assert.equal(stream.status, 200);
    assert.ok(revokedAt > 0, "the stream sent a snapshot");
    console.log(`display link revoked: its open stream ended after ${endedAfterMs} ms`);
    assert.ok(endedAfterMs <= 5_000 + 2_000, `ended after ${endedAfterMs} ms`);
    assert.equal((await fetch(`${dashboard.url}/api/v1/events?cluster=main&include=trouble&display=${token}`, { method: "HEAD" })).status, 401);
  });
});

describe("audit log", () => {
  test("token creation, revocation and the first use in the hour are recorded with who and from where (the socket's address, not a forged header); the CSV escapes", async () => {
    const { token, record } = await made("audited", "viewer");
    for (let i = 0; i < 3; i++) assert.equal((await get(`/api/v1/snapshot?cluster=main`, bearer(token, { "x-forwarded-for": "10.0.0.1" }))).status, 200);
    const formula = '=1+2, "x"';
    await assert.rejects(signIn(dashboard.url, formula, "not-the-password"));
    assert.equal((await revoke(record.id)).status, 200);

    const about = (await audit()).filter((e) => e.subject === "audited");
    assert.deepEqual(
      about.map((e) => [e.kind, e.actor, e.ip, e.detail]),
      [
        ["token-revoked", dashboard.username, "127.0.0.1", "scope viewer"],
        ["token-used", "token audited", "127.0.0.1", "GET /api/v1/snapshot"],
        ["token-created", dashboard.username, "127.0.0.1", "scope viewer"],
      ],
    );
    const used = await audit("?kind=token-used&limit=500");
    assert.ok(used.every((e) => e.kind === "token-used"));
    assert.equal(used.filter((e) => e.subject === "audited").length, 1, "three uses in the hour, one entry");
    const page = await audit("?limit=2");
    assert.equal(page.length, 2);
    assert.deepEqual(
      (await audit(`?limit=2&before=${page[1].id}`)).map((e) => e.id),
      (await audit("?limit=4")).slice(2).map((e) => e.id),
    );
    assert.equal((await get("/api/v1/admin/audit?kind=everything", { cookie: adminCookie })).status, 400);

    const csv = await get("/api/v1/admin/audit?format=csv", { cookie: adminCookie });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(csv.headers.get("content-disposition") ?? "", /^attachment; filename="jetstream-watch-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csv.text();
    const lines = text.split("\r\n");
    assert.equal(lines[0], "id,time,kind,actor,ip,subject,detail");
    assert.equal(lines.at(-1), "", "every line ends with CRLF");
    const usedLine = lines.find((l) => l.includes(",token-used,token audited,"));
    assert.match(usedLine ?? "", /^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,token-used,token audited,127\.0\.0\.1,audited,GET \/api\/v1\/snapshot$/);
    const refusedLine = lines.find((l) => l.includes(",sign-in-failed,") && l.includes("1+2"));
    assert.match(refusedLine ?? "", /,sign-in-failed,"'=1\+2, ""x""",127\.0\.0\.1,password,/, "a formula is defused and quotes and commas are escaped");
    const configLine = lines.find((l) => l.includes(",config-loaded,"));
    assert.match(configLine ?? "", /,config-loaded,dashboard,,[a-zA-Z]+=[0-9a-f]{8}( [a-zA-Z]+=[0-9a-f]{8})*,"the first start recorded; 1 cluster, 2 users, an API token, 1 display link \(secrets are left out of the fingerprint\)"$/);
    assert.ok(!text.includes(token) && !text.includes(dashboard.apiToken) && !text.includes(dashboard.password), "no secret in the export");
    const onlyCreated = (await (await get("/api/v1/admin/audit?format=csv&kind=token-created", { cookie: adminCookie })).text()).split("\r\n").slice(1, -1);
    assert.ok(onlyCreated.length > 0 && onlyCreated.every((l) => l.split(",")[2] === "token-created"));
  });

  test("each start records its configuration; a managed token survives the restart", async () => {
    const { token } = await made("survivor", "viewer");
    await dashboard.stop();
    dashboard = await dashboard.restart();
    assert.equal((await get("/api/v1/snapshot", bearer(token))).status, 200);
    const loads = await audit("?kind=config-loaded");
    assert.equal(loads.length, 2);
    assert.match(loads[0].detail ?? "", /^unchanged since the previous start; /);
    assert.equal(loads[0].subject, loads[1].subject);
  });
});

describe("without a history store", () => {
  test("managed tokens and the audit log answer 503 with the reason; the configuration's tokens still work", async () => {
    const off = await startDashboard({ clusters: [harnessCluster(harness, "main")], extraConfig: { history: { enabled: false } } });
    try {
      const cookie = (await signIn(off.url, off.username, off.password)).cookie;
      for (const route of ["/api/v1/admin/tokens", "/api/v1/admin/audit"]) {
        const res = await fetch(`${off.url}${route}`, { headers: { cookie } });
        assert.equal(res.status, 503, route);
        assert.match(((await res.json()) as { error: { message: string } }).error.message, /kept in the history store, which is unavailable: history is switched off/);
      }
      const createRes = await fetch(`${off.url}/api/v1/admin/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ name: "x", scope: "viewer" }),
      });
      assert.equal(createRes.status, 503);
      assert.equal((await fetch(`${off.url}/api/v1/snapshot`, { headers: bearer(off.apiToken) })).status, 200);
      assert.match(await (await fetch(off.wallUrl)).text(), /data-testid="wall"/);
      const page = await (await fetch(`${off.url}/admin`, { headers: { cookie } })).text();
      assert.match(page, /history is switched off/);
      assert.match(page, /from the configuration/);
      const log = readFileSync(off.logFile, "utf8");
      assert.match(log, /jetstream-watch audit: \{"kind":"config-loaded"/, "the start is audited in the server log");
    } finally {
      await off.stop();
    }
  });
});
