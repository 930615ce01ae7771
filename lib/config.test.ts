import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { parseConfig } from "./config";
import { describeStore } from "./history/config";
import { HASH, problemsOf, secret } from "./__fixtures__/config";



function writeJson(value: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "jsw-config-")), "config.json");
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

describe("config from the environment", () => {
  test("the simple case works from env alone, with defaults", () => {
    const config = parseConfig(
      { NATS_MONITOR_URLS: "http://a:8222, http://b:8222,http://c:8222", DASHBOARD_USERS: `admin:${HASH}` },
      secret,
    );
    assert.equal(config.pollIntervalMs, 2000);
    assert.equal(config.clusters.length, 1);
    assert.deepEqual(config.clusters[0].monitor?.urls, ["http://a:8222", "http://b:8222", "http://c:8222"]);
    assert.equal(config.clusters[0].expectedNodes, 3);
    assert.equal(config.clusters[0].monitor?.timeoutMs, 1500);
    assert.equal(config.authSecretGenerated, true);
    assert.equal(config.users[0].username, "admin");
  });

  test("basic auth, poll interval and timeout are read", () => {
    const config = parseConfig(
      {
        NATS_MONITOR_URLS: "https://proxy:8443",
        NATS_MONITOR_USER: "mon",
        NATS_MONITOR_PASSWORD: "pw",
        POLL_INTERVAL_MS: "5000",
        NATS_MONITOR_TIMEOUT_MS: "800",
        DASHBOARD_API_TOKEN: "0123456789abcdef0123",
        AUTH_SECRET: "x".repeat(40),
      },
      secret,
    );
    assert.equal(config.pollIntervalMs, 5000);
    assert.equal(config.clusters[0].monitor?.user, "mon");
    assert.equal(config.clusters[0].monitor?.timeoutMs, 800);
    assert.equal(config.authSecret, "x".repeat(40));
    assert.equal(config.authSecretGenerated, false);
  });

  test("every bad field is named, all at once", () => {
    const problems = problemsOf({
      NATS_MONITOR_URLS: "http://ok:8222,ftp://nope",
      NATS_MONITOR_USER: "mon",
      POLL_INTERVAL_MS: "fast",
      DASHBOARD_USERS: "admin:plaintext",
      AUTH_SECRET: "short",
    });
    const fields = problems.map((p) => p.split(":")[0]);
    assert.deepEqual(fields.sort(), ["AUTH_SECRET", "DASHBOARD_USERS[0]", "NATS_MONITOR_PASSWORD", "NATS_MONITOR_URLS[1]", "POLL_INTERVAL_MS"].sort());
  });

  test("no cluster and no user are both reported", () => {
    const problems = problemsOf({});
    assert.ok(problems.some((p) => p.startsWith("clusters:")));
    assert.ok(problems.some((p) => p.startsWith("users:")));
  });

  test("an unreadable CA file is named", () => {
    const problems = problemsOf({ NATS_MONITOR_URLS: "https://a:8443", NATS_MONITOR_CA: "/nonexistent/ca.pem", DASHBOARD_USERS: `a:${HASH}` });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^NATS_MONITOR_CA: cannot read \/nonexistent\/ca.pem/);
  });
});

