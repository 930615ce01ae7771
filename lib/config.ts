/**
 * The one validated configuration of JetStream Watch. This module is the only reader of
 * `process.env` (besides Next.js itself): everything else receives its section of it.
 *
 * It composes; it does not define. Each section's type, defaults and schema live with the module it
 * configures. The file (JSON, named by DASHBOARD_CONFIG) and the environment are two ways to write
 * the same shape: each variable is an entry of ENV that puts its value at a path of the file's
 * shape, and one schema checks the merged result, so every rule is written once. Each problem names
 * the setting that caused it — the variable (`NATS_MONITOR_URLS[1]: …`) or the file and key
 * (`/etc/jsw.json: clusters[0].monitor.password: …`) — and all problems are reported at once.
 */
import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { alertsSchema, type AlertsConfig } from "./alerts/config";
import { authFields, displayTokenProblems, resolveOidc, type AuthSettings } from "./auth/config";
import { persistentSecret } from "./auth/secrets";
import { collectorFields, type CollectorSettings } from "./collector/config";
import { httpUrl, wholeNumber } from "./fields";
import { historyConfig, historySchema, reportSchema, storeSchema, type HistoryConfig, type ReportConfig } from "./history/config";
import { metricsSchema, type MetricsConfig } from "./metrics/config";
import { thresholdsSchema, type Thresholds } from "./model/thresholds";
import { clusterSchema, readSourceFiles, type ClusterConfig } from "./sources/config";
import { DEFAULT_WALL_SETTINGS, WALL_PANELS, WALL_ROTATE_MAX_S, WALL_ROTATE_MIN_S, type WallSettings } from "./view/wall-settings";

/** The wall's settings, and the sites that may show it in a frame (its CSP's frame-ancestors). */
export type WallConfig = WallSettings & { frameAncestors: string[] };

export interface DashboardConfig extends CollectorSettings, AuthSettings {
  clusters: ClusterConfig[];
  wall: WallConfig;
  /** True when no secret was configured and the one kept in the data directory is used. */
  authSecretGenerated: boolean;
  thresholds: Thresholds;
  alerts: AlertsConfig;
  /** Where the dashboard keeps its own state (generated auth secret, the history database). */
  dataDir: string;
  /** The URL users reach the dashboard at; when unset the request's Host header is trusted. */
  publicUrl?: string;
  history: HistoryConfig;
  report: ReportConfig;
  /** Which assets the Prometheus endpoint gives series. */
  metrics: MetricsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

// The wall's settings module stays free of imports for the browser (see wall-settings.ts), so its schema is here.
const wallSchema = z
  .strictObject({
    rotateSeconds: wholeNumber(0, WALL_ROTATE_MAX_S)
      .refine((v) => !(v > 0 && v < WALL_ROTATE_MIN_S), `must be 0 (no rotation) or at least ${WALL_ROTATE_MIN_S}`)
      .optional(),
    panels: z.array(z.enum(WALL_PANELS)).min(1, "needs at least one panel").optional(),
    // Each a CSP source: an origin (https://noc.example.com, https://*.example.com) or 'self'.
    frameAncestors: z
      .array(z.string().regex(/^(https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?|'self')$/, "must be an origin (https://noc.example.com) or 'self'"))
      .default([]),
  })
  .transform(
    (w): WallConfig => ({ rotateSeconds: w.rotateSeconds || null, panels: [...new Set(w.panels ?? DEFAULT_WALL_SETTINGS.panels)], frameAncestors: w.frameAncestors }),
  );

const configSchema = z.strictObject({
  ...collectorFields,
  clusters: z.array(clusterSchema).min(1, "needs at least one cluster").optional(),
  ...authFields,
  wall: wallSchema.prefault({}),
  dataDir: z.string().min(1).default(".data"),
  publicUrl: httpUrl.optional(),
  thresholds: thresholdsSchema.prefault({}),
  alerts: alertsSchema.prefault({}),
  history: historySchema.prefault({}),
  store: storeSchema.prefault({}),
  report: reportSchema.prefault({}),
  metrics: metricsSchema.prefault({}),
});

type Env = Record<string, string | undefined>;
type Path = (string | number)[];

interface EnvEntry {
  env: string;
  /** Where the value goes in the file's shape. `[+]`: the list items the environment adds after the file's. */
  path: string;
  /** The variable's text to a value (undefined: set nothing); throws when the text has the wrong form. */
  parse?: (text: string) => unknown;
  /** Comma-separated: `parse` reads each item. */
  list?: boolean;
  /** An empty value is a value (a password may be empty); otherwise empty counts as unset. */
  keepEmpty?: boolean;
  /** The variable belongs to a section that exists only when one of `any` is set; without it, `missing` is the problem. */
  needs?: { any: string[]; missing?: string };
  /** The value when the section exists and the variable is unset. */
  fallback?: string;
}

/** Numbers as numbers; anything else goes on as text, for the schema to name. */
const flag = (text: string): unknown => (/^(true|on|1)$/i.test(text.trim()) ? true : /^(false|off|0)$/i.test(text.trim()) ? false : text);

const number = (text: string): unknown => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);
/** "name:<bcrypt hash>" or "name:<bcrypt hash>:<role>" (a bcrypt hash holds no colon). */
const user = (entry: string) => {
  const [username, passwordHash, role, ...rest] = entry.split(":");
  if (!username || passwordHash === undefined || rest.length > 0) {
    throw new Error('must be "username:<bcrypt hash>" or "username:<bcrypt hash>:<role>" (hash with: npx tsx scripts/hash-password.ts)');
  }
  return role === undefined ? { username, passwordHash } : { username, passwordHash, role };
};

