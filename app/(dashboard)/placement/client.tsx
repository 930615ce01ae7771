"use client";

import { useDeferredValue, useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useUrlQuery } from "@/components/hooks/use-url-query";
import { MetaPanel } from "@/components/status/meta-panel";
import { FilterBar, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, StreamView } from "@/lib/model/types";
import { accountsOf, filterStreams, placementNodes, placementRows } from "@/lib/view/placement";
import { LiveSection } from "../_components/live-section";
import { PageHeading } from "../_components/page-heading";
import { WaitingForPoll } from "../_components/waiting-for-poll";
import { NodePlacementCards } from "./_components/node-placement-cards";
import { PlacementMatrix } from "./_components/placement-matrix";
import { parsePlacementQuery } from "./search-params";

const NO_STREAMS: StreamView[] = [];

export function PlacementClient({ cluster, initial }: { cluster: string; initial: ClusterSnapshot | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true } });
  const [query, update] = useUrlQuery(parsePlacementQuery);
  const filter = useDeferredValue(query);
  const snapshot = live.snapshot;
  const streams = snapshot?.streams ?? NO_STREAMS;
  // Node names rarely change while the head of the snapshot is new every poll: key on the names.
  const polledNodes = snapshot?.nodes.map((n) => n.name).join("\n") ?? "";
  const nodes = useMemo(() => placementNodes(polledNodes ? polledNodes.split("\n") : [], streams), [polledNodes, streams]);
  const rows = useMemo(() => placementRows(filterStreams(streams, filter), nodes), [streams, filter, nodes]);
  const accounts = useMemo(() => accountsOf(streams), [streams]);

  return (
    <div className="space-y-6">
      <PageHeading title="Leader placement" live={live}>
        <p className="text-sm text-slate-500">
          Where each stream&apos;s leader and followers sit, as each stream leader reports its followers. Streams without a trustworthy leader and
          under-replicated streams come first.
        </p>
      </PageHeading>
      {snapshot ? (
        <>
          <LiveSection label="Leaders per node and meta group" stale={live.stale} className="grid gap-4 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <NodePlacementCards cluster={cluster} placement={snapshot.placement} nodes={snapshot.nodes} />
            </div>
            <MetaPanel meta={snapshot.meta} />
          </LiveSection>
          <LiveSection label="Placement matrix" stale={live.stale} className="space-y-3">
            <FilterBar>
              <FilterSelect label="Account" value={query.account} options={accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
              <SearchBox label="Stream" value={query.q} placeholder="Search stream names" onChange={(q) => update({ q })} />
              <RowCount shown={rows.length} total={streams.length} noun="streams" />
            </FilterBar>
            <PlacementMatrix
              cluster={cluster}
              rows={rows}
              nodes={nodes}
              nodeViews={snapshot.nodes}
              empty={streams.length === 0 ? "This cluster has no streams" : "No stream matches the filters"}
            />
          </LiveSection>
        </>
      ) : (
        <WaitingForPoll />
      )}
    </div>
  );
}
