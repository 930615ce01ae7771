/** The audit log in PostgreSQL (table audit_log): appended to, read newest first a page at a time. */
import type pg from "pg";
import type { AuditEntry, AuditQuery, AuditStore, StoredAuditEntry } from "../audit";
import { AUDIT_COLUMNS as COLUMNS } from "../rows";
import { rows } from "./context";

export class PgAuditStore implements AuditStore {
  constructor(private readonly pool: pg.Pool) {}

  async recordAudit(e: AuditEntry): Promise<void> {
    await this.pool.query("INSERT INTO audit_log (at, kind, actor, ip, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)", [e.at, e.kind, e.actor, e.ip, e.subject, e.detail]);
  }

  async auditEntries({ kind, beforeId, limit }: AuditQuery): Promise<StoredAuditEntry[]> {
    // The columns are named as the entry's fields; past every id when no page is given.
    const sql = `SELECT ${COLUMNS} FROM audit_log WHERE ($1::text IS NULL OR kind = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`;
    return (await rows(this.pool, sql, [kind ?? null, beforeId ?? null, limit])) as unknown as StoredAuditEntry[];
  }
}
