"use client";

import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useLiveList } from "@/components/hooks/use-live-list";
import type { LivePreview } from "@/components/page/live-list";
import { LivePage } from "@/components/page/live-page";
import { LiveSection } from "@/components/page/live-section";
import { FilterBar, FilterCheckbox, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, ConsumerView } from "@/lib/model/types";
import { DEFAULT_CONSUMER_SORT, consumerSortDir } from "@/lib/view/consumers";
import { nextSort, sortParams } from "@/lib/view/url-state";
import { ConsumersTable } from "./_components/consumers-table";
import { CONSUMERS_LIST, type ConsumersFacets } from "./list";

export type ConsumersPreview = LivePreview<ConsumerView, ConsumersFacets>;

export function ConsumersClient({ cluster, initial, preview }: { cluster: string; initial: ClusterSnapshot | null; preview: ConsumersPreview | null }) {
  const live = useClusterStream({ cluster, initial, include: { consumers: true }, initialHasLists: preview === null });
  const { query, update, rows, facets, shown, total } = useLiveList(live, preview, CONSUMERS_LIST);
  const { flagged } = facets;

  return (
    <LivePage
      title="Consumers"
      live={live}
      description={
        <>
          Unprocessed work, acks outstanding and delivery activity, from each consumer&apos;s leader.
          {flagged > 0 && (
            <strong className="ml-1 text-amber-800">
              {flagged} {flagged === 1 ? "consumer needs" : "consumers need"} attention.
            </strong>
          )}
        </>
      }
    >
      {() => (
        <LiveSection label="Consumers" stale={live.stale} className="space-y-3">
          <FilterBar>
            <FilterSelect label="Account" value={query.account} options={facets.accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
            <FilterSelect label="Stream" value={query.stream} options={facets.streams} allLabel="All streams" onChange={(stream) => update({ stream })} />
            <SearchBox label="Search" value={query.q} placeholder="Consumer or stream name" onChange={(q) => update({ q })} />
            <FilterCheckbox label="Stalled or falling behind only" checked={query.flagged} onChange={(on) => update({ flagged: on ? "1" : null })} />
            <RowCount shown={shown} total={total} noun="consumers" />
          </FilterBar>
          <ConsumersTable
            cluster={cluster}
            rows={rows}
            sort={query.sort}
            onSort={(key) => update(sortParams(nextSort(query.sort, key, consumerSortDir(key)), DEFAULT_CONSUMER_SORT))}
            empty={total === 0 ? "This cluster has no consumers" : "No consumer matches the filters"}
          />
        </LiveSection>
      )}
    </LivePage>
  );
}
