"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { formatBytes, formatExact, formatPercent } from "@/lib/format";
import type { ClusterEvent, ClusterSnapshot } from "@/lib/model/types";

export function SlowConsumersClient({ cluster, initial, initialDisconnects }: { cluster: string; initial: ClusterSnapshot | null; initialDisconnects: ClusterEvent[] }) {
  const live = useClusterStream({ cluster, initial });
  const snapshot = live.snapshot;
  const disconnects = useMemo(() => {
    const fresh = live.events.filter((e) => e.kind === "slow-consumer-disconnect");
    const seen = new Set(fresh.map((e) => e.id));
    return [...fresh, ...initialDisconnects.filter((e) => !seen.has(e.id))];
  }, [live.events, initialDisconnects]);
  const connections = useMemo(
    () =>
      (snapshot?.nodes ?? [])
        .flatMap((n) => (n.topPendingConnections ?? []).map((c) => ({ ...c, node: n.name, maxPending: n.maxPendingBytes })))
        .filter((c) => c.pendingBytes > 0)
        .sort((a, b) => b.pendingBytes - a.pendingBytes),
    [snapshot],
  );

  return (
    <div className="space-y-6">
      <PageHeading title="Slow consumers" live={live}>
        <p className="text-sm text-slate-500">
          A client whose outbound buffer passes the server&apos;s max_pending (64 MiB by default) is cut off as a slow consumer. The counters only grow;
          the connections below are the ones filling their buffer now.
        </p>
      </PageHeading>
      {!snapshot ? (
        <WaitingForPoll />
      ) : (
        <>
          <LiveSection label="Slow-consumer counters" stale={live.stale}>
            <table data-testid="slow-consumer-counters" className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
              <thead className="bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2">Node</th>
                  <th className="px-3 py-2 text-right">Since server start</th>
                  <th className="px-3 py-2 text-right">Clients</th>
                  <th className="px-3 py-2 text-right">Routes</th>
                  <th className="px-3 py-2 text-right">Gateways</th>
                  <th className="px-3 py-2 text-right">Leafs</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.nodes.map((n) => (
                  <tr key={n.url} className="border-t border-slate-100" data-node={n.name}>
                    <td className="px-3 py-1.5 font-medium">{n.name}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{n.slowConsumers === null ? "—" : formatExact(n.slowConsumers)}</td>
                    {(["clients", "routes", "gateways", "leafs"] as const).map((kind) => (
                      <td key={kind} className="px-3 py-1.5 text-right tabular-nums" title={n.slowConsumerStats ? undefined : "by kind on nats-server 2.10 and later"}>
                        {n.slowConsumerStats ? formatExact(n.slowConsumerStats[kind]) : "—"}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </LiveSection>
          <LiveSection label="Connections with pending bytes" stale={live.stale}>
            <h2 className="mb-2 text-lg font-semibold">Connections with the most pending bytes</h2>
            {connections.length === 0 ? (
              <p className="rounded border border-slate-200 bg-white p-4 text-slate-600">No connection has outbound bytes waiting.</p>
            ) : (
              <table data-testid="pending-connections" className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
                <thead className="bg-slate-50 text-left text-xs text-slate-500">
                  <tr>
                    <th className="px-3 py-2">Node</th>
                    <th className="px-3 py-2">Connection</th>
                    <th className="px-3 py-2">Account</th>
                    <th className="px-3 py-2">Address</th>
                    <th className="px-3 py-2 text-right">Pending</th>
                    <th className="px-3 py-2 text-right">of max_pending</th>
                  </tr>
                </thead>
                <tbody>
                  {connections.map((c) => (
                    <tr key={`${c.node}-${c.cid}`} className="border-t border-slate-100">
                      <td className="px-3 py-1.5">{c.node}</td>
                      <td className="px-3 py-1.5 font-medium">{c.name ?? `cid ${c.cid}`}</td>
                      <td className="px-3 py-1.5">{c.account ?? "—"}</td>
                      <td className="px-3 py-1.5">{c.ip ?? "—"}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(c.pendingBytes)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{formatPercent(c.pendingBytes, c.maxPending)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </LiveSection>
          <section aria-label="Slow-consumer disconnects">
            <h2 className="mb-2 text-lg font-semibold">Recent slow-consumer disconnects</h2>
            {disconnects.length === 0 ? (
              <p className="text-sm text-slate-600">
                {snapshot.sources.system ? "None since the dashboard started." : "Disconnects are heard over the system account, which is not configured for this cluster."}
              </p>
            ) : (
              <ul data-testid="slow-consumer-disconnects" className="space-y-1 text-sm">
                {disconnects.map((e) => (
                  <li key={e.id}>
                    <span className="tabular-nums text-slate-500">{new Date(e.at).toLocaleString("en-GB", { hour12: false })}</span> {e.server ?? ""} {e.detail}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
