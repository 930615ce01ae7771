/**
 * The one validated configuration of JetStream Watch. This module is the only reader of
 * `process.env` (besides Next.js itself): everything else receives a `DashboardConfig`.
 *
 * Sources, in order: a JSON file named by DASHBOARD_CONFIG, then environment variables.
 * Every problem is reported as one line naming the field (`clusters[0].monitor.urls[1]: …`,
 * `NATS_MONITOR_URLS: …`), and all problems are reported at once.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { alertThresholdsSchema, DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./alerts/thresholds";
import type { WebhookConfig } from "./alerts/notify";
import { DEFAULT_WALL_SETTINGS, WALL_PANELS, type WallSettings } from "./view/wall";

export interface MonitorSourceConfig {
  urls: string[];
  /** Optional display names, same order as urls; otherwise the server's own name is used. */
  names?: string[];
  user?: string;
  password?: string;
  token?: string;
  /** PEM contents of the CA that signs the monitoring proxy's certificate. */
  ca?: string;
  caFile?: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface SystemSourceConfig {
  /** nats://, tls://, ws:// or wss:// URLs of the cluster's servers. */
  urls: string[];
  user?: string;
  password?: string;
  token?: string;
  nkeySeedFile?: string;
  credsFile?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  timeoutMs: number;
  stallMs: number;
}

export interface ClusterConfig {
  name: string;
  /**
   * How many nodes the cluster should have: configured, else the number of monitor URLs, else
   * null (learned from the JetStream meta group's size).
   */
  expectedNodes: number | null;
  /** HTTP monitoring ports (usually behind a proxy). */
  monitor?: MonitorSourceConfig;
  /** A system-account user: fan-out requests and live events over NATS. */
  system?: SystemSourceConfig;
}

/** Thresholds of derived flags; alert rules will add theirs here. */
export interface Thresholds {
  /** A consumer with pending work and no delivery for this long is "stalled". */
  consumerStalledMs: number;
  /** A consumer whose numPending keeps growing for this long is "falling behind". */
  consumerFallingBehindMs: number;
  /** A node leading more than this multiple of the average stream leaders per node is "imbalanced". */
  leaderImbalanceRatio: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  consumerStalledMs: 60_000,
  consumerFallingBehindMs: 120_000,
  leaderImbalanceRatio: 1.5,
};

export interface AlertsConfig {
  /** How long a finding must hold before its alert fires. */
  holdMs: number;
  thresholds: AlertThresholds;
  webhooks: WebhookConfig[];
}

export interface HistoryConfig {
  /** The SQLite file; null when history is switched off. */
  path: string | null;
  /** How long raw samples (every poll; streams and consumers every assetStepMs) are kept. */
  rawRetentionMs: number;
  /** How long rollups (nodes per minute, streams and consumers per assetRollupMs) are kept. */
  rollupRetentionMs: number;
  /** Step of the stored stream and consumer samples (they are many; nodes are stored at every poll). */
  assetStepMs: number;
  /** Bucket of the stream and consumer rollups. */
  assetRollupMs: number;
}

/** Targets of a trial run; a target left out is not judged. */
export interface ReportTargets {
  /** Peak messages stored per second must reach this. */
  throughputMsgsPerSec: number | null;
  /** The worst measured leaderless time of a stream must stay below this. */
  failoverMs: number | null;
  /** Cluster outages allowed in the period. */
  clusterOutages: number | null;
  /** Alerts (that fired) allowed in the period. */
  alerts: number | null;
}

export interface ReportConfig {
  /** The default period of /report. */
  trial: { from: string; to: string } | null;
  targets: ReportTargets;
}

export interface DashboardUser {
  username: string;
  passwordHash: string;
}

/** A read-only link for a wall display: `/wall?display=<token>`. */
export interface DisplayToken {
  /** Which display it is, for the server log ("noc-tv"). */
  name: string;
  token: string;
}

