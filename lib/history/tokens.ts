/**
 * The store's side of managed API tokens and display links: what is kept of each (never the token,
 * only its hash), implemented by the SQLite store and, later, a PostgreSQL one. What a token may do
 * and how it is made and checked is the auth layer's (lib/auth/tokens.ts). Times are ms since the epoch.
 */

export interface ManagedTokenRecord {
  id: number;
  name: string;
  /** What the token may do, in the auth layer's words (a role, or "display"); the store does not interpret it. */
  scope: string;
  createdAt: number;
  /** Who created it, as the audit log names them ("ana", "token deploy-bot"). */
  createdBy: string;
  /** Last time it was accepted, to the minute (see `touchToken`); null when never used. */
  lastUsedAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface NewManagedToken {
  name: string;
  scope: string;
  /** The token's SHA-256, hex: the only thing kept of the token itself. */
  hash: string;
  createdAt: number;
  createdBy: string;
}

export interface TokenStore {
  createToken(token: NewManagedToken): Promise<ManagedTokenRecord>;
  /** Every token ever made, revoked ones included, newest first. */
  tokens(): Promise<ManagedTokenRecord[]>;
  token(id: number): Promise<ManagedTokenRecord | null>;
  /**
   * The token with this hash unless it is revoked. Answered from the store on every call, never
   * from a cache, so a revoke takes effect from the next request (also in another process).
   */
  activeTokenByHash(hash: string): Promise<ManagedTokenRecord | null>;
  /** Whether the token exists and is not revoked (for long-lived streams that check again). */
  isTokenActive(id: number): Promise<boolean>;
  /**
   * Sets the last use to `at` when the stored one is before `ifBefore` (or unset), in one
   * statement; true when this call wrote it, so of concurrent requests exactly one learns it was first.
   */
  touchToken(id: number, at: number, ifBefore: number): Promise<boolean>;
  /** Revokes an active token; false when there is none with this id or it was revoked already. */
  revokeToken(id: number, at: number, by: string): Promise<boolean>;
}
