"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { UsageBar } from "@/components/status/usage-bar";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatBytes, formatBytesRate, formatDurationMs, formatPercent } from "@/lib/format";
import type { ClusterSnapshot } from "@/lib/model/types";
import { nodeStorageRows, streamsNearestLimit, type StorageLevels } from "@/lib/view/storage";

const limitText = (bytes: number | null, none: string) => (bytes ? formatBytes(bytes) : none);

export function StorageClient({ cluster, initial, storageLevels }: { cluster: string; initial: ClusterSnapshot | null; storageLevels: StorageLevels }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true } });
  const snapshot = live.snapshot;
  const nodes = useMemo(() => nodeStorageRows(snapshot?.nodes ?? [], storageLevels), [snapshot?.nodes, storageLevels]);
  const nearest = useMemo(() => streamsNearestLimit(snapshot?.streams ?? []), [snapshot?.streams]);

  return (
    <LivePage
      title="Storage"
      live={live}
      description={
        <>
          JetStream file storage per node against its limit. When a server has no <code>max_file_store</code> (<code>max_file</code>) set, its limit is
          75 % of the disk space that was free when it started, so the limit below may be far from the disk&apos;s real size. Bars turn amber at{" "}
          {storageLevels.storageWarnPercent} % and red at {storageLevels.storageCritPercent} %, as the storage alert does.
        </>
      }
    >
      {(snapshot) => (
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
                {nodes.map((n) => (
                  <Tr key={n.url} data-node={n.name}>
                    <Td className="font-medium">{n.name}</Td>
                    <Td align="right">{formatBytes(n.storageBytes)}</Td>
                    <Td align="right">{n.hasJetStream ? limitText(n.storageLimitBytes, "no limit") : "—"}</Td>
                    <Td align="right" data-testid="node-storage-percent">
                      {formatPercent(n.storageBytes, n.storageLimitBytes)}
                    </Td>
                    <Td>{n.hasJetStream && <UsageBar percent={n.storagePercent} level={n.level} />}</Td>
                    <Td align="right">{n.hasJetStream ? `${formatBytes(n.memoryBytes)} / ${limitText(n.memoryLimitBytes, "no limit")}` : "—"}</Td>
                  </Tr>
                ))}
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
                    <Td align="right">{limitText(a.memoryLimitBytes, "unlimited")}</Td>
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
                  {nearest.map((s) => (
                    <Tr key={s.key} data-stream={s.key}>
                      <Td className="font-medium">
                        {s.account} &gt; {s.name}
                      </Td>
                      <Td align="right">{formatBytes(s.bytes)}</Td>
                      <Td align="right">{formatBytes(s.maxBytes)}</Td>
                      <Td align="right">{formatPercent(s.bytes, s.maxBytes)}</Td>
                      <Td align="right">{formatBytesRate(s.growingBytesPerSec)}</Td>
                      <Td align="right">{s.fullInMs === null ? "—" : formatDurationMs(s.fullInMs)}</Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            )}
          </LiveSection>
        </>
      )}
    </LivePage>
  );
}