export interface DashboardConfig {
  pollIntervalMs: number;
  clusters: ClusterConfig[];
  users: DashboardUser[];
  apiToken?: string;
  /** Tokens of the wall displays' links; each can only read what the wall shows. */
  displayTokens: DisplayToken[];
  wall: WallSettings;
  authSecret: string;
  /** True when no secret was configured and a random one was made for this process. */
  authSecretGenerated: boolean;
  /** How many samples of node rates are kept in memory for the live charts. */
  recentSamples: number;
  thresholds: Thresholds;
  alerts: AlertsConfig;
  /** Where the dashboard keeps its own state (generated auth secret; later the history database). */
  dataDir: string;
  /** The URL users reach the dashboard at; when unset the request's Host header is trusted. */
  publicUrl?: string;
  history: HistoryConfig;
  report: ReportConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const DEFAULTS = {
  pollIntervalMs: 2000,
  timeoutMs: 1500,
  systemTimeoutMs: 2000,
  systemStallMs: 300,
  maxResponseBytes: 32 * 1024 * 1024,
  recentSamples: 450, // 15 minutes at the default 2 s interval
  clusterName: "default",
};

const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL");

const clusterName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-'");

const monitorSchema = z
  .object({
    urls: z.array(httpUrl).min(1, "needs at least one monitoring URL"),
    names: z.array(z.string().min(1)).optional(),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    token: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULTS.timeoutMs),
    maxResponseBytes: z.number().int().min(1024).default(DEFAULTS.maxResponseBytes),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.user !== undefined && m.password === undefined)
      ctx.addIssue({ code: "custom", path: ["password"], message: "is required when user is set" });
    if (m.token !== undefined && m.user !== undefined)
      ctx.addIssue({ code: "custom", path: ["token"], message: "use either user/password or token, not both" });
    if (m.names !== undefined && m.names.length !== m.urls.length)
      ctx.addIssue({ code: "custom", path: ["names"], message: `has ${m.names.length} names for ${m.urls.length} urls` });
  });

const natsUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return ["nats:", "tls:", "ws:", "wss:"].includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}, "must be a nats://, tls://, ws:// or wss:// URL");

const systemSchema = z
  .object({
    urls: z.array(natsUrl).min(1, "needs at least one NATS URL"),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    token: z.string().min(1).optional(),
    nkeySeedFile: z.string().min(1).optional(),
    credsFile: z.string().min(1).optional(),
    tls: z
      .object({ caFile: z.string().min(1).optional(), certFile: z.string().min(1).optional(), keyFile: z.string().min(1).optional() })
      .strict()
      .optional(),
    timeoutMs: z.number().int().min(200).max(60_000).default(DEFAULTS.systemTimeoutMs),
    stallMs: z.number().int().min(50).max(10_000).default(DEFAULTS.systemStallMs),
  })
  .strict()
  .superRefine((s, ctx) => {
    const kinds = [s.user !== undefined, s.token !== undefined, s.nkeySeedFile !== undefined, s.credsFile !== undefined].filter(Boolean).length;
    if (kinds > 1) ctx.addIssue({ code: "custom", path: [], message: "use one of user/password, token, nkeySeedFile or credsFile" });
    if (s.user !== undefined && s.password === undefined)
      ctx.addIssue({ code: "custom", path: ["password"], message: "is required when user is set" });
    if (s.tls && (s.tls.certFile === undefined) !== (s.tls.keyFile === undefined))
      ctx.addIssue({ code: "custom", path: ["tls"], message: "certFile and keyFile go together" });
  });

const clusterSchema = z
  .object({
    name: clusterName,
    expectedNodes: z.number().int().min(1).max(64).optional(),
    monitor: monitorSchema.optional(),
    system: systemSchema.optional(),
  })
  .strict()
  .refine((c) => c.monitor !== undefined || c.system !== undefined, { message: "needs a monitor or a system source (or both)" });

