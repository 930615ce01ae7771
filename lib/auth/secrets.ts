/**
 * The secrets auth relies on: comparing them in constant time, the display links of wall screens,
 * and the session-signing secret kept in the data directory when none is configured. Every
 * comparison takes the same time whatever the input, and every configured display token is
 * compared, so timing tells nothing about which tokens exist.
 */
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DisplayToken } from "./config";

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

/**
 * Without AUTH_SECRET a secret is generated once and kept in the data directory, so sessions and
 * display links survive restarts and every server bundle signs with the same key.
 */
export function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not created yet
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** next-auth v4 reads its URL settings from the environment; set them from our config once at boot. */
export function applyAuthEnvironment(config: { publicUrl?: string; authSecret: string }): void {
  if (config.publicUrl) process.env.NEXTAUTH_URL = config.publicUrl;
  else process.env.AUTH_TRUST_HOST ??= "true";
  process.env.NEXTAUTH_SECRET = config.authSecret;
}
