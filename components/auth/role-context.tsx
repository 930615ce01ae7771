"use client";

import { createContext, useContext } from "react";
import { hasRole, ROLE_GRANTS, type Role } from "@/lib/auth/roles";

/** The signed-in user's role, set once by the dashboard layout from the session. */
const RoleContext = createContext<Role>("viewer");

export function RoleProvider({ role, children }: { role: Role; children: React.ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export function useRole(): Role {
  return useContext(RoleContext);
}

/** Shows `children` when the user's role includes `needed`; otherwise says what is missing (or nothing, with `quiet`). */
export function RequireRole({ needed, what, quiet = false, children }: { needed: Role; what: string; quiet?: boolean; children: React.ReactNode }) {
  const role = useRole();
  if (hasRole(role, needed)) return <>{children}</>;
  if (quiet) return null;
  return (
    <span className="text-slate-500" data-testid="role-needed" title={`The ${needed} role ${ROLE_GRANTS[needed]}.`}>
      {what} needs the {needed} role; you are a {role}.
    </span>
  );
}