const userSchema = z
  .object({
    username: z.string().min(1).max(64),
    passwordHash: z.string().regex(BCRYPT_HASH, "must be a bcrypt hash ($2a$/$2b$/$2y$…)"),
  })
  .strict();

const webhookSchema = z
  .object({
    url: httpUrl,
    format: z.enum(["json", "slack", "alertmanager"]).default("json"),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const alertsSchema = z
  .object({
    holdMs: z.number().int().min(0).max(3_600_000).optional(),
    thresholds: alertThresholdsSchema.optional(),
    webhooks: z.array(webhookSchema).optional(),
  })
  .strict();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const historySchema = z
  .object({
    path: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
    rawRetentionHours: z.number().min(1).max(24 * 31).optional(),
    rollupRetentionDays: z.number().min(1).max(3660).optional(),
    assetStepMs: z.number().int().min(250).max(3_600_000).optional(),
    assetRollupMinutes: z.number().int().min(1).max(1440).optional(),
  })
  .strict();

const isoTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), "must be an ISO 8601 time such as 2026-11-01T00:00:00Z");

const reportSchema = z
  .object({
    trial: z
      .object({ from: isoTime, to: isoTime })
      .strict()
      .refine((t) => Date.parse(t.from) < Date.parse(t.to), "from must be before to")
      .optional(),
    targets: z
      .object({
        throughputMsgsPerSec: z.number().positive().optional(),
        failoverMs: z.number().int().positive().optional(),
        clusterOutages: z.number().int().min(0).optional(),
        alerts: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

// Tokens travel in the wall's URL, so only characters that need no escaping there.
const displayTokenValue = z
  .string()
  .min(16, "must be at least 16 characters")
  .regex(/^[A-Za-z0-9._~-]+$/, "may only hold letters, digits, '.', '_', '~' and '-' (it goes into a URL)");

const displayTokenSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-'"),
    token: displayTokenValue,
  })
  .strict();

const WALL_ROTATE_MIN_S = 2;
const WALL_ROTATE_MAX_S = 3600;

const wallSchema = z
  .object({
    rotateSeconds: z
      .number()
      .int()
      .min(0)
      .max(WALL_ROTATE_MAX_S)
      .refine((v) => v === 0 || v >= WALL_ROTATE_MIN_S, `must be 0 (no rotation) or at least ${WALL_ROTATE_MIN_S}`)
      .optional(),
    panels: z.array(z.enum(WALL_PANELS)).min(1, "needs at least one panel").optional(),
  })
  .strict();

const fileSchema = z
  .object({
    pollIntervalMs: z.number().int().min(250).max(600_000).optional(),
    clusters: z.array(clusterSchema).min(1, "needs at least one cluster").optional(),
    users: z.array(userSchema).optional(),
    apiToken: z.string().min(16, "must be at least 16 characters").optional(),
    displayTokens: z.array(displayTokenSchema).optional(),
    wall: wallSchema.optional(),
    authSecret: z.string().min(32, "must be at least 32 characters").optional(),
    recentSamples: z.number().int().min(10).max(100_000).optional(),
    dataDir: z.string().min(1).optional(),
    publicUrl: httpUrl.optional(),
    alerts: alertsSchema.optional(),
    history: historySchema.optional(),
    report: reportSchema.optional(),
    thresholds: z
      .object({
        consumerStalledMs: z.number().int().min(1000).optional(),
        consumerFallingBehindMs: z.number().int().min(1000).optional(),
        leaderImbalanceRatio: z.number().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type FileConfig = z.infer<typeof fileSchema>;
type Env = Record<string, string | undefined>;

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out === "" ? String(key) : `${out}.${String(key)}`;
  }, "");
}

function zodProblems(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const where = [prefix, formatPath(issue.path)].filter(Boolean).join(prefix && issue.path.length ? "." : "");
    const message = issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
    return `${where || "(root)"}: ${message}`;
  });
}

function readFileConfig(path: string, problems: string[]): FileConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    problems.push(`DASHBOARD_CONFIG: cannot read ${path}: ${(err as Error).message}`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    problems.push(`DASHBOARD_CONFIG: ${path} is not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, "").map((p) => `${path}: ${p}`));
    return undefined;
  }
  return parsed.data;
}

function envInt(env: Env, name: string, min: number, max: number, problems: string[]): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${value}"`);
    return undefined;
  }
  return n;
}

