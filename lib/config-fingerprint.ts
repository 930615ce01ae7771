/**
 * What the audit log keeps of the configuration at each start (there is no live reload): a
 * fingerprint of every top-level setting, so that a change between two runs shows, and where.
 * Never a secret, nor anything computed from one: passwords, tokens, password hashes, the session
 * secret and webhook headers are replaced by a marker before hashing, and URLs keep only their
 * scheme and host (a webhook's path is its secret). So a rotated secret leaves the fingerprint as
 * it was, and the fingerprint gives nothing to guess a secret against.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { DashboardConfig } from "./config";
import type { AuditEntry } from "./history/audit";

const SECRET_KEYS = new Set(["password", "passwordHash", "token", "apiToken", "authSecret", "headers"]);
// Always set (a secret, so only ever the marker), and derived from it.
const LEFT_OUT = new Set(["authSecret", "authSecretGenerated"]);
const SECRET = "(secret)";

/** Scheme and host of a URL (never its user, password, path or query); other text as it is. */
function urlShape(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.length > 1 || url.search ? "/…" : ""}`;
  } catch {
    return text;
  }
}

/** The setting with its secrets replaced, object keys sorted so that the same settings give the same text. */
function withoutSecrets(value: unknown): unknown {
  if (typeof value === "string") return urlShape(value);
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, SECRET_KEYS.has(k) ? SECRET : withoutSecrets(v)]));
}

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(withoutSecrets(value))).digest("hex").slice(0, 8);

/** `alerts=1a2b3c4d clusters=5e6f7a8b …`: each top-level setting's fingerprint, by name. */
export function configFingerprint(config: DashboardConfig): string {
  return Object.entries(config)
    .filter(([key, value]) => !LEFT_OUT.has(key) && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${SECRET_KEYS.has(key) ? digest(SECRET) : digest(value)}`)
    .join(" ");
}

const sectionsOf = (fingerprint: string) => new Map(fingerprint.split(" ").map((part) => part.split("=") as [string, string]));

/** The settings whose fingerprints differ (or that one of the two lacks), by name. */
export function changedSettings(previous: string, current: string): string[] {
  const before = sectionsOf(previous);
  const after = sectionsOf(current);
  return [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key)).sort();
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The "configuration loaded" entry of a start; `previous` is the fingerprint the previous start recorded. */
export function configLoadedEntry(config: DashboardConfig, previous: string | null): Omit<AuditEntry, "at"> {
  const fingerprint = configFingerprint(config);
  const changed = previous === null ? null : changedSettings(previous, fingerprint);
  const change =
    changed === null ? "the first start recorded" : changed.length === 0 ? "unchanged since the previous start" : `changed since the previous start: ${changed.join(", ")}`;
  const summary = [
    count(config.clusters.length, "cluster"),
    count(config.users.length, "user"),
    config.apiToken ? "an API token" : "no API token",
    count(config.displayTokens.length, "display link"),
  ].join(", ");
  return { kind: "config-loaded", actor: "dashboard", ip: null, subject: fingerprint, detail: `${change}; ${summary} (secrets are left out of the fingerprint)` };
}
