/**
 * A live stream outlives the request that let it in. When the managed token that opened it is
 * revoked, the stream must end as well, or a wall would keep showing data on a revoked link; the
 * browser then reconnects and is refused (401), which the wall shows as "no longer accepted". The
 * configuration's tokens and the sessions change only with a restart, which ends every stream.
 */
import "server-only";
import type { Principal } from "../auth/authenticate";
import { getHistory } from "../history/runtime";

/** How often an open stream asks the store whether its token still stands. */
export const REVOCATION_CHECK_MS = 5_000;

/** Calls `end` once the principal's managed token is revoked; returns the function that stops watching. */
export function endWhenRevoked(principal: Principal, end: () => void): () => void {
  if (principal.kind === "user" || principal.managedId === undefined) return () => {};
  const id = principal.managedId;
  const timer = setInterval(async () => {
    try {
      if ((await getHistory()?.store?.tokens.isTokenActive(id)) !== true) end();
    } catch (err) {
      // The store is busy or failing: keep the stream; the next check asks again.
      console.error(`[api] checking token ${id} of an open stream failed:`, err);
    }
  }, REVOCATION_CHECK_MS);
  return () => clearInterval(timer);
}