/** `DASHBOARD_USERS=alice:$2b$10$…,bob:$2b$10$…` */
function envUsers(value: string, problems: string[]): DashboardUser[] {
  const users: DashboardUser[] = [];
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const colon = entry.indexOf(":");
      const username = colon > 0 ? entry.slice(0, colon) : "";
      const passwordHash = colon > 0 ? entry.slice(colon + 1) : "";
      if (!username || !BCRYPT_HASH.test(passwordHash)) {
        problems.push(`DASHBOARD_USERS[${i}]: must be "username:<bcrypt hash>" (hash with: npx tsx scripts/hash-password.ts)`);
        return;
      }
      users.push({ username, passwordHash });
    });
  return users;
}

function readCa(caFile: string | undefined, field: string, problems: string[]): string | undefined {
  if (!caFile) return undefined;
  try {
    const pem = readFileSync(caFile, "utf8");
    if (!pem.includes("BEGIN CERTIFICATE")) {
      problems.push(`${field}: ${caFile} contains no PEM certificate`);
      return undefined;
    }
    return pem;
  } catch (err) {
    problems.push(`${field}: cannot read ${caFile}: ${(err as Error).message}`);
    return undefined;
  }
}

function checkReadable(file: string | undefined, field: string, problems: string[]): void {
  if (!file) return;
  try {
    readFileSync(file);
  } catch (err) {
    problems.push(`${field}: cannot read ${file}: ${(err as Error).message}`);
  }
}

function checkSystemFiles(system: SystemSourceConfig, field: string, problems: string[]): void {
  checkReadable(system.credsFile, `${field}.credsFile`, problems);
  checkReadable(system.nkeySeedFile, `${field}.nkeySeedFile`, problems);
  checkReadable(system.tls?.caFile, `${field}.tls.caFile`, problems);
  checkReadable(system.tls?.certFile, `${field}.tls.certFile`, problems);
  checkReadable(system.tls?.keyFile, `${field}.tls.keyFile`, problems);
}

