/**
 * next-auth (v4) options: a credentials provider over the configured users (bcrypt hashes), JWT
 * sessions signed with the configured secret. The session says how the user signed in, and the
 * role it has now (lib/auth/authenticate.ts `sessionRole`), for the pages to show what it may do.
 */
import "server-only";
import bcrypt from "bcryptjs";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sessionRole } from "./authenticate";
import type { AuthSettings, DashboardUser } from "./config";

// Compared against when the user is unknown, so unknown and known users cost the same time.
const DUMMY_HASH = "$2b$10$EyTrzvsLuGxjaFHTNi6KAeINB263Ah4EpMZQ4bUcb5kqUAIUxDje6";

export async function verifyUser(users: readonly DashboardUser[], username: string, password: string): Promise<{ id: string; name: string } | null> {
  const user = users.find((u) => u.username === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user ? { id: user.username, name: user.username } : null;
}

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

export function getAuthOptions(settings: Pick<AuthSettings, "users" | "authSecret">): NextAuthOptions {
  return {
    secret: settings.authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login" },
    callbacks: {
      jwt({ token, account }) {
        if (account?.provider === "credentials") token.via = "password";
        return token;
      },
      session({ session, token }) {
        session.role = sessionRole(token, settings.users) ?? undefined;
        return session;
      },
    },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          if (!credentials?.username || !credentials.password) return null;
          return verifyUser(settings.users, credentials.username, credentials.password);
        },
      }),
    ],
  };
}
