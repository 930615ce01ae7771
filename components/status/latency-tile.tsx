import { AppLink } from "@/components/ui/app-link";
import { formatLatencyMs } from "@/lib/format";
import type { LatencyView } from "@/lib/model/types";
import { latencyTile } from "@/lib/view/latency";
import { clusterQuery } from "@/lib/view/url-state";
import { LatencyVerdict } from "./latency-verdict";

/** The overview's latency panel: the canary's write and end-to-end p99 of the last 5 minutes against their targets. */
export function LatencyTile({ cluster, latency }: { cluster: string; latency: LatencyView | null }) {
  const href = `/latency${clusterQuery(cluster)}`;
  if (!latency)
    return (
      <section aria-label="Latency" data-testid="latency-tile" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <h2 className="mb-1 font-semibold">Latency</h2>
        <p className="text-slate-600">
          Not configured: no latency canary for this cluster.{" "}
          <AppLink href={href} className="underline">
            How to turn it on
          </AppLink>
        </p>
      </section>
    );
  const tile = latencyTile(latency);
  return (
    <section aria-label="Latency" data-testid="latency-tile" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
      <h2 className="mb-2 flex items-center justify-between font-semibold">
        <AppLink href={href} className="hover:underline">
          Latency
        </AppLink>
        <span className="text-xs font-normal text-slate-500">p99, last 5 min</span>
      </h2>
      {tile.state !== "running" && <p className="mb-2 rounded bg-warn-soft px-2 py-1 text-warn-ink">Canary {tile.state}{tile.message ? `: ${tile.message}` : ""}</p>}
      <dl className="grid grid-cols-[auto_1fr_auto] items-center gap-x-3 gap-y-1">
        <dt className="text-slate-500">JetStream write</dt>
        <dd className="font-semibold tabular-nums" data-testid="latency-tile-write">
          {formatLatencyMs(tile.write.p99Ms)} <span className="font-normal text-slate-500">≤ {formatLatencyMs(tile.write.target)}</span>
        </dd>
        <dd>
          <LatencyVerdict verdict={tile.write.verdict} />
        </dd>
        <dt className="text-slate-500">End to end</dt>
        <dd className="font-semibold tabular-nums" data-testid="latency-tile-e2e">
          {formatLatencyMs(tile.endToEnd.p99Ms)} <span className="font-normal text-slate-500">≤ {formatLatencyMs(tile.endToEnd.target)}</span>
        </dd>
        <dd>
          <LatencyVerdict verdict={tile.endToEnd.verdict} />
        </dd>
      </dl>
      {tile.write.failed > 0 && <p className="mt-2 text-crit-ink">{tile.write.failed} canary writes timed out or failed</p>}
    </section>
  );
}