/** `NATS_URLS` with `NATS_SYSTEM_USER`/`NATS_SYSTEM_PASSWORD`, `NATS_SYSTEM_TOKEN`, `NATS_SYSTEM_NKEY` or `NATS_SYSTEM_CREDS`. */
function envSystem(env: Env, problems: string[]): SystemSourceConfig | undefined {
  const urls = (env.NATS_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) {
    for (const name of ["NATS_SYSTEM_USER", "NATS_SYSTEM_PASSWORD", "NATS_SYSTEM_TOKEN", "NATS_SYSTEM_NKEY", "NATS_SYSTEM_CREDS"])
      if (env[name]) problems.push(`${name}: set NATS_URLS too (the NATS URLs to connect to)`);
    return undefined;
  }
  const before = problems.length;
  urls.forEach((url, i) => {
    if (!natsUrl.safeParse(url).success) problems.push(`NATS_URLS[${i}]: "${url}" must be a nats://, tls://, ws:// or wss:// URL`);
  });
  const auth = ["NATS_SYSTEM_USER", "NATS_SYSTEM_TOKEN", "NATS_SYSTEM_NKEY", "NATS_SYSTEM_CREDS"].filter((n) => env[n]);
  if (auth.length > 1) problems.push(`${auth.join(", ")}: use only one way to authenticate`);
  if (env.NATS_SYSTEM_USER && env.NATS_SYSTEM_PASSWORD === undefined) problems.push("NATS_SYSTEM_PASSWORD: is required when NATS_SYSTEM_USER is set");
  const tls =
    env.NATS_TLS_CA || env.NATS_TLS_CERT || env.NATS_TLS_KEY
      ? { caFile: env.NATS_TLS_CA || undefined, certFile: env.NATS_TLS_CERT || undefined, keyFile: env.NATS_TLS_KEY || undefined }
      : undefined;
  const system: SystemSourceConfig = {
    urls,
    user: env.NATS_SYSTEM_USER || undefined,
    password: env.NATS_SYSTEM_PASSWORD,
    token: env.NATS_SYSTEM_TOKEN || undefined,
    nkeySeedFile: env.NATS_SYSTEM_NKEY || undefined,
    credsFile: env.NATS_SYSTEM_CREDS || undefined,
    tls,
    timeoutMs: envInt(env, "NATS_SYSTEM_TIMEOUT_MS", 200, 60_000, problems) ?? DEFAULTS.systemTimeoutMs,
    stallMs: DEFAULTS.systemStallMs,
  };
  const fileProblems: string[] = [];
  checkSystemFiles(system, "NATS_SYSTEM", fileProblems);
  problems.push(
    ...fileProblems.map((p) =>
      p
        .replace("NATS_SYSTEM.credsFile", "NATS_SYSTEM_CREDS")
        .replace("NATS_SYSTEM.nkeySeedFile", "NATS_SYSTEM_NKEY")
        .replace("NATS_SYSTEM.tls.caFile", "NATS_TLS_CA")
        .replace("NATS_SYSTEM.tls.certFile", "NATS_TLS_CERT")
        .replace("NATS_SYSTEM.tls.keyFile", "NATS_TLS_KEY"),
    ),
  );
  return problems.length > before ? undefined : system;
}

function envCluster(env: Env, problems: string[]): ClusterConfig | undefined {
  const system = envSystem(env, problems);
  const monitor = envMonitor(env, problems);
  if (!system && !monitor) return undefined;
  const name = env.CLUSTER_NAME || DEFAULTS.clusterName;
  if (!clusterName.safeParse(name).success) {
    problems.push(`CLUSTER_NAME: "${name}" must be 1-64 letters, digits, '.', '_' or '-'`);
    return undefined;
  }
  const expected = envInt(env, "NATS_EXPECTED_NODES", 1, 64, problems);
  return { name, expectedNodes: expected ?? monitor?.urls.length ?? null, monitor, system };
}

function envMonitor(env: Env, problems: string[]): MonitorSourceConfig | undefined {
  const urls = (env.NATS_MONITOR_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) return undefined;
  const before = problems.length;
  urls.forEach((url, i) => {
    if (!httpUrl.safeParse(url).success) problems.push(`NATS_MONITOR_URLS[${i}]: "${url}" must be an http:// or https:// URL`);
  });
  const user = env.NATS_MONITOR_USER || undefined;
  const password = env.NATS_MONITOR_PASSWORD;
  if (user && password === undefined) problems.push("NATS_MONITOR_PASSWORD: is required when NATS_MONITOR_USER is set");
  const timeoutMs = envInt(env, "NATS_MONITOR_TIMEOUT_MS", 100, 60_000, problems) ?? DEFAULTS.timeoutMs;
  const ca = readCa(env.NATS_MONITOR_CA || undefined, "NATS_MONITOR_CA", problems);
  if (problems.length > before) return undefined;
  return {
    urls,
    user,
    password,
    token: env.NATS_MONITOR_TOKEN || undefined,
    ca,
    caFile: env.NATS_MONITOR_CA || undefined,
    timeoutMs,
    maxResponseBytes: DEFAULTS.maxResponseBytes,
  };
}

const DEFAULT_ALERT_HOLD_MS = 10_000;