describe("the environment is held to the file's rules, and problems name the variable", () => {
  const base = { NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `admin:${HASH}` };
  const readableFile = writeJson("{}");

  test("each case gives exactly its problem", () => {
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ NATS_MONITOR_TOKEN: "t", NATS_MONITOR_USER: "u", NATS_MONITOR_PASSWORD: "" }, ["NATS_MONITOR_TOKEN: use either user/password or token, not both"]],
      [{ NATS_URLS: "nats://a:4222", NATS_TLS_CERT: readableFile }, ["NATS_TLS_CERT, NATS_TLS_KEY: certFile and keyFile go together"]],
      [{ NATS_URLS: "nats://a:4222", NATS_SYSTEM_TIMEOUT_MS: "10" }, ['NATS_SYSTEM_TIMEOUT_MS: must be a whole number from 200 to 60000, got "10"']],
      [{ NATS_EXPECTED_NODES: "0" }, ['NATS_EXPECTED_NODES: must be a whole number from 1 to 64, got "0"']],
      [{ CLUSTER_NAME: "bad name!" }, ["CLUSTER_NAME: must be 1-64 letters, digits, '.', '_' or '-'"]],
      [{ DASHBOARD_PUBLIC_URL: "example.com" }, ['DASHBOARD_PUBLIC_URL: "example.com" must be an http:// or https:// URL']],
      [{ NEXTAUTH_SECRET: "short" }, ["NEXTAUTH_SECRET: must be at least 32 characters"]],
      [{ DASHBOARD_USERS: `a:${HASH},bob:nothash` }, ["DASHBOARD_USERS[1]: must be a bcrypt hash ($2a$/$2b$/$2y$…; make one with npx tsx scripts/hash-password.ts)"]],
      [{ DASHBOARD_USERS: "alice" }, ['DASHBOARD_USERS[0]: must be "username:<bcrypt hash>" or "username:<bcrypt hash>:<role>" (hash with: npx tsx scripts/hash-password.ts)']],
      [{ REPORT_TRIAL_TO: "2026-11-01T00:00:00Z" }, ["REPORT_TRIAL_FROM: must be an ISO 8601 time such as 2026-11-01T00:00:00Z"]],
      [{ HISTORY_RAW_HOURS: "0.5" }, ['HISTORY_RAW_HOURS: must be a number from 1 to 744, got "0.5"']],
      [{ ALERT_WEBHOOK_URLS: "http://x/a,http://y/b", ALERT_WEBHOOK_FORMAT: "teams" }, ['ALERT_WEBHOOK_FORMAT: "teams" must be json, slack or alertmanager']],
    ];
    for (const [env, expected] of cases) assert.deepEqual(problemsOf({ ...base, ...env }), expected, JSON.stringify(env));
  });

  test("the same rule in the file names the file and the key", () => {
    const file = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [{ name: "a", monitor: { urls: ["http://a:8222"], token: "t", user: "u", password: "" } }],
    });
    assert.deepEqual(problemsOf({ DASHBOARD_CONFIG: file }), [`${file}: clusters[0].monitor.token: use either user/password or token, not both`]);
  });

  test("a file that is JSON but not an object is refused as a whole", () => {
    const file = writeJson([{ name: "a" }]);
    assert.deepEqual(problemsOf({ DASHBOARD_CONFIG: file, ...base }), [`${file}: (root): must be a JSON object`]);
  });
});

