import { SEVERITY_FILL } from "@/components/ui/severity-badge";
import { isAnswering } from "@/lib/model/assets";
import type { ClusterSnapshot } from "@/lib/model/types";
import { CLUSTER_STATUS_LABEL } from "./status-styles";

export function ClusterBanner({ snapshot }: { snapshot: ClusterSnapshot }) {
  const answering = snapshot.nodes.filter(isAnswering).length;
  const acknowledged = snapshot.alerts.filter((a) => a.acknowledged).length;
  const acknowledgedBy = [...new Set(snapshot.alerts.flatMap((a) => (a.acknowledged ? [a.acknowledged.by] : [])))];
  return (
    <section
      aria-label="Cluster status"
      data-testid="cluster-banner"
      data-status={snapshot.status}
      className={`rounded-lg px-5 py-4 ${SEVERITY_FILL[snapshot.status]}`}
    >
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <span className="text-3xl font-black tracking-tight">{CLUSTER_STATUS_LABEL[snapshot.status]}</span>
        <span className="text-lg font-medium">
          {answering}/{snapshot.expectedNodes} nodes answering
        </span>
        <span className="text-lg font-medium">meta leader: {snapshot.meta.leader ?? "none"}</span>
        <span className="text-lg font-medium">
          {snapshot.totals.streams} streams · {snapshot.totals.consumers} consumers
        </span>
      </div>
      {snapshot.alerts.length > 0 && (
        <p data-testid="banner-alerts" className="mt-1 text-lg font-semibold">
          {snapshot.alerts.length} alert{snapshot.alerts.length === 1 ? "" : "s"} firing
          {acknowledged > 0 && ` · ${acknowledged === snapshot.alerts.length ? "all" : acknowledged} acknowledged`}
          {acknowledgedBy.length > 0 && ` (by ${acknowledgedBy.join(", ")})`}
        </p>
      )}
      {snapshot.statusReasons.length > 0 && (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {snapshot.statusReasons.slice(0, 6).map((r) => (
            <li key={r}>{r}</li>
          ))}
          {snapshot.statusReasons.length > 6 && <li>…and {snapshot.statusReasons.length - 6} more</li>}
        </ul>
      )}
    </section>
  );
}
