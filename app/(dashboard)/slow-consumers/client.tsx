"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { Section } from "@/components/ui/section";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatBytes, formatExact, formatPercent } from "@/lib/format";
import type { ClusterEvent, ClusterSnapshot } from "@/lib/model/types";
import { SLOW_CONSUMER_KINDS, pendingConnections, recentDisconnects, slowConsumerCounters } from "@/lib/view/slow-consumers";

export function SlowConsumersClient({ cluster, initial, initialDisconnects }: { cluster: string; initial: ClusterSnapshot | null; initialDisconnects: ClusterEvent[] }) {
  const live = useClusterStream({ cluster, initial });
  const snapshot = live.snapshot;
  const disconnects = useMemo(() => recentDisconnects(live.events, initialDisconnects), [live.events, initialDisconnects]);
  const counters = useMemo(() => slowConsumerCounters(snapshot?.nodes ?? []), [snapshot?.nodes]);
  const connections = useMemo(() => pendingConnections(snapshot?.nodes ?? []), [snapshot?.nodes]);

  return (
    <LivePage
      title="Slow consumers"
      live={live}
      description={
        <>
          A client whose outbound buffer passes the server&apos;s max_pending (64 MiB by default) is cut off as a slow consumer. The counters only grow;
          the connections below are the ones filling their buffer now.
        </>
      }
    >
      {(snapshot) => (
        <>
          <LiveSection label="Slow-consumer counters" stale={live.stale}>
            <Table testId="slow-consumer-counters">
              <TableHead>
                <Th>Node</Th>
                <Th align="right">Since server start</Th>
                <Th align="right">Clients</Th>
                <Th align="right">Routes</Th>
                <Th align="right">Gateways</Th>
                <Th align="right">Leafs</Th>
              </TableHead>
              <tbody>
                {counters.map((n) => (
                  <Tr key={n.url} data-node={n.name}>
                    <Td className="font-medium">{n.name}</Td>
                    <Td align="right">{n.total === null ? "—" : formatExact(n.total)}</Td>
                    {SLOW_CONSUMER_KINDS.map((kind) => (
                      <Td key={kind} align="right" title={n.byKind ? undefined : "by kind on nats-server 2.10 and later"}>
                        {n.byKind ? formatExact(n.byKind[kind]) : "—"}
                      </Td>
                    ))}
                  </Tr>
                ))}
              </tbody>
            </Table>
          </LiveSection>
          <LiveSection label="Connections with pending bytes" title="Connections with the most pending bytes" stale={live.stale}>
            {connections.length === 0 ? (
              <p className="rounded border border-slate-200 bg-white p-4 text-slate-600">No connection has outbound bytes waiting.</p>
            ) : (
              <Table testId="pending-connections">
                <TableHead>
                  <Th>Node</Th>
                  <Th>Connection</Th>
                  <Th>Account</Th>
                  <Th>Address</Th>
                  <Th align="right">Pending</Th>
                  <Th align="right">of max_pending</Th>
                </TableHead>
                <tbody>
                  {connections.map((c) => (
                    <Tr key={c.key}>
                      <Td>{c.node}</Td>
                      <Td className="font-medium">{c.label}</Td>
                      <Td>{c.account ?? "—"}</Td>
                      <Td>{c.ip ?? "—"}</Td>
                      <Td align="right">{formatBytes(c.pendingBytes)}</Td>
                      <Td align="right">{formatPercent(c.pendingBytes, c.maxPendingBytes)}</Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            )}
          </LiveSection>
          <Section title="Recent slow-consumer disconnects" label="Slow-consumer disconnects">
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
          </Section>
        </>
      )}
    </LivePage>
  );
}
