/**
 * Managed API tokens and display links: an admin makes them, names them and gives each a scope (a
 * role, or "display" for a wall's link); the store keeps them (lib/history/tokens.ts).
 *
 * A token is 256 random bits after a prefix anyone can recognise (`jsw_`: secret scanners and
 * people spot it in a script or a log). Only its SHA-256 is kept. A slow salted hash (bcrypt) is
 * what protects a password, because people choose passwords and they can be guessed; nobody can
 * guess among 2^256 random tokens at any speed, so a fast hash protects a token as well, and being
 * unsalted it is the key the token is found by, in one index read instead of a bcrypt comparison
 * against every stored token. Finding it by hash tells no timing secret either: the time depends
 * on the hash of what the caller sent, and knowing it does not lead to a stored token's hash.
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { AuditStore } from "../history/audit";
import type { ManagedTokenRecord, TokenStore } from "../history/tokens";
import { storeUnreachable } from "../history/unreachable";
import { CONFIG_API_TOKEN_ROLE, type AuthSettings } from "./config";
import { isTokenScope, type TokenScope } from "./roles";

export const TOKEN_PREFIX = "jsw_";
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^jsw_[A-Za-z0-9_-]{43}$/;

/** The last use is written at most this often per token (a busy script would otherwise write on every request). */
export const LAST_USE_RESOLUTION_MS = 60_000;
const HOUR_MS = 3_600_000;

/** What of the history store managed tokens need. */
export interface ManagedTokenAccess {
  tokens: TokenStore;
  audit: AuditStore;
}

/** A request that presented a token, as the audit log tells it. */
export interface TokenUse {
  at: number;
  ip: string | null;
  /** Method and path, never the query (a display link's token is in it): "GET /api/v1/metrics". */
  request: string;
}

export const newToken = (): string => `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;

export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

/** How the audit log and the alert actions name whoever holds a token. */
export const tokenActor = (scope: TokenScope, name: string): string => `${scope === "display" ? "display" : "token"} ${name}`;

/** Tokens the store last said are active, by hash: the answer while it cannot be asked (bounded; the oldest go first). */
const LAST_ACCEPTED_LIMIT = 10_000;
const LAST_ACCEPTED_KEY = Symbol.for("jetstream-watch.tokens-last-accepted");
type Holder = { [LAST_ACCEPTED_KEY]?: Map<string, ManagedTokenRecord> };
/** One map for the process: route handlers and pages are separate bundles, each with its own module state. */
function lastAccepted(): Map<string, ManagedTokenRecord> {
  return ((globalThis as Holder)[LAST_ACCEPTED_KEY] ??= new Map());
}

/**
 * The managed token `given` is, if it is one and not revoked, with its scope; its use is noted.
 * `displayOnly` (a token in a wall's URL) accepts only display links: an API token must not be
 * sent in a URL, where it stays in histories and proxy logs.
 *
 * While the store cannot be reached (PostgreSQL down), a token it accepted before is accepted
 * still, its use unnoted: a wall on its display link must not go blank because the database did.
 * Revoking needs the store as well, so nothing revoked since is let in, except by a replica that
 * had not heard of the revocation before the store went down.
 */
export async function acceptManagedToken(
  access: ManagedTokenAccess,
  given: string,
  use: TokenUse,
  { displayOnly }: { displayOnly: boolean },
): Promise<{ record: ManagedTokenRecord; scope: TokenScope } | null> {
  if (!TOKEN_FORMAT.test(given)) return null;
  const hash = tokenHash(given);
  const known = lastAccepted();
  let record: ManagedTokenRecord | null;
  try {
    record = await access.tokens.activeTokenByHash(hash);
  } catch (err) {
    const kept = storeUnreachable(err) ? known.get(hash) : undefined;
    if (!kept) throw err;
    return displayOnly && kept.scope !== "display" ? null : { record: kept, scope: kept.scope as TokenScope };
  }
  // A scope this version does not know (written by a newer one) grants nothing.
  if (!record || !isTokenScope(record.scope)) {
    known.delete(hash);
    return null;
  }
  known.delete(hash);
  known.set(hash, record);
  if (known.size > LAST_ACCEPTED_LIMIT) known.delete(known.keys().next().value!);
  if (displayOnly && record.scope !== "display") return null;
  await noteUse(access, record, record.scope, use);
  return { record, scope: record.scope };
}

/**
 * Writes the last use when the stored one is a minute old or from an earlier hour, and records
 * the first use in each hour in the audit log. The store decides who writes (one conditional
 * update), so of concurrent requests exactly one records the hour's first use.
 */
async function noteUse(access: ManagedTokenAccess, record: ManagedTokenRecord, scope: TokenScope, use: TokenUse): Promise<void> {
  const hourStart = Math.floor(use.at / HOUR_MS) * HOUR_MS;
  if (!(await access.tokens.touchToken(record.id, use.at, Math.max(use.at - LAST_USE_RESOLUTION_MS, hourStart)))) return;
  if (record.lastUsedAt !== null && record.lastUsedAt >= hourStart) return;
  await access.audit.recordAudit({ at: use.at, kind: "token-used", actor: tokenActor(scope, record.name), ip: use.ip, subject: record.name, detail: use.request });
}

/** Who did something, for the audit log. */
export interface Actor {
  name: string;
  ip: string | null;
}

/**
 * Makes a token; the answer holds it in clear, the only time it exists outside the caller's hands.
 * A name must differ from every active managed token's and from `reserved` (the configuration's
 * token names), so the audit log and the admin page never name two tokens alike.
 */
export async function createManagedToken(
  access: ManagedTokenAccess,
  input: { name: string; scope: TokenScope },
  by: Actor,
  at: number,
  reserved: readonly string[],
): Promise<{ token: string; record: ManagedTokenRecord } | { conflict: string }> {
  if (reserved.includes(input.name)) return { conflict: `"${input.name}" is the name of a token in the configuration` };
  if ((await access.tokens.tokens()).some((t) => t.name === input.name && t.revokedAt === null)) return { conflict: `an active token is already named "${input.name}"` };
  const token = newToken();
  const record = await access.tokens.createToken({ name: input.name, scope: input.scope, hash: tokenHash(token), createdAt: at, createdBy: by.name });
  await access.audit.recordAudit({ at, kind: "token-created", actor: by.name, ip: by.ip, subject: input.name, detail: `scope ${input.scope}` });
  return { token, record };
}

/** Revokes a token from the next request on, and records who did. */
export async function revokeManagedToken(access: ManagedTokenAccess, id: number, by: Actor, at: number): Promise<ManagedTokenRecord | "not-found" | "already-revoked"> {
  const record = await access.tokens.token(id);
  if (!record) return "not-found";
  if (!(await access.tokens.revokeToken(id, at, by.name))) return "already-revoked";
  await access.audit.recordAudit({ at, kind: "token-revoked", actor: by.name, ip: by.ip, subject: record.name, detail: `scope ${record.scope}` });
  return (await access.tokens.token(id)) ?? record;
}

/** The configuration's tokens as the admin page lists them: names and scopes, never the token. */
export function configuredTokens(settings: Pick<AuthSettings, "apiToken" | "displayTokens">): { name: string; scope: TokenScope }[] {
  return [
    ...(settings.apiToken ? [{ name: "apiToken", scope: CONFIG_API_TOKEN_ROLE }] : []),
    ...settings.displayTokens.map((d) => ({ name: d.name, scope: "display" as const })),
  ];
}
