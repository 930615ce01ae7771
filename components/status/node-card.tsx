import { AppLink } from "@/components/ui/app-link";
import { formatBytes, formatBytesRate, formatCount, formatLatencyMs, formatPercent, formatRate, formatSkewMs, formatTime } from "@/lib/format";
import type { NodeView } from "@/lib/model/types";
import { skewState } from "@/lib/view/latency";
import { storageLevel, usedPercent, type StorageLevels } from "@/lib/view/storage";
import { NodeStatusBadge } from "./node-status-badge";
import { UsageBar } from "./usage-bar";

function Figure({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div title={hint}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}

/** A node's figures at a glance; with `href` its name links to the node's page. `clockLimitMs`: the clock-skew alert's level. */
export function NodeCard({ node, href, storageLevels, clockLimitMs }: { node: NodeView; href?: string; storageLevels: StorageLevels; clockLimitMs: number }) {
  const js = node.jetstream;
  const clockOff = skewState(node.clock, clockLimitMs) === "off";
  const storagePct = js ? usedPercent(js.storageBytes, js.storageLimitBytes) : null;
  return (
    <article
      aria-label={`Node ${node.name}`}
      data-testid="node-card"
      data-node={node.name}
      data-status={node.status}
      className={`rounded-lg border bg-white p-4 shadow-sm ${node.status === "up" ? "border-slate-200" : "border-red-300"}`}
    >
      <header className="mb-2 flex items-center justify-between gap-2">
        <h3 className="truncate text-lg font-semibold">
          {href ? (
            <AppLink href={href} className="hover:underline" title={`Node ${node.name}: details and charts over time`}>
              {node.name}
            </AppLink>
          ) : (
            node.name
          )}
          {node.isMetaLeader && (
            <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 align-middle text-xs font-semibold text-indigo-800" title="JetStream meta leader">
              meta leader
            </span>
          )}
        </h3>
        <NodeStatusBadge status={node.status} />
      </header>
      <p className="mb-3 truncate text-xs text-slate-500" title={node.url} data-testid="node-source">
        {node.source === "system-account" ? `via system account${node.url.startsWith("nats-sys://") ? "" : ` · ${node.url}`}` : node.url}
      </p>
      {node.status !== "up" && (
        <p data-testid="node-reason" className="mb-3 rounded bg-slate-100 px-2 py-1 text-sm text-slate-800">
          {node.statusReason}
          {node.stale && node.lastSeenAt && <span className="block text-xs text-slate-500">values below are from {formatTime(node.lastSeenAt)}</span>}
        </p>
      )}
      <dl className={`grid grid-cols-2 gap-x-4 gap-y-2 text-sm ${node.stale ? "opacity-50" : ""}`}>
        <Figure label="Version" value={node.version ?? "—"} />
        <Figure label="Uptime" value={node.uptime ?? "—"} />
        <Figure label="CPU" value={node.cpuPercent === null ? "—" : `${node.cpuPercent.toFixed(0)} %`} hint="percent of one core" />
        <Figure label="Memory (RSS)" value={formatBytes(node.memBytes)} />
        <Figure label="Connections" value={formatCount(node.connections)} />
        <Figure
          label="Slow consumers"
          value={formatCount(node.slowConsumers)}
          hint={
            node.slowConsumerStats
              ? `clients ${node.slowConsumerStats.clients}, routes ${node.slowConsumerStats.routes}, gateways ${node.slowConsumerStats.gateways}, leafs ${node.slowConsumerStats.leafs}`
              : "events since server start"
          }
        />
        <Figure label="Msgs in" value={formatRate(node.rates?.inMsgsPerSec)} hint="all connections, incl. routes" />
        <Figure label="Msgs out" value={formatRate(node.rates?.outMsgsPerSec)} hint="all connections, incl. routes" />
        <Figure label="Bytes in" value={formatBytesRate(node.rates?.inBytesPerSec)} />
        <Figure label="Bytes out" value={formatBytesRate(node.rates?.outBytesPerSec)} />
        <Figure
          label="Clock"
          value={
            node.clock ? (
              <span data-testid="node-clock" data-skew={clockOff ? "off" : "ok"} className={clockOff ? "rounded bg-warn-soft px-1 text-warn-ink" : ""}>
                {formatSkewMs(node.clock.skewMs)} ± {formatLatencyMs(node.clock.errorMs)}
              </span>
            ) : (
              "—"
            )
          }
          hint={`the node's clock minus the dashboard's, ± half the request's round trip; alerted beyond ± ${clockLimitMs} ms`}
        />
      </dl>
      <div className="mt-3 text-sm">
        <div className="flex justify-between text-xs text-slate-500">
          <span>JetStream storage</span>
          <span className="tabular-nums">
            {js ? `${formatBytes(js.storageBytes)} / ${js.storageLimitBytes ? formatBytes(js.storageLimitBytes) : "no limit"}` : "—"}
            {js?.storageLimitBytes ? ` (${formatPercent(js.storageBytes, js.storageLimitBytes)})` : ""}
          </span>
        </div>
        <UsageBar percent={storagePct} level={storageLevel(storagePct, storageLevels)} className="mt-1 h-2" />
      </div>
    </article>
  );
}
