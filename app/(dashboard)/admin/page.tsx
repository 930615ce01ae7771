import type { Metadata } from "next";
import { getServerSession } from "next-auth";
import { adminStore, auditView, tokenView } from "@/lib/api/admin";
import { getAuthOptions } from "@/lib/auth/options";
import { hasRole, ROLE_GRANTS } from "@/lib/auth/roles";
import { configuredTokens } from "@/lib/auth/tokens";
import { getConfig } from "@/lib/config";
import type { AuditQuery } from "@/lib/history/audit";
import { AUDIT_PAGE_SIZE, parseAuditQuery } from "@/lib/view/audit-query";
import { AuditLog } from "./_components/audit-log";
import { ConfiguredTokens } from "./_components/configured-tokens";
import { ManagedTokens } from "./client";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/** Tokens, display links and the audit log: for admins only (the API checks again on every call). */
export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const config = getConfig();
  const session = await getServerSession(getAuthOptions(config));
  if (!session?.role || !hasRole(session.role, "admin"))
    return (
      <p role="alert" data-testid="role-needed" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-900">
        The admin page needs the admin role (one that {ROLE_GRANTS.admin}); you are signed in as {session?.user?.name ?? "someone"}, a {session?.role ?? "user without a role"}.
      </p>
    );
  const admin = adminStore();
  const query = parseAuditQuery(await searchParams);
  // A bad parameter (a hand-edited URL) is said, and the newest entries shown.
  const auditQuery: AuditQuery = "error" in query ? { limit: AUDIT_PAGE_SIZE } : query;
  const [entries, tokens] = "store" in admin ? await Promise.all([admin.store.audit.auditEntries(auditQuery), admin.store.tokens.tokens()]) : [[], []];
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Admin</h1>
      {"store" in admin ? (
        <ManagedTokens tokens={tokens.map(tokenView)} />
      ) : (
        <p role="alert" data-testid="admin-unavailable" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-900">
          {admin.unavailable}
        </p>
      )}
      <ConfiguredTokens tokens={configuredTokens(config)} />
      {"store" in admin && (
        <AuditLog
          entries={entries.map(auditView)}
          kind={auditQuery.kind ?? null}
          paged={auditQuery.beforeId != null}
          nextBefore={entries.length === auditQuery.limit ? entries[entries.length - 1].id : null}
          problem={"error" in query ? query.error : null}
        />
      )}
    </div>
  );
}
