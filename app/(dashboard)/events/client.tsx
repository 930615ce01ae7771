"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { PageHeading } from "@/components/page/page-heading";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatDurationMs } from "@/lib/format";
import type { ClusterEvent, ClusterEventKind, ClusterSnapshot } from "@/lib/model/types";

const KIND_LABEL: Record<ClusterEventKind, string> = {
  "stream-leader-elected": "stream leader elected",
  "consumer-leader-elected": "consumer leader elected",
  "stream-leader-lost": "stream leader lost",
  "stream-quorum-lost": "stream quorum lost",
  "consumer-quorum-lost": "consumer quorum lost",
  "meta-leader-elected": "meta leader elected",
  "max-deliveries": "max deliveries",
  "server-out-of-storage": "out of storage",
  "server-shutdown": "server shutdown",
  "server-lameduck": "lame duck",
  "slow-consumer-disconnect": "slow consumer",
  "node-down": "node down",
  "node-up": "node up",
  "node-restarted": "node restarted",
};

const SEVERE: ReadonlySet<ClusterEventKind> = new Set([
  "stream-quorum-lost",
  "consumer-quorum-lost",
  "server-out-of-storage",
  "node-down",
  "stream-leader-lost",
  "slow-consumer-disconnect",
]);

function asset(e: ClusterEvent): string {
  if (e.consumer) return `${e.stream} > ${e.consumer}`;
  if (e.stream) return e.stream;
  return e.server ?? "—";
}

export function EventsClient({ cluster, initial, initialEvents }: { cluster: string; initial: ClusterSnapshot | null; initialEvents: ClusterEvent[] }) {
  const live = useClusterStream({ cluster, initial });
  const events = useMemo(() => {
    const seen = new Set(live.events.map((e) => e.id));
    return [...live.events, ...initialEvents.filter((e) => !seen.has(e.id))];
  }, [live.events, initialEvents]);
  const system = live.snapshot?.sources.system;

  return (
    <div className="space-y-4">
      <PageHeading title="Events" live={live}>
        <p className="text-sm text-slate-500">
          {system
            ? "Leader elections, lost quorums and shutdowns arrive as advisories over the system account, as they happen; nodes going down are seen by polling."
            : "No system account is configured: events are derived by comparing consecutive polls, so they are as fine-grained as the poll interval."}
        </p>
      </PageHeading>
      {events.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-6 text-slate-600">Nothing has happened since the dashboard started.</p>
      ) : (
        <Table testId="events-table">
          <TableHead>
            <Th>Time</Th>
            <Th>Event</Th>
            <Th>Stream / consumer / server</Th>
            <Th>Leader</Th>
            <Th align="right">Leaderless</Th>
            <Th>Heard by</Th>
            <Th>Detail</Th>
          </TableHead>
          <tbody>
            {events.map((e) => (
              <Tr key={e.id} data-testid="event-row" data-kind={e.kind} data-stream={e.stream ?? ""} className="align-top">
                <Td className="whitespace-nowrap tabular-nums" title={e.at}>
                  {new Date(e.at).toLocaleString("en-GB", { hour12: false })}
                </Td>
                <Td className="whitespace-nowrap">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${SEVERE.has(e.kind) ? "bg-crit-soft text-crit-ink" : "bg-slate-100 text-slate-700"}`}>{KIND_LABEL[e.kind]}</span>
                </Td>
                <Td className="font-medium">{asset(e)}</Td>
                <Td className="whitespace-nowrap" data-testid="event-leaders">
                  {e.fromLeader !== null || e.toLeader !== null ? `${e.fromLeader ?? "—"} → ${e.toLeader ?? "—"}` : ""}
                </Td>
                <Td align="right" className="whitespace-nowrap" title={e.leaderlessSince ? `without a reachable leader since ${e.leaderlessSince}` : undefined}>
                  {e.leaderlessMs !== null ? formatDurationMs(e.leaderlessMs) : ""}
                </Td>
                <Td className="text-slate-500">{e.source === "advisory" ? "advisory" : "poll"}</Td>
                <Td className="text-slate-600">{e.detail}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
