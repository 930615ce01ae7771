import "server-only";
import type { AlertThresholds } from "@/lib/alerts/thresholds";
import { getHub, type ClusterCollector, type Hub } from "@/lib/hub";
import { restrictSnapshot, type SnapshotInclude } from "@/lib/model/delta";
import type { ClusterSnapshot } from "@/lib/model/types";
import { readParam } from "@/lib/view/url-state";
import { routeParam } from "./route-param";
import { UnknownCluster } from "./unknown-cluster";

export type SearchParams = Record<string, string | string[] | undefined>;

/** What a dashboard page knows once its cluster is resolved. */
export interface ClusterPage<Route> {
  hub: Hub;
  collector: ClusterCollector;
  /** The cluster's configured name (the first cluster's when the URL names none). */
  cluster: string;
  /** `?cluster=` as the URL gives it; null when it names none. */
  requested: string | null;
  /** The latest snapshot; null until the collector's first poll has finished. */
  snapshot: ClusterSnapshot | null;
  /**
   * The latest snapshot for a live page's first paint: the head, plus only the asset lists asked
   * for. The live stream brings the rest.
   */
  initial: (include?: Partial<SnapshotInclude>) => ClusterSnapshot | null;
  /** The configured alert thresholds, for pages that mark figures the way the alert rules judge them. */
  alertThresholds: AlertThresholds;
  query: SearchParams;
  /** The dynamic route segments, each decoded once (`%24G` → `$G`). */
  route: Route;
}

/**
 * A dashboard page over one cluster: `?cluster=` is resolved here, once for every page, and a
 * name that is not configured shows `UnknownCluster` instead of the page.
 */
export function clusterPage<Route extends Record<string, string> = Record<string, never>>(render: (page: ClusterPage<Route>) => React.ReactNode | Promise<React.ReactNode>) {
  return async function ClusterPageRoute({ params, searchParams }: { params: Promise<Route>; searchParams: Promise<SearchParams> }) {
    const query = await searchParams;
    const requested = readParam(query, "cluster");
    const hub = getHub();
    const collector = hub?.collector(requested);
    if (!hub || !collector) return <UnknownCluster requested={requested} />;
    const segments = await params;
    const route = Object.fromEntries(Object.entries(segments).map(([name, segment]) => [name, routeParam(segment)])) as Route;
    const snapshot = collector.snapshot();
    const initial = (include: Partial<SnapshotInclude> = {}) =>
      snapshot && restrictSnapshot(snapshot, { streams: include.streams ?? false, consumers: include.consumers ?? false });
    return render({ hub, collector, cluster: collector.cluster.name, requested, snapshot, initial, alertThresholds: hub.config.alerts.thresholds, query, route });
  };
}