/** `displayTokens` from the file plus `DASHBOARD_DISPLAY_TOKEN` (named "env"); each unique, none the API token. */
function displayTokensConfig(env: Env, file: DisplayToken[] | undefined, apiToken: string | undefined, problems: string[]): DisplayToken[] {
  const tokens = [...(file ?? [])];
  const fromEnv = env.DASHBOARD_DISPLAY_TOKEN;
  if (fromEnv) {
    const parsed = displayTokenValue.safeParse(fromEnv);
    if (parsed.success) tokens.push({ name: "env", token: fromEnv });
    else problems.push(`DASHBOARD_DISPLAY_TOKEN: ${parsed.error.issues[0].message}`);
  }
  const field = (i: number) => (i < (file?.length ?? 0) ? `displayTokens[${i}]` : "DASHBOARD_DISPLAY_TOKEN");
  tokens.forEach((t, i) => {
    if (tokens.findIndex((other) => other.name === t.name) < i) problems.push(`${field(i)}.name: "${t.name}" is used twice`);
    if (tokens.findIndex((other) => other.token === t.token) < i) problems.push(`${field(i)}.token: the same token is used twice`);
    if (apiToken !== undefined && t.token === apiToken)
      problems.push(`${field(i)}.token: must differ from the API token (a display link may only read)`);
  });
  return tokens;
}

/** `wall` from the file, with `WALL_ROTATE_SECONDS` from the environment winning. */
function wallConfig(env: Env, file: z.infer<typeof wallSchema> | undefined, problems: string[]): WallSettings {
  let rotateSeconds = file?.rotateSeconds;
  const fromEnv = envInt(env, "WALL_ROTATE_SECONDS", 0, WALL_ROTATE_MAX_S, problems);
  if (fromEnv !== undefined) {
    if (fromEnv > 0 && fromEnv < WALL_ROTATE_MIN_S) problems.push(`WALL_ROTATE_SECONDS: must be 0 (no rotation) or at least ${WALL_ROTATE_MIN_S}`);
    rotateSeconds = fromEnv;
  }
  return { rotateSeconds: rotateSeconds || null, panels: [...new Set(file?.panels ?? DEFAULT_WALL_SETTINGS.panels)] };
}

/** `alerts` from the file, plus `ALERT_HOLD_MS` and `ALERT_WEBHOOK_URLS` (+ `ALERT_WEBHOOK_FORMAT`) from the environment. */
function alertsConfig(env: Env, file: z.infer<typeof alertsSchema> | undefined, problems: string[]): AlertsConfig {
  const holdMs = envInt(env, "ALERT_HOLD_MS", 0, 3_600_000, problems) ?? file?.holdMs ?? DEFAULT_ALERT_HOLD_MS;
  const webhooks: WebhookConfig[] = [...(file?.webhooks ?? [])];
  const format = env.ALERT_WEBHOOK_FORMAT || "json";
  if (format !== "json" && format !== "slack" && format !== "alertmanager")
    problems.push(`ALERT_WEBHOOK_FORMAT: "${format}" must be json, slack or alertmanager`);
  (env.ALERT_WEBHOOK_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean)
    .forEach((url, i) => {
      if (!httpUrl.safeParse(url).success) problems.push(`ALERT_WEBHOOK_URLS[${i}]: "${url}" must be an http:// or https:// URL`);
      else webhooks.push({ url, format: format as WebhookConfig["format"] });
    });
  return { holdMs, thresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...file?.thresholds }, webhooks };
}

