/**
 * next-auth (v4) options: password sign-in over the configured users (bcrypt hashes, limited per
 * user name and client address) unless turned off, single sign-on with an OpenID Connect provider
 * when configured, JWT sessions signed with the configured secret. The session says how the user
 * signed in, and the role it has now (lib/auth/authenticate.ts `sessionRole`), for the pages to
 * show what it may do. Options are built per request: the request's facts (client address, https)
 * decide the cookies and go into every sign-in outcome.
 */
import "server-only";
import bcrypt from "bcryptjs";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sessionRole } from "./authenticate";
import type { AuthSettings, DashboardUser } from "./config";
import { loginLimiter } from "./login-limiter";
import { displayName, OIDC_PROVIDER_ID, oidcProvider, roleFromClaims } from "./oidc";
import { sameOriginRedirect } from "./redirect";
import type { RequestFacts } from "./request";
import { NO_ROLE, rateLimitedCode } from "./sign-in-errors";
import { emitSignIn } from "./sign-in-events";

// Compared against when the user is unknown, so unknown and known users cost the same time.
const DUMMY_HASH = "$2b$10$EyTrzvsLuGxjaFHTNi6KAeINB263Ah4EpMZQ4bUcb5kqUAIUxDje6";

export async function verifyUser(users: readonly DashboardUser[], username: string, password: string): Promise<{ id: string; name: string } | null> {
  const user = users.find((u) => u.username === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user ? { id: user.username, name: user.username } : null;
}

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

type Settings = Pick<AuthSettings, "users" | "authSecret" | "passwordLogin" | "oidc" | "loginLimits">;

/** Errors next-auth reports while talking to the provider: a failed single sign-on, said once in the log without its details. */
const PROVIDER_ERRORS = new Set(["SIGNIN_OAUTH_ERROR", "OAUTH_CALLBACK_ERROR", "OAUTH_CALLBACK_HANDLER_ERROR", "OAUTH_PARSE_PROFILE_ERROR", "OAUTH_V1_GET_ACCESS_TOKEN_ERROR", "OAUTH_GET_ACCESS_TOKEN_ERROR"]);

export function getAuthOptions(settings: Settings, facts: RequestFacts = { ip: null, https: false }): NextAuthOptions {
  const { oidc } = settings;
  const passwordProvider = CredentialsProvider({
    name: "Password",
    credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
    async authorize(credentials) {
      if (!credentials?.username || !credentials.password) return null;
      const { username, password } = credentials;
      const limiter = loginLimiter(settings.loginLimits);
      const wait = await limiter.retryAfterSeconds(username, facts.ip);
      const outcome = { at: Date.now(), method: "password" as const, user: username, ip: facts.ip };
      if (wait > 0) {
        emitSignIn({ ...outcome, ok: false, reason: "rate-limited", retryAfterSeconds: wait });
        // next-auth passes a thrown error's message on as the error code the login page reads.
        throw new Error(rateLimitedCode(wait));
      }
      const user = await verifyUser(settings.users, username, password);
      if (!user) {
        await limiter.failed(username, facts.ip);
        emitSignIn({ ...outcome, ok: false, reason: "wrong-password" });
        return null;
      }
      await limiter.succeeded(username);
      emitSignIn({ ...outcome, ok: true, role: settings.users.find((u) => u.username === username)!.role });
      return user;
    },
  });

  return {
    secret: settings.authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    // Secure (https only) cookies whenever the browser came over https; next-auth already makes them HttpOnly and SameSite=Lax.
    useSecureCookies: facts.https,
    pages: { signIn: "/login", error: "/login" },
    logger: {
      error(code, metadata) {
        // next-auth's own messages can carry the provider's answers; the code and the message are enough to act on.
        const message = metadata instanceof Error ? metadata.message : ((metadata as { error?: Error })?.error?.message ?? "");
        console.error(`[auth] ${code}${message ? `: ${message}` : ""}`);
        if (PROVIDER_ERRORS.has(code)) emitSignIn({ at: Date.now(), method: "oidc", user: null, ip: facts.ip, ok: false, reason: "provider-error", detail: code });
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
    callbacks: {
      signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !oidc || !profile) return true;
        const claims = profile as Record<string, unknown>;
        const role = roleFromClaims(claims, oidc);
        const user = displayName(claims);
        if (!role) {
          emitSignIn({ at: Date.now(), method: "oidc", user, ip: facts.ip, ok: false, reason: "no-role" });
          return `/login?error=${NO_ROLE}`;
        }
        emitSignIn({ at: Date.now(), method: "oidc", user, ip: facts.ip, ok: true, role });
        return true;
      },
      jwt({ token, account, profile }) {
        if (account?.provider === "credentials") token.via = "password";
        if (account?.provider === OIDC_PROVIDER_ID && oidc && profile) {
          token.via = "oidc";
          token.role = roleFromClaims(profile as Record<string, unknown>, oidc) ?? undefined;
        }
        return token;
      },
      session({ session, token }) {
        session.role = sessionRole(token, settings.passwordLogin ? settings.users : []) ?? undefined;
        return session;
      },
      redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
    providers: [...(settings.passwordLogin ? [passwordProvider] : []), ...(oidc ? [oidcProvider(oidc)] : [])],
  };
}