const MONITOR = { any: ["NATS_MONITOR_URLS"] };
const SYSTEM = { any: ["NATS_URLS"], missing: "set NATS_URLS too (the NATS URLs to connect to)" };
const CLUSTER = { any: ["NATS_MONITOR_URLS", "NATS_URLS"] };
const CANARY = { any: ["NATS_CANARY_URLS"], missing: "set NATS_CANARY_URLS too (the NATS URLs of the canary's user)" };

/** Every variable, and where in the file's shape it goes. Later entries win over earlier ones for the same path. */
const ENV: EnvEntry[] = [
  { env: "CLUSTER_NAME", path: "clusters[0].name", needs: CLUSTER, fallback: "default" },
  { env: "NATS_EXPECTED_NODES", path: "clusters[0].expectedNodes", parse: number, needs: CLUSTER },
  { env: "NATS_MONITOR_URLS", path: "clusters[0].monitor.urls", list: true, needs: MONITOR },
  { env: "NATS_MONITOR_USER", path: "clusters[0].monitor.user", needs: MONITOR },
  { env: "NATS_MONITOR_PASSWORD", path: "clusters[0].monitor.password", keepEmpty: true, needs: MONITOR },
  { env: "NATS_MONITOR_TOKEN", path: "clusters[0].monitor.token", needs: MONITOR },
  { env: "NATS_MONITOR_CA", path: "clusters[0].monitor.caFile", needs: MONITOR },
  { env: "NATS_MONITOR_TIMEOUT_MS", path: "clusters[0].monitor.timeoutMs", parse: number, needs: MONITOR },
  { env: "NATS_URLS", path: "clusters[0].system.urls", list: true, needs: SYSTEM },
  { env: "NATS_SYSTEM_USER", path: "clusters[0].system.user", needs: SYSTEM },
  { env: "NATS_SYSTEM_PASSWORD", path: "clusters[0].system.password", keepEmpty: true, needs: SYSTEM },
  { env: "NATS_SYSTEM_TOKEN", path: "clusters[0].system.token", needs: SYSTEM },
  { env: "NATS_SYSTEM_NKEY", path: "clusters[0].system.nkeySeedFile", needs: SYSTEM },
  { env: "NATS_SYSTEM_CREDS", path: "clusters[0].system.credsFile", needs: SYSTEM },
  { env: "NATS_TLS_CA", path: "clusters[0].system.tls.caFile", needs: SYSTEM },
  { env: "NATS_TLS_CERT", path: "clusters[0].system.tls.certFile", needs: SYSTEM },
  { env: "NATS_TLS_KEY", path: "clusters[0].system.tls.keyFile", needs: SYSTEM },
  { env: "NATS_SYSTEM_TIMEOUT_MS", path: "clusters[0].system.timeoutMs", parse: number, needs: SYSTEM },
  { env: "NATS_CANARY_URLS", path: "clusters[0].canary.urls", list: true, needs: CANARY },
  { env: "NATS_CANARY_USER", path: "clusters[0].canary.user", needs: CANARY },
  { env: "NATS_CANARY_PASSWORD", path: "clusters[0].canary.password", keepEmpty: true, needs: CANARY },
  { env: "NATS_CANARY_TOKEN", path: "clusters[0].canary.token", needs: CANARY },
  { env: "NATS_CANARY_NKEY", path: "clusters[0].canary.nkeySeedFile", needs: CANARY },
  { env: "NATS_CANARY_CREDS", path: "clusters[0].canary.credsFile", needs: CANARY },
  { env: "POLL_INTERVAL_MS", path: "pollIntervalMs", parse: number },
  { env: "DASHBOARD_USERS", path: "users[+]", list: true, parse: user },
  { env: "DASHBOARD_PASSWORD_LOGIN", path: "passwordLogin", parse: flag },
  { env: "OIDC_ISSUER", path: "oidc.issuer" },
  { env: "OIDC_CLIENT_ID", path: "oidc.clientId" },
  { env: "OIDC_CLIENT_SECRET", path: "oidc.clientSecret" },
  { env: "OIDC_CLIENT_SECRET_FILE", path: "oidc.clientSecretFile" },
  { env: "DASHBOARD_TRUST_PROXY", path: "trustProxy", parse: flag },
  { env: "DASHBOARD_API_TOKEN", path: "apiToken" },
  { env: "DASHBOARD_DISPLAY_TOKEN", path: "displayTokens[+]", parse: (token) => ({ name: "env", token }) },
  { env: "WALL_ROTATE_SECONDS", path: "wall.rotateSeconds", parse: number },
  { env: "NEXTAUTH_SECRET", path: "authSecret" },
  { env: "AUTH_SECRET", path: "authSecret" },
  { env: "DASHBOARD_DATA_DIR", path: "dataDir" },
  { env: "DASHBOARD_PUBLIC_URL", path: "publicUrl" },
  { env: "ALERT_HOLD_MS", path: "alerts.holdMs", parse: number },
  { env: "ALERT_WEBHOOK_URLS", path: "alerts.webhooks[+].url", list: true },
  { env: "ALERT_WEBHOOK_FORMAT", path: "alerts.webhooks[+].format" },
  { env: "HISTORY_PATH", path: "history.enabled", parse: (text) => text !== "off" },
  { env: "HISTORY_PATH", path: "history.path", parse: (text) => (text === "off" ? undefined : text) },
  { env: "HISTORY_RAW_HOURS", path: "history.rawRetentionHours", parse: number },
  { env: "HISTORY_ROLLUP_DAYS", path: "history.rollupRetentionDays", parse: number },
  { env: "DATABASE_URL", path: "store.url" },
  { env: "DATABASE_POOL_SIZE", path: "store.poolSize", parse: number },
  { env: "REPORT_TRIAL_FROM", path: "report.trial.from" },
  { env: "REPORT_TRIAL_TO", path: "report.trial.to" },
];

