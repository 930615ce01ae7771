import { ChartThroughputSparkline } from "@/components/charts/chart-throughput-sparkline";
import { SeverityBadge } from "@/components/ui/severity-badge";
import { formatBytes, formatCount, formatDurationMs } from "@/lib/format";
import type { ClusterSnapshot, ThroughputSample } from "@/lib/model/types";
import { consumersInTrouble } from "@/lib/model/trouble";
import type { StorageLevels } from "@/lib/view/storage";
import { alertAgeMs, cappedCount, orderAlerts, replicasBehind, storageNearestFull } from "@/lib/view/wall";
import { KeyNumber, WallLines, WallTile } from "./wall-tile";

// Two lines each; with the "+N more" line, what fits the tile at any 16:9 size.
const MAX_ALERTS = 4;
const MAX_LINES = 3;

/** Firing alerts, throughput, lagging replicas, consumers behind and the storage nearest full. */
export function OverviewPanel({
  snapshot,
  recent,
  now,
  storageLevels,
}: {
  snapshot: ClusterSnapshot;
  recent: ThroughputSample[];
  now: number;
  /** The storage alert's levels, as the storage page uses them. */
  storageLevels: StorageLevels;
}) {
  const alerts = orderAlerts(snapshot.alerts, now);
  const replicas = replicasBehind(snapshot.streams);
  const consumers = consumersInTrouble(snapshot.consumers);
  const storage = storageNearestFull(snapshot.nodes, snapshot.accounts, storageLevels);
  const fullest = storage[0];
  const throughput = snapshot.throughput;
  return (
    <div className="grid h-full min-h-0 grid-cols-[1.3fr_1fr_1fr] grid-rows-2 gap-[1.2vh]">
      <WallTile title="Firing alerts" testId="wall-alerts" className="row-span-2">
        {alerts.length === 0 ? (
          <p className="text-[3.4vh] font-semibold text-green-400">Nothing is firing.</p>
        ) : (
          <ol className="min-h-0 space-y-[1.4vh]">
            {alerts.slice(0, MAX_ALERTS).map((a) => {
              const quiet = a.acknowledged !== null || a.silencedUntil !== null;
              return (
                <li key={a.id} data-testid="wall-alert" data-severity={a.severity} className={`min-w-0 ${quiet ? "opacity-60" : ""}`}>
                  <div className="flex min-w-0 items-baseline gap-[1.2vh] text-[3vh] leading-tight">
                    <SeverityBadge severity={a.severity} className="shrink-0 rounded-[0.6vh] px-[0.8vh] text-[2.2vh] font-black">
                      {a.severity === "critical" ? "CRIT" : "WARN"}
                    </SeverityBadge>
                    <span className="min-w-0 flex-1 truncate font-bold">{a.subject}</span>
                    <span data-testid="wall-alert-age" className="shrink-0 font-semibold text-zinc-300" suppressHydrationWarning>
                      {formatDurationMs(alertAgeMs(a, now))}
                    </span>
                  </div>
                  <div className="truncate text-[2.4vh] leading-tight text-zinc-300">
                    {a.message}
                    {a.acknowledged && <span className="text-zinc-400"> · acknowledged by {a.acknowledged.by}</span>}
                    {a.silencedUntil && !a.acknowledged && <span className="text-zinc-400"> · silenced</span>}
                  </div>
                </li>
              );
            })}
            {alerts.length > MAX_ALERTS && <li className="text-[2.6vh] text-zinc-400">+{alerts.length - MAX_ALERTS} more</li>}
          </ol>
        )}
      </WallTile>
      <WallTile title="Throughput, 15 min" testId="wall-throughput">
        <div className="flex shrink-0 items-baseline justify-between gap-[1.2vh]">
          <KeyNumber value={throughput ? formatCount(Math.round(throughput.inMsgsPerSec)) : "—"} unit="msgs/s in" testId="wall-throughput-in" />
          <span className="shrink-0 text-[3vh] font-semibold text-fuchsia-300">out {throughput ? formatCount(Math.round(throughput.outMsgsPerSec)) : "—"}</span>
        </div>
        <div className="mt-[1.2vh] min-h-0 flex-1">
          <ChartThroughputSparkline samples={recent} />
        </div>
      </WallTile>
      <WallTile title="Replicas lagging" testId="wall-replicas">
        <KeyNumber value={cappedCount(replicas.length, snapshot.streams.length)} tone={replicas.length ? "bad" : "good"} testId="wall-replicas-count" />
        <WallLines
          max={MAX_LINES}
          lines={replicas.map((r) => ({
            key: `${r.stream}/${r.replica}`,
            text: `${r.stream} on ${r.replica}`,
            detail: r.offline ? "OFFLINE" : r.lag > 0 ? `${formatCount(r.lag)} behind` : "not current",
          }))}
        />
      </WallTile>
      <WallTile title="Storage nearest full" testId="wall-storage">
        {fullest ? (
          <>
            <KeyNumber value={`${Math.round(fullest.percent)} %`} unit={`${fullest.kind} ${fullest.name}${fullest.stale ? " (old)" : ""}`} tone={fullest.level === "ok" ? "good" : "bad"} testId="wall-storage-percent" />
            <WallLines
              max={MAX_LINES}
              lines={storage.slice(1).map((u) => ({
                key: `${u.kind}/${u.name}`,
                text: `${u.kind} ${u.name}${u.stale ? " (old)" : ""}`,
                detail: `${Math.round(u.percent)} % of ${formatBytes(u.limitBytes)}`,
              }))}
            />
          </>
        ) : (
          <p className="text-[2.8vh] text-zinc-400">No storage limits reported.</p>
        )}
      </WallTile>
      <WallTile title="Consumers behind" testId="wall-consumers">
        <KeyNumber value={cappedCount(consumers.length)} tone={consumers.length ? "bad" : "good"} testId="wall-consumers-count" />
        <WallLines
          max={MAX_LINES}
          lines={consumers.map(({ asset: c, what }) => ({
            key: `${c.account}/${c.stream}/${c.name}`,
            text: c.name,
            detail: c.numPending !== null ? `${what} · ${formatCount(c.numPending)}` : what,
          }))}
        />
      </WallTile>
    </div>
  );
}
