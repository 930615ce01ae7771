"use client";

import { useDeferredValue, useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useUrlQuery } from "@/components/hooks/use-url-query";
import { FilterBar, FilterCheckbox, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, ConsumerView } from "@/lib/model/types";
import { DEFAULT_CONSUMER_SORT, consumerSortDir, filterConsumers, isFlagged, sortConsumers, streamsOf } from "@/lib/view/consumers";
import { accountsOf } from "@/lib/view/placement";
import { nextSort, sortParams } from "@/lib/view/url-state";
import { LiveSection } from "../_components/live-section";
import { PageHeading } from "../_components/page-heading";
import { WaitingForPoll } from "../_components/waiting-for-poll";
import { ConsumersTable } from "./_components/consumers-table";
import { parseConsumersQuery } from "./search-params";

const NO_CONSUMERS: ConsumerView[] = [];

export function ConsumersClient({ cluster, initial }: { cluster: string; initial: ClusterSnapshot | null }) {
  const live = useClusterStream({ cluster, initial, include: { consumers: true } });
  const [query, update] = useUrlQuery(parseConsumersQuery);
  const view = useDeferredValue(query);
  const consumers = live.snapshot?.consumers ?? NO_CONSUMERS;
  const filtered = useMemo(() => filterConsumers(consumers, view), [consumers, view]);
  const rows = useMemo(() => sortConsumers(filtered, view.sort), [filtered, view.sort]);
  const accounts = useMemo(() => accountsOf(consumers), [consumers]);
  const streams = useMemo(() => streamsOf(consumers), [consumers]);
  const flagged = useMemo(() => consumers.filter(isFlagged).length, [consumers]);

  return (
    <div className="space-y-6">
      <PageHeading title="Consumers" live={live}>
        <p className="text-sm text-slate-500">
          Unprocessed work, acks outstanding and delivery activity, from each consumer&apos;s leader.
          {flagged > 0 && (
            <strong className="ml-1 text-amber-800">
              {flagged} {flagged === 1 ? "consumer needs" : "consumers need"} attention.
            </strong>
          )}
        </p>
      </PageHeading>
      {live.snapshot ? (
        <LiveSection label="Consumers" stale={live.stale} className="space-y-3">
          <FilterBar>
            <FilterSelect label="Account" value={query.account} options={accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
            <FilterSelect label="Stream" value={query.stream} options={streams} allLabel="All streams" onChange={(stream) => update({ stream })} />
            <SearchBox label="Search" value={query.q} placeholder="Consumer or stream name" onChange={(q) => update({ q })} />
            <FilterCheckbox label="Stalled or falling behind only" checked={query.flagged} onChange={(on) => update({ flagged: on ? "1" : null })} />
            <RowCount shown={rows.length} total={consumers.length} noun="consumers" />
          </FilterBar>
          <ConsumersTable
            cluster={cluster}
            rows={rows}
            sort={query.sort}
            onSort={(key) => update(sortParams(nextSort(query.sort, key, consumerSortDir(key)), DEFAULT_CONSUMER_SORT))}
            empty={consumers.length === 0 ? "This cluster has no consumers" : "No consumer matches the filters"}
          />
        </LiveSection>
      ) : (
        <WaitingForPoll />
      )}
    </div>
  );
}
