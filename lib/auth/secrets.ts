/**
 * Secret comparison and the display links of wall screens. Every comparison takes the same time
 * whatever the input, and every configured display token is compared, so timing tells nothing
 * about which tokens exist.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { DisplayToken } from "../config";

export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The configured display whose token `given` is, or null. */
export function matchDisplayToken(given: string | null | undefined, tokens: readonly DisplayToken[]): DisplayToken | null {
  if (!given) return null;
  let found: DisplayToken | null = null;
  for (const t of tokens) if (sameSecret(given, t.token) && !found) found = t;
  return found;
}