const parsePath = (p: string): Path => p.split(/\.|(?=\[)/).map((part) => (part.startsWith("[") ? (part === "[+]" ? "+" : Number(part.slice(1, -1))) : part));

function formatPath(p: Path): string {
  return p.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`), "");
}

const isObject = (v: unknown): v is Record<string | number, unknown> => v !== null && typeof v === "object";

/**
 * The file's settings with the environment's laid over them, and which setting put each value
 * where, so that a problem found at a path can name the variable that set it.
 */
class Layered {
  readonly input: Record<string, unknown>;
  /** Path of a value the environment set → the variable's name, and whether that value is a list. */
  private readonly origins = new Map<string, { name: string; list: boolean }>();
  /** Objects the environment made (a cluster of its own): a setting missing in them is named by its variable. */
  private readonly made = new Set<string>();
  /** List items the environment added, by the list's path (so `[+].format` reaches each of them). */
  private readonly added = new Map<string, number[]>();

  constructor(
    file: unknown,
    readonly fileName: string | null,
  ) {
    this.input = isObject(file) && !Array.isArray(file) ? structuredClone(file) : {};
  }

  /** Puts `value` at `at`, making the objects and lists on the way; a path through a file value of another type is left alone. */
  set(at: Path, value: unknown, origin: { name: string; list: boolean }): void {
    const parent = this.container(at.slice(0, -1), typeof at[at.length - 1] === "number");
    if (!parent) return;
    parent[at[at.length - 1]] = value;
    this.origins.set(formatPath(at), origin);
  }

  /** Adds an item to the list at `at`, after the file's items; returns its index. */
  append(at: Path, value: unknown, name: string): number | null {
    const list = this.container(at, true);
    if (!Array.isArray(list)) return null;
    const index = list.push(value) - 1;
    this.added.set(formatPath(at), [...this.addedTo(at), index]);
    this.origins.set(formatPath([...at, index]), { name, list: false });
    return index;
  }

  /** The object or list at `at`, made (and remembered as the environment's) where missing. */
  private container(at: Path, list: boolean): Record<string | number, unknown> | null {
    let node: Record<string | number, unknown> = this.input;
    for (let i = 0; i < at.length; i++) {
      const key = at[i];
      if (node[key] === undefined) {
        node[key] = (i + 1 < at.length ? typeof at[i + 1] === "number" : list) ? [] : {};
        this.made.add(formatPath(at.slice(0, i + 1)));
      }
      const next = node[key];
      if (!isObject(next)) return null;
      node = next;
    }
    return node;
  }

  addedTo(at: Path): number[] {
    return this.added.get(formatPath(at)) ?? [];
  }

  get(at: Path): unknown {
    return at.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), this.input);
  }

  /** The setting behind a path: the variable that set it (or its enclosing list item), else the file's key. */
  settingOf(at: Path): { name: string; fromEnv: boolean } {
    for (let n = at.length; n >= 0; n--) {
      const origin = this.origins.get(formatPath(at.slice(0, n)));
      if (origin) return { name: origin.list && n < at.length ? `${origin.name}[${at[n]}]` : origin.name, fromEnv: true };
    }
    // A setting left out of a section the environment made: the variable that would set it (NATS_MONITOR_PASSWORD).
    if (at.some((_, n) => this.made.has(formatPath(at.slice(0, n))))) {
      const entry = ENV.find((e) => e.path === formatPath(at));
      if (entry) return { name: entry.env, fromEnv: true };
    }
    return { name: formatPath(at) || "(root)", fromEnv: false };
  }
}

function readFile(file: string, problems: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    problems.push(`DASHBOARD_CONFIG: cannot read ${file}: ${(err as Error).message}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push(`DASHBOARD_CONFIG: ${file} is not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

/** Lays the environment over the file's settings, entry by entry of ENV. */
function layerEnvironment(layers: Layered, env: Env, problems: string[]): void {
  const valueOf = (e: EnvEntry) => {
    const text = env[e.env];
    return text === undefined || (text === "" && !e.keepEmpty) ? undefined : text;
  };
  const has = (name: string) => Boolean(env[name]?.split(",").some((part) => part.trim() !== ""));
  const envCluster = CLUSTER.any.find(has);
  const fileClusters = layers.get(["clusters"]) !== undefined;
  if (envCluster && fileClusters) problems.push(`${envCluster}: the config file already defines clusters; set them in one place`);

  for (const e of ENV) {
    const at = parsePath(e.path);
    const text = valueOf(e);
    if (e.needs && !e.needs.any.some(has)) {
      if (text !== undefined && e.needs.missing) problems.push(`${e.env}: ${e.needs.missing}`);
      continue;
    }
    if (at[0] === "clusters" && fileClusters) continue;
    if (text === undefined && e.fallback === undefined) continue;
    const read = (item: string, name: string): unknown => {
      try {
        return e.parse ? e.parse(item) : item;
      } catch (err) {
        problems.push(`${name}: ${(err as Error).message}`);
        return undefined;
      }
    };
    const items = e.list ? (text ?? "").split(",").map((s) => s.trim()).filter(Boolean) : [text ?? e.fallback!];
    if (e.list && items.length === 0) continue;
    const plus = at.indexOf("+");
    if (plus < 0) {
      const value = e.list ? items.map((item, i) => read(item, `${e.env}[${i}]`)) : read(items[0], e.env);
      if (value !== undefined) layers.set(at, value, { name: e.env, list: Boolean(e.list) });
      continue;
    }
    const listPath = at.slice(0, plus);
    const rest = at.slice(plus + 1);
    if (e.list) {
      // Each item of a comma-separated list is an entry of its own (DASHBOARD_USERS, ALERT_WEBHOOK_URLS).
      items.forEach((item, i) => {
        const name = `${e.env}[${i}]`;
        const value = read(item, name);
        if (value === undefined) return;
        const index = layers.append(listPath, rest.length ? {} : value, name);
        if (index !== null && rest.length) layers.set([...listPath, index, ...rest], value, { name, list: false });
      });
    } else if (rest.length) {
      // A setting of every entry the environment added (ALERT_WEBHOOK_FORMAT).
      const value = read(items[0], e.env);
      if (value !== undefined) for (const index of layers.addedTo(listPath)) layers.set([...listPath, index, ...rest], value, { name: e.env, list: false });
    } else {
      const value = read(items[0], e.env);
      if (value !== undefined) layers.append(listPath, value, e.env);
    }
  }
}

/** A zod issue as one line naming its setting; `keys` (see sources/config.ts) lists the settings that conflict. */
function describeIssue(issue: z.core.$ZodIssue, layers: Layered): { line: string; fromFile: boolean } {
  const at = issue.path as Path;
  const keys = (issue as { params?: { keys?: string[] } }).params?.keys;
  const involved = keys?.map((key) => layers.settingOf([...at, key])) ?? [];
  const setting = involved.some((s) => s.fromEnv) ? { name: involved.map((s) => s.name).join(", "), fromEnv: true } : layers.settingOf(at);
  const message = issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
  const fromFile = !setting.fromEnv && layers.fileName !== null;
  return { line: `${fromFile ? `${layers.fileName}: ` : ""}${setting.name}: ${message}`, fromFile };
}

/** Builds the configuration from a file (optional) and the environment; throws ConfigError listing every problem. */
export function parseConfig(env: Env, loadOrCreateSecret: (dataDir: string) => string): DashboardConfig {
  const problems: string[] = [];
  const file = env.DASHBOARD_CONFIG ? readFile(env.DASHBOARD_CONFIG, problems) : undefined;
  // A file that cannot be read (or has other problems) would only have its errors repeated as "nothing configured".
  let fileRejected = env.DASHBOARD_CONFIG !== undefined && file === undefined;
  if (file !== undefined && (!isObject(file) || Array.isArray(file))) {
    problems.push(`${env.DASHBOARD_CONFIG}: (root): must be a JSON object`);
    fileRejected = true;
  }
  const layers = new Layered(file, env.DASHBOARD_CONFIG || null);
  layerEnvironment(layers, env, problems);

  const parsed = configSchema.safeParse(layers.input);
  for (const issue of parsed.error?.issues ?? []) {
    const { line, fromFile } = describeIssue(issue, layers);
    fileRejected ||= fromFile;
    if (!problems.includes(line)) problems.push(line);
  }
  // Files the sources name are read now, also when other settings are wrong: every problem at once.
  const rawClusters = layers.get(["clusters"]);
  const files = (Array.isArray(rawClusters) ? rawClusters : []).map((c, i) =>
    readSourceFiles(c, ["clusters", i], (at, message) => problems.push(`${layers.settingOf(at).name}: ${message}`)),
  );

  const given = (at: Path) => {
    const value = layers.get(at);
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== "";
  };
  if (!given(["clusters"]) && !fileRejected && !problems.some((p) => p.startsWith("NATS_")))
    problems.push(
      "clusters: none configured; set NATS_MONITOR_URLS=http://host:8222,… and/or NATS_URLS=nats://host:4222,… with a system-account user, or clusters[] in the DASHBOARD_CONFIG file",
    );
  if (!given(["users"]) && !given(["apiToken"]) && !given(["oidc"]) && !fileRejected && !problems.some((p) => /^(DASHBOARD_USERS|OIDC_)/.test(p)))
    problems.push("users: none configured, so nobody could log in; set DASHBOARD_USERS=name:<bcrypt hash> or users[] in the file, or single sign-on (oidc)");
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  // Checks across entries, once each entry is valid.
  const { clusters = [], authSecret, dataDir, history, store, oidc: oidcInput, ...rest } = parsed.data;
  const oidc = oidcInput && resolveOidc(oidcInput, (key, message) => problems.push(`${layers.settingOf(["oidc", key]).name}: ${message}`));
  if (oidcInput && !rest.publicUrl)
    problems.push("publicUrl (DASHBOARD_PUBLIC_URL): single sign-on needs it: the provider sends users back to <publicUrl>/api/auth/callback/oidc");
  if (!rest.passwordLogin && !oidcInput)
    problems.push(`${layers.settingOf(["passwordLogin"]).name}: password sign-in is off and no single sign-on (oidc) is configured, so nobody could sign in`);
  clusters.forEach((c, i) => {
    if (clusters.findIndex((other) => other.name === c.name) < i) problems.push(`${layers.settingOf(["clusters", i, "name"]).name}: "${c.name}" is used twice`);
  });
  problems.push(...displayTokenProblems(rest.displayTokens, rest.apiToken, (i) => layers.settingOf(["displayTokens", i]).name));
  if (problems.length > 0) throw new ConfigError(problems);

  const dir = path.resolve(/*turbopackIgnore: true*/ dataDir);
  return {
    ...rest,
    ...(oidc ? { oidc } : {}),
    clusters: clusters.map((c, i) => (c.monitor ? { ...c, monitor: { ...c.monitor, ca: files[i].ca } } : c)),
    dataDir: dir,
    history: historyConfig(history, store, dir),
    authSecret: authSecret ?? loadOrCreateSecret(dir),
    authSecretGenerated: authSecret === undefined,
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
