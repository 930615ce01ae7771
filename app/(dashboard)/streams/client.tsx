"use client";

import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useLiveList } from "@/components/hooks/use-live-list";
import type { LivePreview } from "@/components/page/live-list";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { FilterBar, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, StreamView } from "@/lib/model/types";
import { DEFAULT_STREAM_SORT, streamSortDir } from "@/lib/view/streams";
import { nextSort, sortParams } from "@/lib/view/url-state";
import { StreamsTable } from "./_components/streams-table";
import { STREAMS_LIST, type StreamsFacets } from "./list";

export type StreamsPreview = LivePreview<StreamView, StreamsFacets>;

export function StreamsClient({ cluster, initial, preview }: { cluster: string; initial: ClusterSnapshot | null; preview: StreamsPreview | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true }, initialHasLists: preview === null });
  const { query, update, rows, facets, shown, total } = useLiveList(live, preview, STREAMS_LIST);

  return (
    <LivePage title="Streams" live={live} description="Depth, growth and how close each stream is to its limits, from each stream's leader.">
      {() => (
        <LiveSection label="Streams" stale={live.stale} className="space-y-3">
          <FilterBar>
            <FilterSelect label="Account" value={query.account} options={facets.accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
            <SearchBox label="Search" value={query.q} placeholder="Stream name or subject" onChange={(q) => update({ q })} />
            <RowCount shown={shown} total={total} noun="streams" />
          </FilterBar>
          <StreamsTable
            cluster={cluster}
            rows={rows}
            sort={query.sort}
            onSort={(key) => update(sortParams(nextSort(query.sort, key, streamSortDir(key)), DEFAULT_STREAM_SORT))}
            empty={total === 0 ? "This cluster has no streams" : "No stream matches the filters"}
          />
        </LiveSection>
      )}
    </LivePage>
  );
}
