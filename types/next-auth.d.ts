// What JetStream Watch keeps in a session (lib/auth/options.ts): how the user signed in and, for
// single sign-on, the role mapped from the provider's claims at sign-in.
import type { Role } from "@/lib/auth/roles";

declare module "next-auth/jwt" {
  interface JWT {
    via?: "password" | "oidc";
    role?: Role;
  }
}

declare module "next-auth" {
  interface Session {
    role?: Role;
  }
}
