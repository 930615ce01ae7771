/** Managed API tokens and display links in PostgreSQL (table api_tokens): looked up by hash on every call, never cached, so a revoke by any dashboard counts from the next request. */
import type pg from "pg";
import { TOKEN_COLUMNS as COLUMNS, tokenRecordOf as record } from "../rows";
import type { ManagedTokenRecord, NewManagedToken, TokenStore } from "../tokens";
import { changed, one, rows } from "./context";

export class PgTokenStore implements TokenStore {
  constructor(private readonly pool: pg.Pool) {}

  async createToken(t: NewManagedToken): Promise<ManagedTokenRecord> {
    const sql = `INSERT INTO api_tokens (name, scope, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`;
    return record((await one(this.pool, sql, [t.name, t.scope, t.hash, t.createdAt, t.createdBy]))!);
  }

  async tokens(): Promise<ManagedTokenRecord[]> {
    return (await rows(this.pool, `SELECT ${COLUMNS} FROM api_tokens ORDER BY id DESC`)).map(record);
  }

  async token(id: number): Promise<ManagedTokenRecord | null> {
    const row = await one(this.pool, `SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    return row ? record(row) : null;
  }

  async activeTokenByHash(hash: string): Promise<ManagedTokenRecord | null> {
    const row = await one(this.pool, `SELECT ${COLUMNS} FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL`, [hash]);
    return row ? record(row) : null;
  }

  async isTokenActive(id: number): Promise<boolean> {
    return (await one(this.pool, "SELECT 1 AS active FROM api_tokens WHERE id = $1 AND revoked_at IS NULL", [id])) !== undefined;
  }

  async touchToken(id: number, at: number, ifBefore: number): Promise<boolean> {
    return (await changed(this.pool, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)", [at, id, ifBefore])) > 0;
  }

  async revokeToken(id: number, at: number, by: string): Promise<boolean> {
    return (await changed(this.pool, "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL", [at, by, id])) > 0;
  }
}
