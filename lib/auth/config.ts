/**
 * The sign-in section of the configuration: users, the API token, the wall displays' tokens and
 * the secret that signs sessions. Top-level keys of the configuration file.
 */
import { z } from "zod";
import { simpleName } from "../fields";
import { ROLES, type Role } from "./roles";

export interface DashboardUser {
  username: string;
  passwordHash: string;
  /** Admin when not given: what every user could do before roles existed, so an upgrade takes nothing away. */
  role: Role;
}

/** The role of the configured API token (`apiToken`): it could always act on alerts. */
export const CONFIG_API_TOKEN_ROLE: Role = "operator";

/** A read-only link for a wall display: `/wall?display=<token>`. */
export interface DisplayToken {
  /** Which display it is, for the server log ("noc-tv"). */
  name: string;
  token: string;
}

export interface AuthSettings {
  users: DashboardUser[];
  apiToken?: string;
  /** Tokens of the wall displays' links; each can only read what the wall shows. */
  displayTokens: DisplayToken[];
  authSecret: string;
}

const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

const userSchema = z.strictObject({
  username: z.string().min(1).max(64),
  passwordHash: z.string().regex(BCRYPT_HASH, "must be a bcrypt hash ($2a$/$2b$/$2y$…; make one with npx tsx scripts/hash-password.ts)"),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }).default("admin"),
});

const displayTokenSchema = z.strictObject({
  name: simpleName,
  // Tokens travel in the wall's URL, so only characters that need no escaping there.
  token: z
    .string()
    .min(16, "must be at least 16 characters")
    .regex(/^[A-Za-z0-9._~-]+$/, "may only hold letters, digits, '.', '_', '~' and '-' (it goes into a URL)"),
});

export const authFields = {
  users: z.array(userSchema).default([]),
  apiToken: z.string().min(16, "must be at least 16 characters").optional(),
  displayTokens: z.array(displayTokenSchema).default([]),
  authSecret: z.string().min(32, "must be at least 32 characters").optional(),
};

/**
 * Display tokens must be told apart and must not open more than the wall: each name and token
 * unique, none the API token. `where(i)` names the i-th token's setting.
 */
export function displayTokenProblems(tokens: readonly DisplayToken[], apiToken: string | undefined, where: (i: number) => string): string[] {
  const problems: string[] = [];
  tokens.forEach((t, i) => {
    if (tokens.findIndex((other) => other.name === t.name) < i) problems.push(`${where(i)}.name: "${t.name}" is used twice`);
    if (tokens.findIndex((other) => other.token === t.token) < i) problems.push(`${where(i)}.token: the same token is used twice`);
    if (apiToken !== undefined && t.token === apiToken) problems.push(`${where(i)}.token: must differ from the API token (a display link may only read)`);
  });
  return problems;
}
