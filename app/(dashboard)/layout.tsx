import { redirect } from "next/navigation";
import { RoleProvider } from "@/components/auth/role-context";
import { AppLink } from "@/components/ui/app-link";
import { currentSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getHub } from "@/lib/hub";
import { ClusterSwitcher } from "./_components/cluster-switcher";
import { MainNav } from "./_components/main-nav";
import { SignOutButton } from "./_components/sign-out-button";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // The proxy already gates pages; checking again here keeps a misconfigured matcher from exposing data.
  const session = await currentSession(getConfig());
  // No role: a password user no longer in the configuration; the session counts for nothing.
  if (!session?.role) redirect("/login");
  const clusters = getHub()?.clusterNames() ?? [];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <AppLink href="/" className="text-lg font-bold tracking-tight">
            JetStream Watch
          </AppLink>
          <MainNav role={session.role} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            {clusters.length > 1 && <ClusterSwitcher clusters={clusters} />}
            <span className="text-slate-500" data-testid="signed-in-as">
              {`${session.user?.name ?? ""} · ${session.role}`}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 print:max-w-none print:p-0">
        <RoleProvider role={session.role}>{children}</RoleProvider>
      </main>
    </div>
  );
}