describe("system-account source", () => {
  test("NATS_URLS with a system user is enough; no monitoring URLs needed", () => {
    const config = parseConfig(
      { NATS_URLS: "nats://a:4222,nats://b:4222", NATS_SYSTEM_USER: "dash", NATS_SYSTEM_PASSWORD: "pw", DASHBOARD_USERS: `admin:${HASH}` },
      secret,
    );
    const cluster = config.clusters[0];
    assert.equal(cluster.monitor, undefined);
    assert.deepEqual(cluster.system?.urls, ["nats://a:4222", "nats://b:4222"]);
    assert.equal(cluster.system?.user, "dash");
    assert.equal(cluster.system?.timeoutMs, 2000);
    assert.equal(cluster.expectedNodes, null, "learned from the meta group when not configured");
  });

  test("both sources from env make one cluster; the monitor URLs give the expected node count", () => {
    const config = parseConfig(
      { NATS_URLS: "nats://a:4222", NATS_SYSTEM_TOKEN: "t", NATS_MONITOR_URLS: "http://a:8222,http://b:8222,http://c:8222", DASHBOARD_USERS: `a:${HASH}` },
      secret,
    );
    assert.equal(config.clusters.length, 1);
    assert.equal(config.clusters[0].expectedNodes, 3);
    assert.equal(config.clusters[0].system?.token, "t");
  });

  test("bad system settings are named", () => {
    const problems = problemsOf({
      NATS_URLS: "http://a:4222",
      NATS_SYSTEM_USER: "dash",
      NATS_SYSTEM_CREDS: "/nonexistent/dash.creds",
      DASHBOARD_USERS: `a:${HASH}`,
    });
    const fields = problems.map((p) => p.split(":")[0]).sort();
    assert.deepEqual(fields, ["NATS_SYSTEM_CREDS", "NATS_SYSTEM_PASSWORD", "NATS_SYSTEM_USER, NATS_SYSTEM_CREDS", "NATS_URLS[0]"].sort());
  });

  test("system credentials without NATS_URLS are pointed out", () => {
    assert.ok(problemsOf({ NATS_SYSTEM_USER: "dash", DASHBOARD_USERS: `a:${HASH}` }).includes("NATS_SYSTEM_USER: set NATS_URLS too (the NATS URLs to connect to)"));
  });

  test("in the file: a cluster needs a source, and the system block is checked", () => {
    const file = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [
        { name: "none" },
        { name: "sys", system: { urls: ["wss://nats.example:443"], credsFile: "/nonexistent.creds", tls: { certFile: "/c.pem" } } },
      ],
    });
    const problems = problemsOf({ DASHBOARD_CONFIG: file }).map((p) => p.replace(`${file}: `, ""));
    assert.ok(problems.includes("clusters[0]: needs a monitor or a system source (or both)"), problems.join("\n"));
    assert.ok(problems.includes("clusters[1].system.tls: certFile and keyFile go together"), problems.join("\n"));
  });
});

describe("alerts", () => {
  test("defaults: a 10 s hold, nats server check thresholds, no webhooks", () => {
    const config = parseConfig({ NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `a:${HASH}` }, secret);
    assert.equal(config.alerts.holdMs, 10_000);
    assert.equal(config.alerts.thresholds.replicaLagCritical, 200);
    assert.equal(config.alerts.thresholds.storageCritPercent, 90);
    assert.deepEqual(config.alerts.webhooks, []);
  });

  test("webhooks and hold from env; thresholds and webhooks from the file", () => {
    const fromEnv = parseConfig(
      { NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `a:${HASH}`, ALERT_HOLD_MS: "0", ALERT_WEBHOOK_URLS: "https://hooks.example/x", ALERT_WEBHOOK_FORMAT: "slack" },
      secret,
    );
    assert.equal(fromEnv.alerts.holdMs, 0);
    assert.deepEqual(fromEnv.alerts.webhooks, [{ url: "https://hooks.example/x", format: "slack" }]);
    const file = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [{ name: "a", monitor: { urls: ["http://a:8222"] } }],
      alerts: { thresholds: { replicaLagCritical: 50 }, webhooks: [{ url: "http://am:9093/api/v2/alerts", format: "alertmanager" }] },
    });
    const fromFile = parseConfig({ DASHBOARD_CONFIG: file }, secret);
    assert.equal(fromFile.alerts.thresholds.replicaLagCritical, 50);
    assert.equal(fromFile.alerts.thresholds.replicaSeenCriticalMs, 5000, "the others keep their defaults");
    assert.equal(fromFile.alerts.webhooks[0].format, "alertmanager");
  });

  test("bad alert settings are named", () => {
    const problems = problemsOf({
      NATS_MONITOR_URLS: "http://a:8222",
      DASHBOARD_USERS: `a:${HASH}`,
      ALERT_WEBHOOK_URLS: "not-a-url",
      ALERT_WEBHOOK_FORMAT: "teams",
      ALERT_HOLD_MS: "-1",
    });
    assert.deepEqual(problems.map((p) => p.split(":")[0]).sort(), ["ALERT_HOLD_MS", "ALERT_WEBHOOK_FORMAT", "ALERT_WEBHOOK_URLS[0]"]);
    const file = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [{ name: "a", monitor: { urls: ["http://a:8222"] } }],
      alerts: { thresholds: { storageWarnPercent: 95, storageCritPercent: 90, bogus: 1 } },
    });
    const fileProblems = problemsOf({ DASHBOARD_CONFIG: file }).map((p) => p.replace(`${file}: `, ""));
    assert.ok(fileProblems.some((p) => p.startsWith("alerts.thresholds")), fileProblems.join("\n"));
  });
});