/** `history` from the file, plus `HISTORY_PATH` (a file, or `off`) and the retention variables from the environment. */
function historyConfig(env: Env, file: z.infer<typeof historySchema> | undefined, dataDir: string, problems: string[]): HistoryConfig {
  const rawHours = envInt(env, "HISTORY_RAW_HOURS", 1, 24 * 31, problems) ?? file?.rawRetentionHours ?? 24;
  const rollupDays = envInt(env, "HISTORY_ROLLUP_DAYS", 1, 3660, problems) ?? file?.rollupRetentionDays ?? 90;
  const envPath = env.HISTORY_PATH;
  const off = envPath === "off" || (envPath === undefined && file?.enabled === false);
  const chosen = envPath && envPath !== "off" ? envPath : (file?.path ?? path.join(dataDir, "history.sqlite"));
  return {
    path: off ? null : path.resolve(/*turbopackIgnore: true*/ chosen),
    rawRetentionMs: rawHours * HOUR_MS,
    rollupRetentionMs: rollupDays * DAY_MS,
    assetStepMs: file?.assetStepMs ?? 60_000,
    assetRollupMs: (file?.assetRollupMinutes ?? 60) * 60_000,
  };
}

/** `report` from the file, with `REPORT_TRIAL_FROM` / `REPORT_TRIAL_TO` from the environment. */
function reportConfig(env: Env, file: z.infer<typeof reportSchema> | undefined, problems: string[]): ReportConfig {
  let trial = file?.trial ?? null;
  if (env.REPORT_TRIAL_FROM || env.REPORT_TRIAL_TO) {
    const from = env.REPORT_TRIAL_FROM ?? "";
    const to = env.REPORT_TRIAL_TO ?? "";
    const bad = (name: string, v: string) => !isoTime.safeParse(v).success && problems.push(`${name}: "${v}" must be an ISO 8601 time such as 2026-11-01T00:00:00Z`);
    const fromBad = bad("REPORT_TRIAL_FROM", from);
    const toBad = bad("REPORT_TRIAL_TO", to);
    if (!fromBad && !toBad && Date.parse(from) >= Date.parse(to)) problems.push("REPORT_TRIAL_FROM: must be before REPORT_TRIAL_TO");
    trial = { from, to };
  }
  const t = file?.targets;
  return {
    trial,
    targets: {
      throughputMsgsPerSec: t?.throughputMsgsPerSec ?? null,
      failoverMs: t?.failoverMs ?? null,
      clusterOutages: t?.clusterOutages ?? null,
      alerts: t?.alerts ?? null,
    },
  };
}

