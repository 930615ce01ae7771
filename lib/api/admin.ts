/**
 * What the admin page and the admin API share: the store managed tokens and the audit log live in
 * (or why there is none), and how a token and an audit entry are shown. Never a token or its hash.
 */
import "server-only";
import type { NextRequest } from "next/server";
import type { StoredAuditEntry } from "../history/audit";
import { getHistory } from "../history/runtime";
import type { HistoryStore } from "../history/store";
import type { ManagedTokenRecord } from "../history/tokens";
import { ApiError } from "./errors";

/** The history store, or why managed tokens and the audit log are unavailable (the configuration's tokens work regardless). */
export function adminStore(): { store: HistoryStore } | { unavailable: string } {
  const history = getHistory();
  if (history?.store) return { store: history.store };
  const reason = history ? (history.unavailable ?? "there is no history store") : "the history store is starting";
  return {
    unavailable: `managed tokens and the audit log are kept in the history store, which is unavailable: ${reason}. The configuration's tokens (apiToken, displayTokens) still work.`,
  };
}

/** The history store; a 503 gives the reason there is none. */
export function requireAdminStore(): HistoryStore {
  const admin = adminStore();
  if ("unavailable" in admin) throw new ApiError("unavailable", admin.unavailable);
  return admin.store;
}

export interface ManagedTokenView {
  id: number;
  name: string;
  scope: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const tokenView = (t: ManagedTokenRecord): ManagedTokenView => ({
  ...t,
  createdAt: iso(t.createdAt)!,
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});

export type AuditEntryView = Omit<StoredAuditEntry, "at"> & { at: string };

export const auditView = (e: StoredAuditEntry): AuditEntryView => ({ ...e, at: iso(e.at)! });

const firstOf = (value: string | null) => value?.split(",")[0].trim() || null;

/**
 * Where a display link opens the wall: under the configured public URL, else under the address the
 * browser used, as the Host (or a proxy's X-Forwarded-Host and -Proto) says; the Next.js server's
 * own idea of its URL names "localhost".
 */
export function wallLink(token: string, req: NextRequest, publicUrl: string | undefined): string {
  const host = firstOf(req.headers.get("x-forwarded-host")) ?? req.headers.get("host");
  const origin = publicUrl ?? (host ? `${firstOf(req.headers.get("x-forwarded-proto")) ?? "http"}://${host}` : req.nextUrl.origin);
  return new URL(`/wall?display=${token}`, origin).toString();
}
