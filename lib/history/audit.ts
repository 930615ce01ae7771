/**
 * The audit log: who signed in (or failed to), who made, revoked and used which token, who
 * acknowledged or silenced which alert, and each start's configuration. Kept in the history store
 * (the SQLite store, later a PostgreSQL one), shown to admins, exported as CSV. Pure: the admin
 * page's browser code reads the kinds and their labels from here too.
 */
import { csvLine } from "../format";

export const AUDIT_KINDS = [
  "sign-in",
  "sign-in-failed",
  "token-created",
  "token-revoked",
  "token-used",
  "alert-acknowledged",
  "alert-silenced",
  "config-loaded",
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  "sign-in": "Signed in",
  "sign-in-failed": "Sign-in refused",
  "token-created": "Token created",
  "token-revoked": "Token revoked",
  "token-used": "Token used (first use in the hour)",
  "alert-acknowledged": "Alert acknowledged",
  "alert-silenced": "Alert silenced",
  "config-loaded": "Configuration loaded",
};

export const isAuditKind = (value: unknown): value is AuditKind => typeof value === "string" && (AUDIT_KINDS as readonly string[]).includes(value);

/** One thing that happened. Never holds a secret: a token is named, never written. */
export interface AuditEntry {
  /** ms since the epoch. */
  at: number;
  kind: AuditKind;
  /** Who: a user's name (for a refused sign-in, the name that was typed), "token <name>", "display <name>", or "dashboard" for the server itself. */
  actor: string;
  /** The client's address as the request carried it (lib/auth/request.ts: the socket, or a trusted proxy's forwarding header); null when no request caused it. */
  ip: string | null;
  /** What it concerns: a token's name, an alert's id, the configuration's fingerprint. */
  subject: string | null;
  /** More, in words: a token's scope, the request a token was used for, an acknowledgement's note. */
  detail: string | null;
}

export interface StoredAuditEntry extends AuditEntry {
  /** Grows with every entry: the order entries were recorded in, and the cursor of a page. */
  id: number;
}

export interface AuditQuery {
  /** Only entries of this kind; all when null or absent. */
  kind?: AuditKind | null;
  /** Only entries older than this one (the next page); from the newest when null or absent. */
  beforeId?: number | null;
  limit: number;
}

export interface AuditStore {
  recordAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  auditEntries(query: AuditQuery): Promise<StoredAuditEntry[]>;
}

export const AUDIT_CSV_COLUMNS = ["id", "time", "kind", "actor", "ip", "subject", "detail"] as const;

/** The CSV header line. */
export const auditCsvHeader = (): string => csvLine(AUDIT_CSV_COLUMNS);

/** CSV lines of entries, one each, in AUDIT_CSV_COLUMNS order; times as ISO 8601 (UTC). */
export const auditCsvLines = (entries: readonly StoredAuditEntry[]): string =>
  entries.map((e) => csvLine([e.id, new Date(e.at).toISOString(), e.kind, e.actor, e.ip, e.subject, e.detail])).join("");