describe("config file", () => {
  test("several clusters with their own sources", () => {
    const file = writeJson({
      pollIntervalMs: 1000,
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [
        { name: "east", monitor: { urls: ["http://e1:8222", "http://e2:8222"], user: "u", password: "p" } },
        { name: "west", expectedNodes: 5, monitor: { urls: ["http://w1:8222"], token: "t", timeoutMs: 500 } },
      ],
    });
    const config = parseConfig({ DASHBOARD_CONFIG: file }, secret);
    assert.deepEqual(
      config.clusters.map((c) => [c.name, c.expectedNodes, c.monitor?.timeoutMs]),
      [
        ["east", 2, 1500],
        ["west", 5, 500],
      ],
    );
    assert.equal(config.pollIntervalMs, 1000);
  });

  test("problems carry the file path and the JSON path of the field", () => {
    const file = writeJson({
      users: [{ username: "ops", passwordHash: "nope" }],
      clusters: [
        { name: "east", monitor: { urls: ["not a url"], user: "u" } },
        { name: "east", monitor: { urls: ["http://x:8222"], timeoutMs: 5 } },
      ],
      colour: "blue",
    });
    const problems = problemsOf({ DASHBOARD_CONFIG: file }).map((p) => p.replace(`${file}: `, ""));
    const fields = problems.map((p) => p.split(":")[0]).sort();
    assert.deepEqual(
      fields,
      ["(root)", "clusters[0].monitor.password", "clusters[0].monitor.urls[0]", "clusters[1].monitor.timeoutMs", "users[0].passwordHash"].sort(),
    );
    assert.ok(problems.some((p) => p.includes('unknown key(s) "colour"')));
  });

  test("duplicate cluster names are rejected", () => {
    const file = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [
        { name: "east", monitor: { urls: ["http://a:8222"] } },
        { name: "east", monitor: { urls: ["http://b:8222"] } },
      ],
    });
    assert.deepEqual(problemsOf({ DASHBOARD_CONFIG: file }).map((p) => p.replace(`${file}: `, "")), [
      'clusters[1].name: "east" is used twice',
    ]);
  });

  test("invalid JSON and clusters in two places are clear errors", () => {
    const broken = writeJson("{ not json");
    assert.match(problemsOf({ DASHBOARD_CONFIG: broken })[0], /^DASHBOARD_CONFIG: .* is not valid JSON/);
    const file = writeJson({ users: [{ username: "ops", passwordHash: HASH }], clusters: [{ name: "a", monitor: { urls: ["http://a:8222"] } }] });
    assert.deepEqual(problemsOf({ DASHBOARD_CONFIG: file, NATS_MONITOR_URLS: "http://b:8222" }), [
      "NATS_MONITOR_URLS: the config file already defines clusters; set them in one place",
    ]);
  });
});

