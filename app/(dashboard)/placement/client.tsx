"use client";

import { useDeferredValue, useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useUrlQuery } from "@/components/hooks/use-url-query";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { MetaPanel } from "@/components/status/meta-panel";
import { FilterBar, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, StreamView } from "@/lib/model/types";
import type { ListPreview } from "@/lib/view/first-paint";
import { accountsOf, filterStreams, placementNodes, placementRows, type PlacementRow } from "@/lib/view/placement";
import { NodePlacementCards } from "./_components/node-placement-cards";
import { PlacementMatrix } from "./_components/placement-matrix";
import { parsePlacementQuery } from "./search-params";

const NO_STREAMS: StreamView[] = [];

export type PlacementPreview = ListPreview<PlacementRow> & { accounts: string[]; nodes: string[] };

export function PlacementClient({ cluster, initial, preview }: { cluster: string; initial: ClusterSnapshot | null; preview: PlacementPreview | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true }, initialHasLists: preview === null });
  const [query, update] = useUrlQuery(parsePlacementQuery);
  const filter = useDeferredValue(query);
  const snapshot = live.snapshot;
  // Until the live stream brings every stream, the server's preview of the first rows stands in.
  const previewing = !live.hasLists && preview !== null;
  const streams = snapshot?.streams ?? NO_STREAMS;
  // Node names rarely change while the head of the snapshot is new every poll: key on the names.
  const polledNodes = snapshot?.nodes.map((n) => n.name).join("\n") ?? "";
  const liveNodes = useMemo(() => placementNodes(polledNodes ? polledNodes.split("\n") : [], streams), [polledNodes, streams]);
  const liveRows = useMemo(() => placementRows(filterStreams(streams, filter), liveNodes), [streams, filter, liveNodes]);
  const liveAccounts = useMemo(() => accountsOf(streams), [streams]);
  const nodes = previewing ? preview.nodes : liveNodes;
  const rows = previewing ? preview.rows : liveRows;
  const accounts = previewing ? preview.accounts : liveAccounts;
  const shown = previewing ? preview.matched : rows.length;
  const total = previewing ? preview.total : streams.length;

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
              <RowCount shown={shown} total={total} noun="streams" />
            </FilterBar>
            <PlacementMatrix
              cluster={cluster}
              rows={rows}
              nodes={nodes}
              nodeViews={snapshot.nodes}
              empty={total === 0 ? "This cluster has no streams" : "No stream matches the filters"}
            />
          </LiveSection>
        </>
      ) : (
        <WaitingForPoll />
      )}
    </div>
  );
}