/** Builds the configuration from a file (optional) and the environment; throws ConfigError listing every problem. */
export function parseConfig(env: Env, loadOrCreateSecret: (dataDir: string) => string): DashboardConfig {
  const problems: string[] = [];
  const file = env.DASHBOARD_CONFIG ? readFileConfig(env.DASHBOARD_CONFIG, problems) : undefined;
  // When the file itself was rejected, "nothing configured" would only repeat its errors.
  const fileRejected = env.DASHBOARD_CONFIG !== undefined && file === undefined;

  const clusters: ClusterConfig[] = [];
  for (const [i, c] of (file?.clusters ?? []).entries()) {
    const monitor = c.monitor ? { ...c.monitor, ca: readCa(c.monitor.caFile, `clusters[${i}].monitor.caFile`, problems) } : undefined;
    if (c.system) checkSystemFiles(c.system, `clusters[${i}].system`, problems);
    clusters.push({ name: c.name, expectedNodes: c.expectedNodes ?? monitor?.urls.length ?? null, monitor, system: c.system });
  }
  const seen = new Set<string>();
  clusters.forEach((c, i) => {
    if (seen.has(c.name)) problems.push(`clusters[${i}].name: "${c.name}" is used twice`);
    seen.add(c.name);
  });

  const fromEnv = envCluster(env, problems);
  if (fromEnv && file?.clusters) {
    problems.push(`${fromEnv.monitor ? "NATS_MONITOR_URLS" : "NATS_URLS"}: the config file already defines clusters; set them in one place`);
  } else if (fromEnv) {
    clusters.push(fromEnv);
  }
  if (clusters.length === 0 && !fileRejected && !problems.some((p) => p.startsWith("NATS_"))) {
    problems.push(
      "clusters: none configured; set NATS_MONITOR_URLS=http://host:8222,… and/or NATS_URLS=nats://host:4222,… with a system-account user, or clusters[] in the DASHBOARD_CONFIG file",
    );
  }

  const users = [...(file?.users ?? [])];
  if (env.DASHBOARD_USERS) users.push(...envUsers(env.DASHBOARD_USERS, problems));
  const apiToken = env.DASHBOARD_API_TOKEN || file?.apiToken;
  if (env.DASHBOARD_API_TOKEN !== undefined && env.DASHBOARD_API_TOKEN !== "" && env.DASHBOARD_API_TOKEN.length < 16) {
    problems.push("DASHBOARD_API_TOKEN: must be at least 16 characters");
  }
  if (users.length === 0 && !apiToken && !fileRejected && !problems.some((p) => p.startsWith("DASHBOARD_USERS"))) {
    problems.push("users: none configured, so nobody could log in; set DASHBOARD_USERS=name:<bcrypt hash> or users[] in the file");
  }

  const secretFromEnv = env.AUTH_SECRET || env.NEXTAUTH_SECRET;
  if (secretFromEnv !== undefined && secretFromEnv.length < 32) problems.push("AUTH_SECRET: must be at least 32 characters");
  const pollIntervalMs = envInt(env, "POLL_INTERVAL_MS", 250, 600_000, problems) ?? file?.pollIntervalMs ?? DEFAULTS.pollIntervalMs;

  const alerts = alertsConfig(env, file?.alerts, problems);
  const displayTokens = displayTokensConfig(env, file?.displayTokens, apiToken, problems);
  const wall = wallConfig(env, file?.wall, problems);
  const publicUrl = env.DASHBOARD_PUBLIC_URL || file?.publicUrl;
  if (env.DASHBOARD_PUBLIC_URL && !httpUrl.safeParse(env.DASHBOARD_PUBLIC_URL).success)
    problems.push(`DASHBOARD_PUBLIC_URL: "${env.DASHBOARD_PUBLIC_URL}" must be an http:// or https:// URL`);

  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DASHBOARD_DATA_DIR || file?.dataDir || ".data");
  const history = historyConfig(env, file?.history, dataDir, problems);
  const report = reportConfig(env, file?.report, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  const configuredSecret = secretFromEnv || file?.authSecret;
  return {
    pollIntervalMs,
    clusters,
    users,
    apiToken,
    displayTokens,
    wall,
    authSecret: configuredSecret ?? loadOrCreateSecret(dataDir),
    authSecretGenerated: configuredSecret === undefined,
    recentSamples: file?.recentSamples ?? DEFAULTS.recentSamples,
    thresholds: { ...DEFAULT_THRESHOLDS, ...file?.thresholds },
    alerts,
    dataDir,
    publicUrl,
    history,
    report,
  };
}

const CONFIG_KEY = Symbol.for("jetstream-watch.config");
type ConfigHolder = { [CONFIG_KEY]?: DashboardConfig };

/**
 * The process-wide configuration, parsed once. Next.js bundles route handlers, the proxy and
 * instrumentation separately, so the cache lives on globalThis rather than in a module variable.
 */
export function getConfig(): DashboardConfig {
  const holder = globalThis as ConfigHolder;
  holder[CONFIG_KEY] ??= parseConfig(process.env, persistentSecret);
  return holder[CONFIG_KEY];
}

/**
 * Without AUTH_SECRET a secret is generated once and kept in the data directory, so sessions and
 * display links survive restarts and every server bundle signs with the same key.
 */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not created yet
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** next-auth v4 reads its URL settings from the environment; set them from our config once at boot. */
export function applyAuthEnvironment(config: DashboardConfig): void {
  if (config.publicUrl) process.env.NEXTAUTH_URL = config.publicUrl;
  else process.env.AUTH_TRUST_HOST ??= "true";
  process.env.NEXTAUTH_SECRET = config.authSecret;
}