describe("history and report config", () => {
  const base = { NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `admin:${HASH}`, DASHBOARD_DATA_DIR: "/var/lib/jsw" };

  test("history defaults to a file in the data directory, 24 h raw, 90 days of rollups", () => {
    const { history, report } = parseConfig(base, secret);
    assert.equal(history.path, "/var/lib/jsw/history.sqlite");
    assert.equal(history.rawRetentionMs, 24 * 3_600_000);
    assert.equal(history.rollupRetentionMs, 90 * 24 * 3_600_000);
    assert.equal(history.assetRollupMs, 3_600_000);
    assert.deepEqual(report, { trial: null, targets: { throughputMsgsPerSec: null, failoverMs: null, clusterOutages: null, alerts: null } });
  });

  test("HISTORY_PATH=off switches history off; the file sets retention, trial and targets", () => {
    const file = writeJson({
      history: { rawRetentionHours: 6, rollupRetentionDays: 30, assetStepMs: 10_000, assetRollupMinutes: 5 },
      report: { trial: { from: "2026-11-01T00:00:00Z", to: "2026-11-15T00:00:00Z" }, targets: { throughputMsgsPerSec: 100_000, failoverMs: 10_000 } },
    });
    const config = parseConfig({ ...base, DASHBOARD_CONFIG: file, HISTORY_PATH: "off" }, secret);
    assert.equal(config.history.path, null);
    assert.equal(config.history.rawRetentionMs, 6 * 3_600_000);
    assert.equal(config.history.assetRollupMs, 5 * 60_000);
    assert.deepEqual(config.report.trial, { from: "2026-11-01T00:00:00Z", to: "2026-11-15T00:00:00Z" });
    assert.equal(config.report.targets.throughputMsgsPerSec, 100_000);
    assert.equal(config.report.targets.alerts, null);
  });

  test("bad history and report fields are named", () => {
    const file = writeJson({ history: { rawRetentionHours: 0, retention: 3 }, report: { trial: { from: "yesterday", to: "2026-11-15T00:00:00Z" } } });
    const problems = problemsOf({ ...base, DASHBOARD_CONFIG: file });
    assert.ok(problems.some((p) => p.includes("history.rawRetentionHours")), problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("history") && p.includes("retention")), problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("report.trial.from")), problems.join("\n"));
    const envProblems = problemsOf({ ...base, REPORT_TRIAL_FROM: "2026-11-15T00:00:00Z", REPORT_TRIAL_TO: "2026-11-01T00:00:00Z", HISTORY_ROLLUP_DAYS: "x" });
    assert.ok(envProblems.some((p) => p.startsWith("REPORT_TRIAL_FROM: must be before")), envProblems.join("\n"));
    assert.ok(envProblems.some((p) => p.startsWith("HISTORY_ROLLUP_DAYS")), envProblems.join("\n"));
  });
});

describe("store config", () => {
  const base = { NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `admin:${HASH}`, DASHBOARD_DATA_DIR: "/var/lib/jsw" };

  test("SQLite in the data directory unless DATABASE_URL (or store.url) names a PostgreSQL database", () => {
    assert.equal(parseConfig(base, secret).history.postgres, null);
    const config = parseConfig({ ...base, DATABASE_URL: "postgres://jsw:secret@db.example:5432/jsw", DATABASE_POOL_SIZE: "4" }, secret);
    assert.deepEqual(config.history.postgres, { url: "postgres://jsw:secret@db.example:5432/jsw", poolSize: 4 });
    assert.equal(config.history.path, null, "no SQLite file beside it");
    assert.equal(describeStore(config.history), "PostgreSQL postgres://jsw:xxxxx@db.example:5432/jsw", "the password is never logged");
    const file = writeJson({ store: { kind: "postgres", url: "postgresql:///jsw?host=/run/postgresql" } });
    assert.equal(parseConfig({ ...base, DASHBOARD_CONFIG: file }, secret).history.postgres?.poolSize, 10);
    assert.equal(parseConfig({ ...base, DATABASE_URL: "postgres://db/jsw", HISTORY_PATH: "off" }, secret).history.postgres, null, "history off is off");
  });

  test("bad store fields are named, and a URL never repeats its password", () => {
    const envProblems = problemsOf({ ...base, DATABASE_URL: "mysql://root:hunter2@db/jsw", DATABASE_POOL_SIZE: "0" });
    assert.ok(envProblems.some((p) => p.startsWith("DATABASE_URL") && p.includes("must be a postgres://")), envProblems.join("\n"));
    assert.ok(envProblems.some((p) => p.startsWith("DATABASE_POOL_SIZE")), envProblems.join("\n"));
    assert.ok(!envProblems.join("\n").includes("hunter2"), envProblems.join("\n"));
    const file = writeJson({ store: { kind: "postgres", pool: 3 } });
    const problems = problemsOf({ ...base, DASHBOARD_CONFIG: file });
    assert.ok(problems.some((p) => p.includes("store.url") && p.includes("PostgreSQL needs its URL")), problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("store") && p.includes('"pool"')), problems.join("\n"));
    const sqliteWithUrl = problemsOf({ ...base, DASHBOARD_CONFIG: writeJson({ store: { kind: "sqlite", url: "postgres://db/jsw" } }) });
    assert.ok(sqliteWithUrl.some((p) => p.includes("store.url") && p.includes("is for PostgreSQL")), sqliteWithUrl.join("\n"));
  });
});

