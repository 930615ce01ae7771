/**
 * The one way to add to the audit log from anywhere on the server (sign-in outcomes, alert
 * actions, configuration loads): into the history store, or, with history off or the store
 * failing, into the server log, so that no entry is dropped without a trace. Managed tokens write
 * their own entries through the store they live in (lib/auth/tokens.ts).
 */
import "server-only";
import type { AuditEntry } from "./audit";
import { getHistory } from "./runtime";

/** Written behind the caller (a sign-in, an acknowledgement does not wait for it); resolves once written or logged. */
export async function recordAudit(entry: Omit<AuditEntry, "at"> & { at?: number }): Promise<void> {
  const full: AuditEntry = { ...entry, at: entry.at ?? Date.now() };
  const store = getHistory()?.store;
  if (store) {
    try {
      await store.audit.recordAudit(full);
      return;
    } catch (err) {
      console.error("jetstream-watch: the audit log could not be written; the entry follows:", err);
    }
  }
  console.log(`jetstream-watch audit: ${JSON.stringify({ ...full, at: new Date(full.at).toISOString() })}`);
}
