"use client";

import { useEffect, useState } from "react";
import { CLUSTER_STATUS_LABEL } from "@/components/status/status-styles";
import { AppLink } from "@/components/ui/app-link";
import { SeverityBadge } from "@/components/ui/severity-badge";
import type { ClusterSummary } from "@/lib/hub";

const REFRESH_MS = 5000;

/** Every configured cluster at a glance; the dashboard's own summary, so refreshing it costs the clusters nothing. */
export function ClustersSummary({ initial, current }: { initial: ClusterSummary[]; current: string }) {
  const [clusters, setClusters] = useState(initial);
  useEffect(() => {
    const id = setInterval(() => {
      fetch("/api/v1/clusters")
        .then((res) => (res.ok ? (res.json() as Promise<{ clusters: ClusterSummary[] }>) : null))
        .then((body) => body && setClusters(body.clusters))
        .catch(() => {
          // the page's own freshness indicator reports a lost server
        });
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, []);
  return (
    <nav aria-label="All clusters" data-testid="clusters-summary" className="flex flex-wrap gap-2">
      {clusters.map((c) => (
        <AppLink
          key={c.name}
          href={`/?cluster=${encodeURIComponent(c.name)}`}
          data-cluster={c.name}
          aria-current={c.name === current ? "page" : undefined}
          className={`rounded-lg border px-3 py-2 text-sm shadow-sm ${c.name === current ? "border-slate-900 bg-white" : "border-slate-200 bg-white hover:border-slate-400"}`}
        >
          <span className="font-semibold">{c.name}</span>{" "}
          {c.status ? (
            <SeverityBadge severity={c.status} className="ml-1 rounded px-1.5 py-0.5 text-xs font-bold">
              {CLUSTER_STATUS_LABEL[c.status]}
            </SeverityBadge>
          ) : (
            <span className="ml-1 text-xs text-slate-500">waiting</span>
          )}
          <span className="ml-2 text-slate-600">
            {c.nodesUp ?? "—"}/{c.expectedNodes ?? "?"} up · leader {c.metaLeader ?? "none"}
            {c.firingAlerts > 0 && ` · ${c.firingAlerts} alert${c.firingAlerts === 1 ? "" : "s"}`}
          </span>
        </AppLink>
      ))}
    </nav>
  );
}
