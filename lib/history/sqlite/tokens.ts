/** Managed API tokens and display links in the SQLite file (table api_tokens): looked up by hash, never cached. */
import type Database from "better-sqlite3";
import { TOKEN_COLUMNS as COLUMNS, tokenRecordOf as record, type Row } from "../rows";
import type { ManagedTokenRecord, NewManagedToken, TokenStore } from "../tokens";

export class SqliteTokenStore implements TokenStore {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = {
      insert: db.prepare(`INSERT INTO api_tokens (name, scope, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`),
      all: db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY id DESC`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`),
      activeByHash: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`),
      isActive: db.prepare("SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL"),
      touch: db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)"),
      revoke: db.prepare("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL"),
    };
  }

  async createToken(t: NewManagedToken): Promise<ManagedTokenRecord> {
    return record(this.sql.insert.get(t.name, t.scope, t.hash, t.createdAt, t.createdBy) as Row);
  }

  async tokens(): Promise<ManagedTokenRecord[]> {
    return (this.sql.all.all() as Row[]).map(record);
  }

  async token(id: number): Promise<ManagedTokenRecord | null> {
    const row = this.sql.byId.get(id) as Row | undefined;
    return row ? record(row) : null;
  }

  async activeTokenByHash(hash: string): Promise<ManagedTokenRecord | null> {
    const row = this.sql.activeByHash.get(hash) as Row | undefined;
    return row ? record(row) : null;
  }

  async isTokenActive(id: number): Promise<boolean> {
    return this.sql.isActive.get(id) !== undefined;
  }

  async touchToken(id: number, at: number, ifBefore: number): Promise<boolean> {
    return this.sql.touch.run(at, id, ifBefore).changes > 0;
  }

  async revokeToken(id: number, at: number, by: string): Promise<boolean> {
    return this.sql.revoke.run(at, by, id).changes > 0;
  }
}
