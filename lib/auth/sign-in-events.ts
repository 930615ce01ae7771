/**
 * Every sign-in's outcome, for whoever wants to know (the audit log subscribes with `onSignIn`).
 * Listeners live on globalThis: the sign-in route and the code that subscribes at start are
 * bundled separately by Next.js and would otherwise each see their own list.
 */
import "server-only";
import type { Role } from "./roles";

export type SignInMethod = "password" | "oidc";

export type SignInFailure =
  /** Unknown user or wrong password: the two are not told apart. */
  | "wrong-password"
  /** Too many wrong passwords for the user name or the address (`retryAfterSeconds`). */
  | "rate-limited"
  /** The provider's claims map to no role and there is no default role. */
  | "no-role"
  /** The provider could not be reached or its answer failed the checks. */
  | "provider-error";

export type SignInOutcome = {
  at: number;
  method: SignInMethod;
  /** The user name as typed, or as the provider names the user; null when the provider never said. */
  user: string | null;
  /** The client's address (lib/auth/request.ts); null when unknown. */
  ip: string | null;
} & ({ ok: true; role: Role } | { ok: false; reason: SignInFailure; retryAfterSeconds?: number; detail?: string });

type Listener = (outcome: SignInOutcome) => void;

const LISTENERS_KEY = Symbol.for("jetstream-watch.sign-in-listeners");
type Holder = { [LISTENERS_KEY]?: Set<Listener> };

function listeners(): Set<Listener> {
  const holder = globalThis as Holder;
  holder[LISTENERS_KEY] ??= new Set();
  return holder[LISTENERS_KEY];
}

/** Calls `listener` with every sign-in outcome from now on; returns the function that stops it. */
export function onSignIn(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function emitSignIn(outcome: SignInOutcome): void {
  for (const listener of listeners()) {
    try {
      listener(outcome);
    } catch (err) {
      // A listener's failure must not fail the sign-in it was told about.
      console.error("[auth] a sign-in listener failed:", err instanceof Error ? err.message : err);
    }
  }
}
