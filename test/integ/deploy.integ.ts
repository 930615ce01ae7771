/**
 * The deployment as the README's "Deploy" section describes it, with real parts: deploy/install.sh
 * stages the standalone build (`npm run build`) under a scratch root, the systemd unit's own
 * command line, working directory and environment start it, and a real nginx running
 * deploy/nginx/jetstream-watch.conf — only its addresses, ports and certificate paths changed —
 * serves it over TLS in front of a real 3-node cluster. A login and the live event stream go
 * through nginx; the history file is backed up with the README's command while it is written.
 */
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import bcrypt from "bcryptjs";
import { STANDALONE_ENTRY } from "../../scripts/build";
import { freePort } from "../../scripts/dashboard-process";
import { startCluster, type Harness } from "../harness/cluster";
import { followEventStream, httpsGet, httpsRequest, waitUntil } from "../harness/http";
import { tailOfFile, type ManagedProcess } from "../harness/processes";
import { signIn } from "../harness/session";
import { startSiteNginx } from "../harness/site-nginx";
import { locate } from "../../scripts/provision";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const PREFIX = "/opt/jetstream-watch";
const POLL_MS = 1000;

let harness: Harness;
let scratch: string;
let installRoot: string;
let dashboard: ChildProcess;
let dashboardLog: string;
let dashboardPort: number;
let nginx: ManagedProcess;
let ca: Buffer;
let httpsUrl: string;
let httpUrl: string;
const password = randomBytes(9).toString("base64url");
const apiToken = randomBytes(24).toString("base64url");

/** The unit's `Key=value` lines (Environment= may repeat). */
function unitSettings(unitFile: string): { exec: string[]; workingDirectory: string; environment: Record<string, string> } {
  const lines = readFileSync(unitFile, "utf8").split("\n");
  const values = (key: string) => lines.filter((line) => line.startsWith(`${key}=`)).map((line) => line.slice(key.length + 1));
  const environment = Object.fromEntries(values("Environment").map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]));
  return { exec: values("ExecStart")[0].split(" "), workingDirectory: values("WorkingDirectory")[0], environment };
}

async function startNginx(): Promise<void> {
  const site = await startSiteNginx({ site: "deploy/nginx/jetstream-watch.conf", dir: path.join(scratch, "nginx"), upstreams: { "127.0.0.1:3000": dashboardPort } });
  ({ httpsUrl, httpUrl, ca, process: nginx } = site);
}

async function startInstalledDashboard(): Promise<void> {
  const unit = unitSettings(path.join(installRoot, "etc/systemd/system/jetstream-watch.service"));
  assert.equal(unit.environment.NODE_ENV, "production");
  const dataDir = path.join(installRoot, "var/lib/jetstream-watch");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const configFile = path.join(installRoot, "etc/jetstream-watch/config.json");
  dashboardPort = await freePort();
  await startNginx();
  writeFileSync(
    configFile,
    JSON.stringify({
      publicUrl: httpsUrl,
      // As deploy/config.example.json: nginx in front, the dashboard on loopback.
      trustProxy: true,
      pollIntervalMs: POLL_MS,
      users: [{ username: "ops", passwordHash: await bcrypt.hash(password, 10) }],
      apiToken,
      clusters: [{ name: "main", monitor: { urls: harness.nodes.map((n) => n.monitorUrl) } }],
    }),
  );
  // The unit's command line and environment, with the install root in front of its paths; only
  // the port and the state directory (systemd's StateDirectory=) are this test's own.
  const inRoot = (p: string) => (p.startsWith(PREFIX) ? path.join(installRoot, p) : p);
  const [command, ...args] = unit.exec.map(inRoot);
  dashboardLog = path.join(scratch, "dashboard.log");
  const log = openSync(dashboardLog, "a");
  dashboard = spawn(command, args, {
    cwd: inRoot(unit.workingDirectory),
    env: { PATH: process.env.PATH ?? "", ...unit.environment, NODE_ENV: "production", PORT: String(dashboardPort), DASHBOARD_DATA_DIR: dataDir, DASHBOARD_CONFIG: configFile },
    stdio: ["ignore", log, log],
  });
  await waitUntil("the installed dashboard to answer /api/health", 60_000, async () => {
    if (dashboard.exitCode !== null) throw new Error(`the dashboard exited with ${dashboard.exitCode}\n${tailOfFile(dashboardLog)}`);
    return (await fetch(`http://127.0.0.1:${dashboardPort}/api/health`).catch(() => undefined))?.status === 200;
  }, () => tailOfFile(dashboardLog));
}

