"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatBytes, formatDurationMs, formatPercent } from "@/lib/format";
import type { ClusterSnapshot, StreamView } from "@/lib/model/types";

const NEAREST = 20;

function UsageBar({ used, limit }: { used: number; limit: number | null }) {
  const pct = limit ? (used / limit) * 100 : 0;
  return (
    <div className="h-2 w-40 overflow-hidden rounded bg-slate-100" aria-hidden>
      <div className={`h-full ${pct >= 90 ? "bg-red-600" : pct >= 75 ? "bg-amber-500" : "bg-sky-600"}`} style={{ width: `${Math.min(100, pct)}%` }} />
    </div>
  );
}

/** Time until a stream reaches max_bytes at its current net growth; null when it is not growing. */
function timeToFullMs(s: StreamView): number | null {
  if (s.maxBytes === null || s.bytes === null || !s.bytesPerSec || s.bytesPerSec <= 0) return null;
  return ((s.maxBytes - s.bytes) / s.bytesPerSec) * 1000;
}

export function StorageClient({ cluster, initial }: { cluster: string; initial: ClusterSnapshot | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true } });
  const snapshot = live.snapshot;
  const nearest = useMemo(
    () =>
      (snapshot?.streams ?? [])
        .filter((s) => s.maxBytes !== null && s.bytes !== null)
        .sort((a, b) => b.bytes! / b.maxBytes! - a.bytes! / a.maxBytes!)
        .slice(0, NEAREST),
    [snapshot],
  );

  return (
    <div className="space-y-6">
      <PageHeading title="Storage" live={live}>
        <p className="text-sm text-slate-500">
          JetStream file storage per node against its limit. When a server has no <code>max_file_store</code> (<code>max_file</code>) set, its limit is
          75 % of the disk space that was free when it started, so the limit below may be far from the disk&apos;s real size.
        </p>
      </PageHeading>
      {!snapshot ? (
        <WaitingForPoll />
      ) : (
        <>
          <LiveSection label="Storage per node" stale={live.stale}>
            <Table testId="node-storage">
              <TableHead>
                <Th>Node</Th>
                <Th align="right">File storage used</Th>
                <Th align="right">Limit</Th>
                <Th align="right">Used</Th>
                <Th />
                <Th align="right">Memory storage</Th>
              </TableHead>
              <tbody>
                {snapshot.nodes.map((n) => {
                  const js = n.jetstream;
                  return (
                    <Tr key={n.url} data-node={n.name}>
                      <Td className="font-medium">{n.name}</Td>
                      <Td align="right">{formatBytes(js?.storageBytes)}</Td>
                      <Td align="right">{js ? (js.storageLimitBytes ? formatBytes(js.storageLimitBytes) : "no limit") : "—"}</Td>
                      <Td align="right" data-testid="node-storage-percent">
                        {formatPercent(js?.storageBytes, js?.storageLimitBytes)}
                      </Td>
                      <Td>{js && <UsageBar used={js.storageBytes} limit={js.storageLimitBytes} />}</Td>
                      <Td align="right">{js ? `${formatBytes(js.memoryBytes)} / ${js.memoryLimitBytes ? formatBytes(js.memoryLimitBytes) : "no limit"}` : "—"}</Td>
                    </Tr>
                  );
                })}
              </tbody>
            </Table>
          </LiveSection>
          <LiveSection label="Accounts" title="Accounts" stale={live.stale}>
            <Table testId="account-storage">
              <TableHead>
                <Th>Account</Th>
                <Th align="right">File storage (all replicas)</Th>
                <Th align="right">Limit</Th>
                <Th align="right">Memory</Th>
                <Th align="right">Limit</Th>
              </TableHead>
              <tbody>
                {snapshot.accounts.map((a) => (
                  <Tr key={a.name}>
                    <Td className="font-medium">{a.name}</Td>
                    <Td align="right">{formatBytes(a.storageBytes)}</Td>
                    <Td align="right">{a.storageLimitBytes ? `${formatBytes(a.storageLimitBytes)} (${formatPercent(a.storageBytes, a.storageLimitBytes)})` : "unlimited"}</Td>
                    <Td align="right">{formatBytes(a.memoryBytes)}</Td>
                    <Td align="right">{a.memoryLimitBytes ? formatBytes(a.memoryLimitBytes) : "unlimited"}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          </LiveSection>
          <LiveSection label="Streams nearest their byte limit" title="Streams nearest their byte limit" stale={live.stale}>
            {nearest.length === 0 ? (
              <p className="text-sm text-slate-600">No stream has a max_bytes limit.</p>
            ) : (
              <Table testId="streams-near-limit">
                <TableHead>
                  <Th>Stream</Th>
                  <Th align="right">Bytes</Th>
                  <Th align="right">max_bytes</Th>
                  <Th align="right">Used</Th>
                  <Th align="right">Growing</Th>
                  <Th align="right">Full in</Th>
                </TableHead>
                <tbody>
                  {nearest.map((s) => {
                    const full = timeToFullMs(s);
                    return (
                      <Tr key={`${s.account}/${s.name}`} data-stream={`${s.account}/${s.name}`}>
                        <Td className="font-medium">
                          {s.account} &gt; {s.name}
                        </Td>
                        <Td align="right">{formatBytes(s.bytes)}</Td>
                        <Td align="right">{formatBytes(s.maxBytes)}</Td>
                        <Td align="right">{formatPercent(s.bytes, s.maxBytes)}</Td>
                        <Td align="right">{s.bytesPerSec && s.bytesPerSec > 0 ? `${formatBytes(s.bytesPerSec)}/s` : "—"}</Td>
                        <Td align="right">{full === null ? "—" : formatDurationMs(full)}</Td>
                      </Tr>
                    );
                  })}
                </tbody>
              </Table>
            )}
          </LiveSection>
        </>
      )}
    </div>
  );
}
