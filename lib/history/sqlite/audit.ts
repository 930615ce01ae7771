/** The audit log in the SQLite file (table audit_log): appended to, read newest first a page at a time. */
import type Database from "better-sqlite3";
import type { AuditEntry, AuditQuery, AuditStore, StoredAuditEntry } from "../audit";
import { AUDIT_COLUMNS as COLUMNS } from "../rows";
// Past every id: the first page of "older than" is the newest page.
const NEWEST = Number.MAX_SAFE_INTEGER;

export class SqliteAuditStore implements AuditStore {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = {
      insert: db.prepare("INSERT INTO audit_log (at, kind, actor, ip, subject, detail) VALUES (?, ?, ?, ?, ?, ?)"),
      page: db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`),
      pageOfKind: db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE kind = ? AND id < ? ORDER BY id DESC LIMIT ?`),
    };
  }

  async recordAudit(e: AuditEntry): Promise<void> {
    this.sql.insert.run(e.at, e.kind, e.actor, e.ip, e.subject, e.detail);
  }

  async auditEntries({ kind, beforeId, limit }: AuditQuery): Promise<StoredAuditEntry[]> {
    const before = beforeId ?? NEWEST;
    // The columns are named as the entry's fields.
    return (kind ? this.sql.pageOfKind.all(kind, before, limit) : this.sql.page.all(before, limit)) as StoredAuditEntry[];
  }
}
