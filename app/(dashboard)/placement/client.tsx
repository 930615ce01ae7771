"use client";

import { useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useLiveList } from "@/components/hooks/use-live-list";
import type { LivePreview } from "@/components/page/live-list";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { MetaPanel } from "@/components/status/meta-panel";
import { FilterBar, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot } from "@/lib/model/types";
import type { PlacementRow } from "@/lib/view/placement";
import { NodePlacementCards } from "./_components/node-placement-cards";
import { PlacementMatrix } from "./_components/placement-matrix";
import { placementList, type PlacementFacets } from "./list";

export type PlacementPreview = LivePreview<PlacementRow, PlacementFacets>;

export function PlacementClient({ cluster, initial, preview }: { cluster: string; initial: ClusterSnapshot | null; preview: PlacementPreview | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true }, initialHasLists: preview === null });
  const snapshot = live.snapshot;
  // Node names rarely change while the head of the snapshot is new every poll: key on the names.
  const polledNodes = snapshot?.nodes.map((n) => n.name).join("\n") ?? "";
  const spec = useMemo(() => placementList(polledNodes ? polledNodes.split("\n") : []), [polledNodes]);
  const { query, update, rows, facets, shown, total } = useLiveList(live, preview, spec);

  return (
    <LivePage
      title="Leader placement"
      live={live}
      description={
        <>
          Where each stream&apos;s leader and followers sit, as each stream leader reports its followers. Streams without a trustworthy leader and
          under-replicated streams come first.
        </>
      }
    >
      {(snapshot) => (
        <>
          <LiveSection label="Leaders per node and meta group" stale={live.stale} className="grid gap-4 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <NodePlacementCards cluster={cluster} placement={snapshot.placement} nodes={snapshot.nodes} />
            </div>
            <MetaPanel meta={snapshot.meta} />
          </LiveSection>
          <LiveSection label="Placement matrix" stale={live.stale} className="space-y-3">
            <FilterBar>
              <FilterSelect label="Account" value={query.account} options={facets.accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
              <SearchBox label="Stream" value={query.q} placeholder="Search stream names" onChange={(q) => update({ q })} />
              <RowCount shown={shown} total={total} noun="streams" />
            </FilterBar>
            <PlacementMatrix
              cluster={cluster}
              rows={rows}
              nodes={facets.nodes}
              nodeViews={snapshot.nodes}
              empty={total === 0 ? "This cluster has no streams" : "No stream matches the filters"}
            />
          </LiveSection>
        </>
      )}
    </LivePage>
  );
}
