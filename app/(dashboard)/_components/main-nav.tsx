"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { AppLink } from "@/components/ui/app-link";
import { hasRole, type Role } from "@/lib/auth/roles";
import { clusterQuery } from "@/lib/view/url-state";

const PAGES: { href: string; label: string; role?: Role }[] = [
  { href: "/", label: "Overview" },
  { href: "/placement", label: "Placement" },
  { href: "/replicas", label: "Replicas" },
  { href: "/streams", label: "Streams" },
  { href: "/consumers", label: "Consumers" },
  { href: "/alerts", label: "Alerts" },
  { href: "/slow-consumers", label: "Slow consumers" },
  { href: "/storage", label: "Storage" },
  { href: "/events", label: "Events" },
  { href: "/report", label: "Report" },
  { href: "/admin", label: "Admin", role: "admin" },
];

/** The main navigation; links carry the chosen cluster but drop page-specific filters. Pages a role may not use are left out. */
export function MainNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const query = clusterQuery(useSearchParams().get("cluster"));
  return (
    <nav aria-label="Main" className="flex gap-3 text-sm">
      {PAGES.filter((page) => !page.role || hasRole(role, page.role)).map(({ href, label }) => {
        const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <AppLink
            key={href}
            href={`${href}${query}`}
            aria-current={active ? "page" : undefined}
            className={`font-medium hover:text-slate-950 ${active ? "text-slate-950 underline decoration-2 underline-offset-8" : "text-slate-600"}`}
          >
            {label}
          </AppLink>
        );
      })}
    </nav>
  );
}
