/**
 * Whether a store's error means the store cannot be reached (a database that is down, restarting
 * or cut off) rather than a query that is wrong. The pages and the API answer the first with
 * "the store is unavailable" (503) while the live view goes on, and the second as the fault it is.
 */

/** Network failures on the way to the database. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
/** PostgreSQL's own: the connection exception class, and a server shutting down or starting. */
const SQLSTATE = /^(08...|57P0[123])$/;
/** What the `pg` driver says of a connection it lost or could not make (it sets no code for these). */
const DRIVER_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /connection error/i, /query read timeout/i];

/** The reason to show when `err` says the store is unreachable; null for any other error. */
export function storeUnreachable(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return err.message || code;
  if (err instanceof AggregateError)
    for (const inner of err.errors) {
      const reason = storeUnreachable(inner);
      if (reason) return reason;
    }
  return DRIVER_MESSAGES.some((m) => m.test(err.message)) ? err.message : null;
}

/** What a page or an API answer says when the store is unreachable. */
export function storeUnavailableMessage(reason: string): string {
  return `the store is unavailable (${reason}); the live view goes on, and what is written is kept once it is back`;
}
