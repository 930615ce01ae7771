"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
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
            <table data-testid="node-storage" className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
              <thead className="bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2">Node</th>
                  <th className="px-3 py-2 text-right">File storage used</th>
                  <th className="px-3 py-2 text-right">Limit</th>
                  <th className="px-3 py-2 text-right">Used</th>
                  <th className="px-3 py-2" />
                  <th className="px-3 py-2 text-right">Memory storage</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.nodes.map((n) => {
                  const js = n.jetstream;
                  return (
                    <tr key={n.url} className="border-t border-slate-100" data-node={n.name}>
                      <td className="px-3 py-1.5 font-medium">{n.name}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(js?.storageBytes)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{js ? (js.storageLimitBytes ? formatBytes(js.storageLimitBytes) : "no limit") : "—"}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums" data-testid="node-storage-percent">
                        {formatPercent(js?.storageBytes, js?.storageLimitBytes)}
                      </td>
                      <td className="px-3 py-1.5">{js && <UsageBar used={js.storageBytes} limit={js.storageLimitBytes} />}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">
                        {js ? `${formatBytes(js.memoryBytes)} / ${js.memoryLimitBytes ? formatBytes(js.memoryLimitBytes) : "no limit"}` : "—"}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </LiveSection>
          <LiveSection label="Accounts" stale={live.stale}>
            <h2 className="mb-2 text-lg font-semibold">Accounts</h2>
            <table data-testid="account-storage" className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
              <thead className="bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2">Account</th>
                  <th className="px-3 py-2 text-right">File storage (all replicas)</th>
                  <th className="px-3 py-2 text-right">Limit</th>
                  <th className="px-3 py-2 text-right">Memory</th>
                  <th className="px-3 py-2 text-right">Limit</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.accounts.map((a) => (
                  <tr key={a.name} className="border-t border-slate-100">
                    <td className="px-3 py-1.5 font-medium">{a.name}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(a.storageBytes)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{a.storageLimitBytes ? `${formatBytes(a.storageLimitBytes)} (${formatPercent(a.storageBytes, a.storageLimitBytes)})` : "unlimited"}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(a.memoryBytes)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{a.memoryLimitBytes ? formatBytes(a.memoryLimitBytes) : "unlimited"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </LiveSection>
          <LiveSection label="Streams nearest their byte limit" stale={live.stale}>
            <h2 className="mb-2 text-lg font-semibold">Streams nearest their byte limit</h2>
            {nearest.length === 0 ? (
              <p className="text-sm text-slate-600">No stream has a max_bytes limit.</p>
            ) : (
              <table data-testid="streams-near-limit" className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
                <thead className="bg-slate-50 text-left text-xs text-slate-500">
                  <tr>
                    <th className="px-3 py-2">Stream</th>
                    <th className="px-3 py-2 text-right">Bytes</th>
                    <th className="px-3 py-2 text-right">max_bytes</th>
                    <th className="px-3 py-2 text-right">Used</th>
                    <th className="px-3 py-2 text-right">Growing</th>
                    <th className="px-3 py-2 text-right">Full in</th>
                  </tr>
                </thead>
                <tbody>
                  {nearest.map((s) => {
                    const full = timeToFullMs(s);
                    return (
                      <tr key={`${s.account}/${s.name}`} className="border-t border-slate-100" data-stream={`${s.account}/${s.name}`}>
                        <td className="px-3 py-1.5 font-medium">
                          {s.account} &gt; {s.name}
                        </td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(s.bytes)}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(s.maxBytes)}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{formatPercent(s.bytes, s.maxBytes)}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{s.bytesPerSec && s.bytesPerSec > 0 ? `${formatBytes(s.bytesPerSec)}/s` : "—"}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{full === null ? "—" : formatDurationMs(full)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </LiveSection>
        </>
      )}
    </div>
  );
}
