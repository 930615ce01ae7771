"use client";

import { useDeferredValue, useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useUrlQuery } from "@/components/hooks/use-url-query";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { FilterBar, FilterSelect, RowCount } from "@/components/tables/table-filters";
import { AppLink } from "@/components/ui/app-link";
import type { ClusterSnapshot, StreamView } from "@/lib/model/types";
import { accountsOf, compareNodeNames } from "@/lib/view/placement";
import {
  DEFAULT_REPLICA_SORT,
  filterReplicas,
  laggingReplicas,
  parseReplicaKey,
  replicaSortDir,
  sortReplicas,
  streamsWithoutLeaderView,
} from "@/lib/view/replicas";
import { clusterQuery, nextSort, sortParams } from "@/lib/view/url-state";
import { ReplicaLagTable } from "./_components/replica-lag-table";
import { ReplicaLagTrend } from "./_components/replica-lag-trend";
import { parseReplicasQuery } from "./search-params";

const NO_STREAMS: StreamView[] = [];

export function ReplicasClient({ cluster, initial }: { cluster: string; initial: ClusterSnapshot | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true } });
  const [query, update] = useUrlQuery(parseReplicasQuery);
  const filter = useDeferredValue(query);
  const snapshot = live.snapshot;
  const streams = snapshot?.streams ?? NO_STREAMS;

  const lagging = useMemo(() => laggingReplicas(streams), [streams]);
  const rows = useMemo(() => sortReplicas(filterReplicas(lagging, filter), filter.sort), [lagging, filter]);
  const blind = useMemo(() => streamsWithoutLeaderView(streams), [streams]);
  const accounts = useMemo(() => accountsOf(streams), [streams]);
  const streamNames = useMemo(() => [...new Set(streams.filter((s) => (s.numReplicas ?? 1) > 1).map((s) => s.name))].sort(), [streams]);
  const nodeNames = useMemo(() => (snapshot?.nodes.map((n) => n.name) ?? []).sort(compareNodeNames), [snapshot?.nodes]);
  const selected = parseReplicaKey(query.replica);
  const selectedLagging = lagging.some((r) => r.key === query.replica);

  return (
    <LivePage title="Replica lag" live={live} description="Every stream follower its leader reports as not current or operations behind.">
      {() => (
        <>
          {blind.length > 0 && (
            <p role="note" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {blind.length === 1 ? "1 stream has" : `${blind.length} streams have`} no reachable leader, so the state of
              {blind.length === 1 ? " its" : " their"} followers is unknown ({blind.slice(0, 5).map((s) => s.name).join(", ")}
              {blind.length > 5 ? ", …" : ""}). See <AppLink href={`/placement${clusterQuery(cluster)}`} className="underline">Leader placement</AppLink>.
            </p>
          )}
          <LiveSection label="Lagging replicas" stale={live.stale} className="space-y-3">
            <FilterBar>
              <FilterSelect label="Account" value={query.account} options={accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
              <FilterSelect label="Stream" value={query.stream} options={streamNames} allLabel="All streams" onChange={(stream) => update({ stream })} />
              <FilterSelect label="Node" value={query.node} options={nodeNames} allLabel="All nodes" onChange={(node) => update({ node })} />
              <RowCount shown={rows.length} total={lagging.length} noun="lagging replicas" />
            </FilterBar>
            <ReplicaLagTable
              cluster={cluster}
              rows={rows}
              sort={query.sort}
              onSort={(key) => update(sortParams(nextSort(query.sort, key, replicaSortDir(key)), DEFAULT_REPLICA_SORT))}
              selectedKey={query.replica}
              onSelect={(key) => update({ replica: key === query.replica ? null : key })}
              empty={lagging.length === 0 ? "All replicas are current" : "No lagging replica matches the filters"}
            />
          </LiveSection>
          {selected && (
            <ReplicaLagTrend
              cluster={cluster}
              account={selected.account}
              stream={selected.stream}
              node={selected.node}
              stillLagging={selectedLagging}
              onClose={() => update({ replica: null })}
            />
          )}
        </>
      )}
    </LivePage>
  );
}