describe("display tokens and the wall", () => {
  const base = { NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `a:${HASH}` };
  const fileWith = (extra: Record<string, unknown>) =>
    writeJson({ users: [{ username: "ops", passwordHash: HASH }], clusters: [{ name: "a", monitor: { urls: ["http://a:8222"] } }], ...extra });

  test("defaults: no display token, no rotation, every panel", () => {
    const config = parseConfig(base, secret);
    assert.deepEqual(config.displayTokens, []);
    assert.deepEqual(config.wall, { rotateSeconds: null, panels: ["overview", "placement", "trouble"], frameAncestors: [] });
  });

  test("tokens from the file and DASHBOARD_DISPLAY_TOKEN; rotation from the file, the environment winning", () => {
    const file = fileWith({
      displayTokens: [{ name: "noc-tv", token: "noc-tv-0123456789abcdef" }],
      wall: { rotateSeconds: 30, panels: ["overview", "trouble"] },
    });
    const config = parseConfig({ DASHBOARD_CONFIG: file, DASHBOARD_DISPLAY_TOKEN: "env-token-0123456789" }, secret);
    assert.deepEqual(config.displayTokens, [
      { name: "noc-tv", token: "noc-tv-0123456789abcdef" },
      { name: "env", token: "env-token-0123456789" },
    ]);
    assert.deepEqual(config.wall, { rotateSeconds: 30, panels: ["overview", "trouble"], frameAncestors: [] });
    assert.equal(parseConfig({ DASHBOARD_CONFIG: file, WALL_ROTATE_SECONDS: "0" }, secret).wall.rotateSeconds, null, "0 turns rotation off");
    assert.equal(parseConfig({ ...base, WALL_ROTATE_SECONDS: "15" }, secret).wall.rotateSeconds, 15);
  });

  test("bad tokens and wall settings are named, in the environment and in the file", () => {
    const envCases: Array<[Record<string, string>, string]> = [
      [{ DASHBOARD_DISPLAY_TOKEN: "short" }, "DASHBOARD_DISPLAY_TOKEN: must be at least 16 characters"],
      [{ DASHBOARD_DISPLAY_TOKEN: "has/slash+plus=0123456789" }, "DASHBOARD_DISPLAY_TOKEN: may only hold letters, digits, '.', '_', '~' and '-' (it goes into a URL)"],
      [{ DASHBOARD_DISPLAY_TOKEN: "same-as-api-token-0123", DASHBOARD_API_TOKEN: "same-as-api-token-0123" }, "DASHBOARD_DISPLAY_TOKEN.token: must differ from the API token (a display link may only read)"],
      [{ WALL_ROTATE_SECONDS: "1" }, "WALL_ROTATE_SECONDS: must be 0 (no rotation) or at least 2"],
      [{ WALL_ROTATE_SECONDS: "soon" }, 'WALL_ROTATE_SECONDS: must be a whole number from 0 to 3600, got "soon"'],
    ];
    for (const [env, problem] of envCases) assert.deepEqual(problemsOf({ ...base, ...env }), [problem], JSON.stringify(env));

    const file = fileWith({
      displayTokens: [
        { name: "tv", token: "tv-token-0123456789" },
        { name: "tv", token: "tv-token-0123456789" },
        { name: "bad name!", token: "short" },
      ],
      wall: { rotateSeconds: 1, panels: ["overview", "clock"] },
    });
    const fileProblems = problemsOf({ DASHBOARD_CONFIG: file }).map((p) => p.replace(`${file}: `, ""));
    assert.deepEqual(fileProblems.map((p) => p.split(":")[0]).sort(), ["displayTokens[2].name", "displayTokens[2].token", "wall.panels[1]", "wall.rotateSeconds"].sort());
    const dupes = fileWith({ displayTokens: [{ name: "tv", token: "tv-token-0123456789" }, { name: "tv", token: "tv-token-0123456789" }] });
    assert.deepEqual(problemsOf({ DASHBOARD_CONFIG: dupes }), ['displayTokens[1].name: "tv" is used twice', "displayTokens[1].token: the same token is used twice"]);
  });
});

