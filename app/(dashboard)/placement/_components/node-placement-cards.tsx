import { NodeStatusBadge } from "@/components/status/node-status-badge";
import { AppLink } from "@/components/ui/app-link";
import type { NodeView, PlacementSummary } from "@/lib/model/types";
import { exactCount } from "@/lib/view/describe";
import { nodeHref } from "@/lib/view/hrefs";
import { compareNodeNames } from "@/lib/view/placement";

/** Leaders and replicas per node: the balance of the cluster at a glance. */
export function NodePlacementCards({ cluster, placement, nodes }: { cluster: string; placement: PlacementSummary; nodes: NodeView[] }) {
  const statusOf = new Map(nodes.map((n) => [n.name, n]));
  // By name, like the matrix columns: a card never moves when its node goes down.
  const ordered = [...placement.nodes].sort((a, b) => compareNodeNames(a.name, b.name));
  return (
    <section aria-label="Leaders per node" className="space-y-2">
      <h2 className="font-semibold">
        Leaders per node
        <span className="ml-2 text-xs font-normal text-slate-500">
          average {placement.averageStreamLeaders.toFixed(1)} stream leaders per node
        </span>
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {ordered.map((p) => {
          const node = statusOf.get(p.name);
          return (
            <article
              key={p.name}
              aria-label={`Placement on ${p.name}`}
              data-testid="node-placement"
              data-node={p.name}
              data-imbalanced={p.imbalanced}
              className={`rounded-lg border bg-white p-3 shadow-sm ${p.imbalanced ? "border-amber-400" : "border-slate-200"}`}
            >
              <header className="mb-2 flex items-center justify-between gap-2">
                <h3 className="truncate font-semibold">
                  <AppLink href={nodeHref(cluster, p.name)} className="hover:underline" title={`Node ${p.name}: details and charts over time`}>
                    {p.name}
                  </AppLink>
                  {node?.isMetaLeader && <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 align-middle text-xs font-semibold text-indigo-800">meta leader</span>}
                </h3>
                {node && <NodeStatusBadge status={node.status} />}
              </header>
              <dl className="grid grid-cols-3 gap-2 text-sm">
                <Count label="Stream leaders" value={p.streamLeaders} testId="stream-leaders" />
                <Count label="Consumer leaders" value={p.consumerLeaders} testId="consumer-leaders" />
                <Count label="Stream replicas" value={p.streamReplicas} testId="stream-replicas" hint="replicas hosted here, leader or follower" />
              </dl>
              {p.imbalanced && (
                <p data-testid="imbalanced" className="mt-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                  imbalanced: leads {p.streamLeaders} {p.streamLeaders === 1 ? "stream" : "streams"} against an average of{" "}
                  {placement.averageStreamLeaders.toFixed(1)}
                </p>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}

function Count({ label, value, testId, hint }: { label: string; value: number; testId: string; hint?: string }) {
  return (
    <div title={hint}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={testId} className="text-lg font-semibold tabular-nums">
        {exactCount(value)}
      </dd>
    </div>
  );
}
