import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "./config";
import { changedSettings, configFingerprint, configLoadedEntry } from "./config-fingerprint";

const HASH = "$2b$10$DTO66zmWvjrEp739JyTGBeccsPea69vFKPHiATOtErfh0/ewkp5UW";
const OTHER_HASH = "$2b$10$EyTrzvsLuGxjaFHTNi6KAeINB263Ah4EpMZQ4bUcb5kqUAIUxDje6";
const SECRETS = {
  NATS_MONITOR_PASSWORD: "monitor-password-1",
  NATS_SYSTEM_PASSWORD: "system-password-1",
  DASHBOARD_API_TOKEN: "api-token-0123456789-1",
  DASHBOARD_DISPLAY_TOKEN: "display-token-0123456789-1",
  AUTH_SECRET: "auth-secret-0123456789-0123456789-1",
  ALERT_WEBHOOK_URLS: "https://hooks.example.com/services/T000/B000/webhook-secret-1",
};

const config = (env: Record<string, string> = {}) =>
  parseConfig(
    {
      NATS_MONITOR_URLS: "http://a:8222,http://b:8222",
      NATS_MONITOR_USER: "watch",
      NATS_URLS: "nats://a:4222",
      NATS_SYSTEM_USER: "sys",
      DASHBOARD_USERS: `ana:${HASH}:viewer`,
      HISTORY_PATH: "off",
      ...SECRETS,
      ...env,
    },
    () => "unused",
  );

test("the fingerprint names each setting and holds no secret, nor a URL's path", () => {
  const loaded = config();
  const fingerprint = configFingerprint(loaded);
  assert.match(fingerprint, /^([A-Za-z]+=[0-9a-f]{8} ?)+$/);
  // Every setting (a section added later too), in name order; the session secret is always set, so only ever the marker.
  const settings = Object.keys(loaded).filter((key) => !["authSecret", "authSecretGenerated", "publicUrl"].includes(key));
  assert.deepEqual(
    fingerprint.split(" ").map((part) => part.split("=")[0]),
    settings.sort((a, b) => a.localeCompare(b)),
  );
  for (const key of ["alerts", "apiToken", "clusters", "displayTokens", "users", "wall"]) assert.ok(settings.includes(key), key);
  const entry = configLoadedEntry(config(), null);
  for (const secret of [...Object.values(SECRETS), HASH, "webhook-secret", "/services/"]) assert.ok(!JSON.stringify(entry).includes(secret), secret);
});

test("a changed secret leaves the fingerprint as it was; any other change shows in its setting", () => {
  const before = configFingerprint(config());
  const rotated = configFingerprint(
    config({
      NATS_MONITOR_PASSWORD: "monitor-password-2",
      NATS_SYSTEM_PASSWORD: "system-password-2",
      DASHBOARD_API_TOKEN: "api-token-0123456789-2",
      DASHBOARD_DISPLAY_TOKEN: "display-token-0123456789-2",
      AUTH_SECRET: "auth-secret-0123456789-0123456789-2",
      ALERT_WEBHOOK_URLS: "https://hooks.example.com/services/T000/B000/webhook-secret-2",
      DASHBOARD_USERS: `ana:${OTHER_HASH}:viewer`,
    }),
  );
  assert.equal(rotated, before);
  const cases: [Record<string, string>, string[]][] = [
    [{ NATS_MONITOR_URLS: "http://a:8222,http://c:8222" }, ["clusters"]],
    [{ DASHBOARD_USERS: `ana:${HASH}:operator` }, ["users"]],
    [{ DASHBOARD_USERS: `ana:${HASH}:viewer,bob:${HASH}:admin`, ALERT_HOLD_MS: "5000" }, ["alerts", "users"]],
    [{ ALERT_WEBHOOK_URLS: "https://chat.example.com/hook" }, ["alerts"]],
    [{ DASHBOARD_API_TOKEN: "" }, ["apiToken"]],
    [{ POLL_INTERVAL_MS: "5000" }, ["pollIntervalMs"]],
  ];
  for (const [env, changed] of cases) assert.deepEqual(changedSettings(before, configFingerprint(config(env))), changed, JSON.stringify(env));
});

test("the entry says whether the configuration changed since the previous start, and what it holds", () => {
  const first = configLoadedEntry(config(), null);
  assert.equal(first.kind, "config-loaded");
  assert.equal(first.actor, "dashboard");
  assert.equal(first.detail, "the first start recorded; 1 cluster, 1 user, an API token, 1 display link (secrets are left out of the fingerprint)");
  assert.match(configLoadedEntry(config(), first.subject).detail ?? "", /^unchanged since the previous start; /);
  assert.match(configLoadedEntry(config({ WALL_ROTATE_SECONDS: "30" }), first.subject).detail ?? "", /^changed since the previous start: wall; /);
});