describe("latency canary", () => {
  test("NATS_CANARY_URLS with an application user turns the canary on with its defaults", () => {
    const config = parseConfig(
      {
        NATS_MONITOR_URLS: "http://a:8222,http://b:8222,http://c:8222",
        NATS_CANARY_URLS: "nats://a:4222,nats://b:4222,nats://c:4222",
        NATS_CANARY_USER: "app",
        NATS_CANARY_PASSWORD: "pw",
        DASHBOARD_USERS: `admin:${HASH}`,
      },
      secret,
    );
    const canary = config.clusters[0].canary;
    assert.deepEqual(canary?.urls, ["nats://a:4222", "nats://b:4222", "nats://c:4222"]);
    assert.equal(canary?.user, "app");
    assert.equal(canary?.stream, "JSW_CANARY");
    assert.equal(canary?.ratePerSec, 5);
    assert.equal(canary?.payloadBytes, 1024);
    assert.equal(canary?.replicas, null);
    assert.deepEqual(canary?.targets, { writeP99Ms: 5, endToEndP99Ms: 2 });
  });

  test("without the section there is no canary", () => {
    const config = parseConfig({ NATS_MONITOR_URLS: "http://a:8222", DASHBOARD_USERS: `admin:${HASH}` }, secret);
    assert.equal(config.clusters[0].canary, undefined);
  });

  test("canary credentials without NATS_CANARY_URLS are pointed out", () => {
    assert.ok(
      problemsOf({ NATS_MONITOR_URLS: "http://a:8222", NATS_CANARY_USER: "app", DASHBOARD_USERS: `a:${HASH}` }).includes(
        "NATS_CANARY_USER: set NATS_CANARY_URLS too (the NATS URLs of the canary's user)",
      ),
    );
  });

  test("in the file: bad canary settings are named, targets keep the defaults they do not set", () => {
    const bad = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [
        {
          name: "c",
          monitor: { urls: ["http://a:8222"] },
          canary: { urls: ["nats://a:4222"], user: "app", stream: "my.stream", ratePerSec: 0, names: ["a", "b"], credsFile: "/nonexistent.creds" },
        },
      ],
    });
    const problems = problemsOf({ DASHBOARD_CONFIG: bad }).map((p) => p.replace(`${bad}: `, ""));
    for (const expected of [
      "clusters[0].canary.stream: must be 1-64 letters, digits, '_' or '-'",
      'clusters[0].canary.ratePerSec: must be a number from 0.1 to 1000, got "0"',
      "clusters[0].canary.names: has 2 names for 1 urls",
      "clusters[0].canary.password: is required when user is set",
    ])
      assert.ok(problems.includes(expected), `${expected}\nin:\n${problems.join("\n")}`);
    assert.ok(problems.some((p) => p.startsWith("clusters[0].canary.credsFile: cannot read /nonexistent.creds")), problems.join("\n"));

    const good = writeJson({
      users: [{ username: "ops", passwordHash: HASH }],
      clusters: [{ name: "c", monitor: { urls: ["http://a:8222"] }, canary: { urls: ["nats://a:4222"], token: "t", replicas: 1, targets: { writeP99Ms: 8 } } }],
    });
    const canary = parseConfig({ DASHBOARD_CONFIG: good }, secret).clusters[0].canary;
    assert.deepEqual(canary?.targets, { writeP99Ms: 8, endToEndP99Ms: 2 });
    assert.equal(canary?.replicas, 1);
    assert.equal(canary?.maxAgeMs, 600_000);
  });
});
