/**
 * Who may do what. Three roles, each including the one before it: a viewer reads every page and
 * API; an operator also acts on alerts (acknowledge, silence); an admin also manages API tokens
 * and display links and reads the audit log. Pure, so pages use it to hide what a role cannot do.
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` includes everything `needed` may do. */
export const hasRole = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** What each role adds to the one before it, in the words the UI and 403 answers use. */
export const ROLE_GRANTS: Record<Role, string> = {
  viewer: "reads every page and API",
  operator: "also acknowledges and silences alerts",
  admin: "also manages API tokens and display links and reads the audit log",
};

export const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as readonly string[]).includes(value);

/** What a managed token may do: act with a role over the API, or open a wall display (a display link). */
export const TOKEN_SCOPES = [...ROLES, "display"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Each scope in the admin page's words. */
export const SCOPE_GRANTS: Record<TokenScope, string> = { ...ROLE_GRANTS, display: "opens the wall display and reads only what it shows" };

export const isTokenScope = (value: unknown): value is TokenScope => typeof value === "string" && (TOKEN_SCOPES as readonly string[]).includes(value);