before(async () => {
  if (!existsSync(STANDALONE_ENTRY)) throw new Error(`${STANDALONE_ENTRY} is missing: run \`npm run build\` first`);
  scratch = mkdtempSync(path.join(tmpdir(), "jsw-deploy-"));
  installRoot = path.join(scratch, "root");
  harness = await startCluster({ nodes: 3, proxy: false });
  await run(path.join(ROOT, "deploy/install.sh"), [], { env: { ...process.env, DESTDIR: installRoot } });
  await startInstalledDashboard();
});

after(async () => {
  dashboard?.kill("SIGKILL");
  await nginx?.kill();
  await harness?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("deploy: install.sh, the systemd unit and the nginx example", () => {
  test("install.sh stages the release, the unit (with this machine's node) and the example settings; a second run keeps the previous release", async () => {
    const release = path.join(installRoot, PREFIX);
    for (const file of ["start.cjs", "server.js", ".next/BUILD_ID", ".next/collector-worker.cjs", ".next/canary-worker.cjs", ".next/static", "public/robots.txt", "README.md"]) {
      assert.ok(existsSync(path.join(release, file)), `${file} in the release`);
    }
    const unit = readFileSync(path.join(installRoot, "etc/systemd/system/jetstream-watch.service"), "utf8");
    assert.match(unit, new RegExp(`^ExecStart=${process.execPath.replace(/[.]/g, "\\.")} ${PREFIX}/start\\.cjs$`, "m"));
    assert.deepEqual(JSON.parse(readFileSync(path.join(ROOT, "deploy/config.example.json"), "utf8")).users, [], "the example cannot start without a user being added");

    const upgrade = await run(path.join(ROOT, "deploy/install.sh"), [], { env: { ...process.env, DESTDIR: installRoot } });
    assert.match(upgrade.stdout, /previous release kept in .*\/opt\/jetstream-watch\.previous/);
    assert.ok(existsSync(path.join(`${release}.previous`, "start.cjs")));
    // The settings written for this test are not replaced by the example on an upgrade.
    assert.equal(JSON.parse(readFileSync(path.join(installRoot, "etc/jetstream-watch/config.json"), "utf8")).apiToken, apiToken);
  });

  test("the unit passes systemd's checks, with a hardened sandbox", async () => {
    const analyze = locate({ tool: "systemd-analyze" });
    const unit = path.join(ROOT, "deploy/jetstream-watch.service");
    const verify = await run(analyze, ["verify", unit]);
    assert.equal(verify.stderr.trim(), "", "systemd-analyze verify says nothing about the unit");
    const security = await run(analyze, ["security", "--offline=yes", unit]).catch((error: { stdout: string }) => error);
    const exposure = /Overall exposure level for jetstream-watch\.service: ([\d.]+) (\w+)/.exec(security.stdout);
    assert.ok(exposure, security.stdout.slice(-400));
    assert.ok(Number(exposure[1]) <= 2, `exposure ${exposure[1]} ${exposure[2]} (0 = fully sandboxed, 10 = not at all)`);
    for (const setting of ["User=jetstream-watch", "ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=jetstream-watch", "Environment=DASHBOARD_DATA_DIR=/var/lib/jetstream-watch"]) {
      assert.match(readFileSync(unit, "utf8"), new RegExp(`^${setting}$`, "m"));
    }
  });

  test("HOST and PORT from the unit: it listens on loopback only", async () => {
    assert.equal((await fetch(`http://127.0.0.1:${dashboardPort}/api/health`)).status, 200);
    // All of 127/8 is this host: a server listening on every address would answer here too.
    await assert.rejects(fetch(`http://127.0.0.2:${dashboardPort}/api/health`, { signal: AbortSignal.timeout(2000) }));
  });

  test("through nginx: robots.txt and health without a login, everything else behind it, http sent to https", async () => {
    const robots = await httpsGet(`${httpsUrl}/robots.txt`, { ca });
    assert.equal(robots.status, 200);
    assert.match(robots.body, /^User-agent: \*\nDisallow: \/$/m);
    assert.equal((await httpsGet(`${httpsUrl}/api/health`, { ca })).status, 200);
    assert.equal((await httpsGet(`${httpsUrl}/api/v1/snapshot`, { ca })).status, 401);
    const page = await httpsGet(`${httpsUrl}/placement`, { ca });
    assert.equal(page.status, 307);
    assert.equal(new URL(String(page.headers.location), `${httpsUrl}/placement`).href, `${httpsUrl}/login?callbackUrl=%2Fplacement`);
    const plain = await httpsGet(`${httpUrl}/streams`);
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://127.0.0.1/streams`);
  });

  test("a Prometheus scrape through nginx is gzipped, in OpenMetrics as in the text format", async () => {
    for (const accept of ["application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", "text/plain;version=0.0.4"]) {
      const scrape = await httpsGet(`${httpsUrl}/api/v1/metrics`, { ca, headers: { authorization: `Bearer ${apiToken}`, accept, "accept-encoding": "gzip" } });
      assert.equal(scrape.status, 200, accept);
      assert.equal(scrape.headers["content-encoding"], "gzip", accept);
    }
  });

  test("a password login through nginx, then the live event stream through it: every update arrives as it is sent", async () => {
    const { cookie: session, location } = await signIn(httpsUrl, "ops", password, { ca });
    assert.equal(location, `${httpsUrl}/`, "next-auth sends the browser back through the proxy's address");
    const overview = await httpsGet(`${httpsUrl}/`, { ca, headers: { cookie: session } });
    assert.equal(overview.status, 200);

    let deltas = 0;
    const stream = await followEventStream(`${httpsUrl}/api/v1/events`, { ca, headers: { cookie: session, "accept-encoding": "gzip" } }, (event) => event.event === "delta" && ++deltas >= 3, 30_000);
    assert.equal(stream.status, 200);
    assert.match(String(stream.headers["content-type"]), /^text\/event-stream/);
    assert.equal(stream.headers["content-encoding"], undefined, "nginx does not compress (and so hold back) the stream");
    const kinds = stream.events.map((e) => e.event);
    assert.deepEqual(kinds.slice(0, 2), ["hello", "snapshot"]);
    const updates = stream.events.filter((e) => e.event === "delta").map((e) => ({ seq: (JSON.parse(e.data) as { head: { seq: number } }).head.seq, atMs: e.atMs }));
    assert.equal(updates.length, 3);
    assert.ok(updates[1].seq > updates[0].seq && updates[2].seq > updates[1].seq, JSON.stringify(updates));
    // Unbuffered: updates come one poll apart, not in a burst when a buffer fills or the stream ends.
    for (let i = 1; i < updates.length; i++) assert.ok(updates[i].atMs - updates[i - 1].atMs >= POLL_MS / 4, JSON.stringify(updates));
  });

  test("the history file is backed up with the README's command while the dashboard writes it", async () => {
    const sqlite3 = locate({ tool: "sqlite3" });
    const live = path.join(installRoot, "var/lib/jetstream-watch/history.sqlite");
    const backup = path.join(scratch, "history-backup.sqlite");
    await run(sqlite3, [live, `.backup '${backup}'`]);
    assert.equal((await run(sqlite3, [backup, "PRAGMA integrity_check;"])).stdout.trim(), "ok");
    const samples = Number((await run(sqlite3, [backup, "SELECT count(*) FROM cluster_samples;"])).stdout.trim());
    assert.ok(samples > 0, `${samples} cluster samples in the backup`);
  });

  // Last: it uses up the sign-in attempts of the address nginx forwards.
  test("through nginx: HSTS, a Secure HttpOnly SameSite=Lax session, and sign-in limits count the address nginx saw, whatever the client forwards", async () => {
    const login = await httpsGet(`${httpsUrl}/login`, { ca });
    assert.equal(login.headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
    assert.match(String(login.headers["content-security-policy"]), /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const { cookie } = await signIn(httpsUrl, "ops", password, { ca });
    assert.match(cookie, /__Secure-next-auth\.session-token=/);
    const csrf = await httpsGet(`${httpsUrl}/api/auth/csrf`, { ca });
    assert.ok((csrf.headers["set-cookie"] ?? []).length > 0);
    for (const set of csrf.headers["set-cookie"] ?? []) for (const attribute of [/; Secure/i, /; HttpOnly/i, /; SameSite=Lax/i]) assert.match(set, attribute, set);

    const attempt = async (username: string, forwardedFor: string) => {
      const start = await httpsGet(`${httpsUrl}/api/auth/csrf`, { ca });
      const { csrfToken } = JSON.parse(start.body) as { csrfToken: string };
      const answer = await httpsRequest(`${httpsUrl}/api/auth/callback/credentials`, {
        ca,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor, cookie: (start.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ") },
        body: new URLSearchParams({ csrfToken, username, password: "guess", json: "true" }).toString(),
      });
      return new URL((JSON.parse(answer.body) as { url: string }).url).searchParams.get("error");
    };
    // A client naming a new address each time is still one address: the one nginx appended last.
    for (let i = 1; i <= 30; i++) assert.equal(await attempt(`guess-${i}`, `198.51.100.${i}`), "CredentialsSignin", `attempt ${i}`);
    assert.match((await attempt("guess-31", "198.51.100.31")) ?? "", /^RateLimited-\d+$/);
  });
});
