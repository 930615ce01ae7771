"use client";

import { useDeferredValue, useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useUrlQuery } from "@/components/hooks/use-url-query";
import { FilterBar, FilterCheckbox, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, ConsumerView } from "@/lib/model/types";
import { isFlagged } from "@/lib/model/trouble";
import { DEFAULT_CONSUMER_SORT, consumerSortDir, filterConsumers, sortConsumers, streamsOf } from "@/lib/view/consumers";
import type { ListPreview } from "@/lib/view/first-paint";
import { accountsOf } from "@/lib/view/placement";
import { nextSort, sortParams } from "@/lib/view/url-state";
import { LiveSection } from "../_components/live-section";
import { PageHeading } from "../_components/page-heading";
import { WaitingForPoll } from "../_components/waiting-for-poll";
import { ConsumersTable } from "./_components/consumers-table";
import { parseConsumersQuery } from "./search-params";

const NO_CONSUMERS: ConsumerView[] = [];

export type ConsumersPreview = ListPreview<ConsumerView> & { accounts: string[]; streams: string[]; flagged: number };

export function ConsumersClient({ cluster, initial, preview }: { cluster: string; initial: ClusterSnapshot | null; preview: ConsumersPreview | null }) {
  const live = useClusterStream({ cluster, initial, include: { consumers: true }, initialHasLists: preview === null });
  const [query, update] = useUrlQuery(parseConsumersQuery);
  const view = useDeferredValue(query);
  // Until the live stream brings every consumer, the server's preview of the first rows stands in.
  const previewing = !live.hasLists && preview !== null;
  const consumers = live.snapshot?.consumers ?? NO_CONSUMERS;
  const filtered = useMemo(() => filterConsumers(consumers, view), [consumers, view]);
  const sorted = useMemo(() => sortConsumers(filtered, view.sort), [filtered, view.sort]);
  const liveAccounts = useMemo(() => accountsOf(consumers), [consumers]);
  const liveStreams = useMemo(() => streamsOf(consumers), [consumers]);
  const liveFlagged = useMemo(() => consumers.filter(isFlagged).length, [consumers]);
  const rows = previewing ? preview.rows : sorted;
  const accounts = previewing ? preview.accounts : liveAccounts;
  const streams = previewing ? preview.streams : liveStreams;
  const flagged = previewing ? preview.flagged : liveFlagged;
  const shown = previewing ? preview.matched : rows.length;
  const total = previewing ? preview.total : consumers.length;

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
      ) : (
        <WaitingForPoll />
      )}
    </div>
  );
}
