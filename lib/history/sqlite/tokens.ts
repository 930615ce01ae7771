/** Managed API tokens and display links in the SQLite file (table api_tokens): looked up by hash, never cached. */
import type Database from "better-sqlite3";
import type { ManagedTokenRecord, NewManagedToken, TokenStore } from "../tokens";

const COLUMNS = "id, name, scope, created_at, created_by, last_used_at, revoked_at, revoked_by";

interface TokenRow {
  id: number;
  name: string;
  scope: string;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

const record = (r: TokenRow): ManagedTokenRecord => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

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

  createToken(t: NewManagedToken): ManagedTokenRecord {
    return record(this.sql.insert.get(t.name, t.scope, t.hash, t.createdAt, t.createdBy) as TokenRow);
  }

  tokens(): ManagedTokenRecord[] {
    return (this.sql.all.all() as TokenRow[]).map(record);
  }

  token(id: number): ManagedTokenRecord | null {
    const row = this.sql.byId.get(id) as TokenRow | undefined;
    return row ? record(row) : null;
  }

  activeTokenByHash(hash: string): ManagedTokenRecord | null {
    const row = this.sql.activeByHash.get(hash) as TokenRow | undefined;
    return row ? record(row) : null;
  }

  isTokenActive(id: number): boolean {
    return this.sql.isActive.get(id) !== undefined;
  }

  touchToken(id: number, at: number, ifBefore: number): boolean {
    return this.sql.touch.run(at, id, ifBefore).changes > 0;
  }

  revokeToken(id: number, at: number, by: string): boolean {
    return this.sql.revoke.run(at, by, id).changes > 0;
  }
}
