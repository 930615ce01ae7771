/**
 * The sign-in section of the configuration: users, single sign-on (OpenID Connect), the API token,
 * the wall displays' tokens, the secret that signs sessions, the sign-in rate limits and whether a
 * reverse proxy's forwarding headers are believed. Top-level keys of the configuration file.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { httpUrl, simpleName, wholeNumber } from "../fields";
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

/** A generic OpenID Connect provider (Keycloak, Entra ID, Okta, Authentik, Dex, …). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** From `clientSecret`, `clientSecretFile` or OIDC_CLIENT_SECRET. */
  clientSecret: string;
  scopes: string[];
  /** The ID token claim whose values map to roles (a dotted path reaches into objects: `realm_access.roles`). */
  roleClaim: string;
  /** Claim value → role. A user whose values map to several roles gets the highest. */
  roles: { value: string; role: Role }[];
  /** The role of a user none of whose claim values is mapped; null refuses such a user. */
  defaultRole: Role | null;
  /** The sign-in button says "Sign in with <name>". */
  name: string;
}

/** Wrong passwords allowed per window, per user name and per client address, before sign-in is refused until the window ends. */
export interface LoginLimits {
  perUser: number;
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 10, perIp: 30, windowSeconds: 60 };

export interface AuthSettings {
  users: DashboardUser[];
  /** Sign-in with a configured user's password; off leaves only single sign-on. */
  passwordLogin: boolean;
  oidc?: OidcSettings;
  /**
   * The dashboard is reached only through a reverse proxy that sets X-Forwarded-For and
   * X-Forwarded-Proto: the client address is the last X-Forwarded-For entry (the one the proxy
   * added) and https is what the proxy says. Off: the socket's address, and https only from publicUrl.
   */
  trustProxy: boolean;
  loginLimits: LoginLimits;
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

const roleClaimValues = z.array(z.string().min(1));

const oidcSchema = z
  .strictObject({
    issuer: httpUrl,
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    clientSecretFile: z.string().min(1).optional(),
    scopes: z
      .array(z.string().regex(/^\S+$/, "must be one scope, without spaces"))
      .refine((s) => s.includes("openid"), 'must include "openid"')
      .default(["openid", "profile", "email"]),
    roleClaim: z.string().min(1).default("groups"),
    // { admin: ["jsw-admins"], operator: [...] } or { "jsw-admins": "admin", … }
    roles: z
      .record(z.string().min(1), z.union([roleClaimValues, z.enum(ROLES)]), {
        error: 'must map roles to claim values ({ "admin": ["jsw-admins"] }) or claim values to roles ({ "jsw-admins": "admin" })',
      })
      .default({}),
    defaultRole: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}, or null to refuse users with no mapped role` }).nullable().default("viewer"),
    name: z.string().min(1).max(40).default("SSO"),
  })
  .superRefine((o, ctx) => {
    if (o.clientSecret === undefined && o.clientSecretFile === undefined)
      ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "is required (or clientSecretFile, or OIDC_CLIENT_SECRET)" });
    if (o.clientSecret !== undefined && o.clientSecretFile !== undefined)
      ctx.addIssue({ code: "custom", path: [], message: "use either clientSecret or clientSecretFile, not both", params: { keys: ["clientSecret", "clientSecretFile"] } });
    for (const [key, value] of Object.entries(o.roles))
      if (Array.isArray(value) && !(ROLES as readonly string[]).includes(key))
        ctx.addIssue({ code: "custom", path: ["roles", key], message: `a list of claim values belongs under a role (${ROLES.join(", ")})` });
  });

/** The OIDC section as validated, the secret file not read yet. */
export type OidcInput = z.infer<typeof oidcSchema>;

const loginLimitsSchema = z.strictObject({
  perUser: wholeNumber(1, 1000).default(DEFAULT_LOGIN_LIMITS.perUser),
  perIp: wholeNumber(1, 100_000).default(DEFAULT_LOGIN_LIMITS.perIp),
  windowSeconds: wholeNumber(1, 86_400).default(DEFAULT_LOGIN_LIMITS.windowSeconds),
});

export const authFields = {
  users: z.array(userSchema).default([]),
  passwordLogin: z.boolean().default(true),
  oidc: oidcSchema.optional(),
  trustProxy: z.boolean().default(false),
  loginLimits: loginLimitsSchema.prefault({}),
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

/**
 * The OIDC section with its secret in hand: read from `clientSecretFile` when that is given (a
 * wrong path is a problem at start, not at the first sign-in). `problem` names the setting; the
 * file's content never appears in it.
 */
export function resolveOidc(input: OidcInput, problem: (key: string, message: string) => void): OidcSettings | undefined {
  let clientSecret = input.clientSecret;
  if (input.clientSecretFile !== undefined) {
    try {
      clientSecret = readFileSync(input.clientSecretFile, "utf8").trim();
    } catch (err) {
      problem("clientSecretFile", `cannot read ${input.clientSecretFile}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`);
      return undefined;
    }
    if (clientSecret === "") problem("clientSecretFile", `${input.clientSecretFile} is empty`);
  }
  const roles = Object.entries(input.roles).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((claimValue) => ({ value: claimValue, role: key as Role })) : [{ value: key, role: value }],
  );
  return {
    issuer: input.issuer.replace(/\/+$/, ""),
    clientId: input.clientId,
    clientSecret: clientSecret ?? "",
    scopes: input.scopes,
    roleClaim: input.roleClaim,
    roles,
    defaultRole: input.defaultRole,
    name: input.name,
  };
}
