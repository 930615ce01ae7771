"use client";

import { useDeferredValue, useMemo } from "react";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import { useUrlQuery } from "@/components/hooks/use-url-query";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { WaitingForPoll } from "@/components/page/waiting-for-poll";
import { FilterBar, FilterSelect, RowCount, SearchBox } from "@/components/tables/table-filters";
import type { ClusterSnapshot, StreamView } from "@/lib/model/types";
import type { ListPreview } from "@/lib/view/first-paint";
import { accountsOf } from "@/lib/view/placement";
import { DEFAULT_STREAM_SORT, searchStreams, sortStreams, streamSortDir } from "@/lib/view/streams";
import { nextSort, sortParams } from "@/lib/view/url-state";
import { StreamsTable } from "./_components/streams-table";
import { parseStreamsQuery } from "./search-params";

const NO_STREAMS: StreamView[] = [];

export type StreamsPreview = ListPreview<StreamView> & { accounts: string[] };

export function StreamsClient({ cluster, initial, preview }: { cluster: string; initial: ClusterSnapshot | null; preview: StreamsPreview | null }) {
  const live = useClusterStream({ cluster, initial, include: { streams: true }, initialHasLists: preview === null });
  const [query, update] = useUrlQuery(parseStreamsQuery);
  const view = useDeferredValue(query);
  // Until the live stream brings every stream, the server's preview of the first rows stands in.
  const previewing = !live.hasLists && preview !== null;
  const streams = live.snapshot?.streams ?? NO_STREAMS;
  const filtered = useMemo(() => searchStreams(streams, view), [streams, view]);
  const sorted = useMemo(() => sortStreams(filtered, view.sort), [filtered, view.sort]);
  const liveAccounts = useMemo(() => accountsOf(streams), [streams]);
  const rows = previewing ? preview.rows : sorted;
  const accounts = previewing ? preview.accounts : liveAccounts;
  const shown = previewing ? preview.matched : rows.length;
  const total = previewing ? preview.total : streams.length;

  return (
    <div className="space-y-6">
      <PageHeading title="Streams" live={live}>
        <p className="text-sm text-slate-500">Depth, growth and how close each stream is to its limits, from each stream&apos;s leader.</p>
      </PageHeading>
      {live.snapshot ? (
        <LiveSection label="Streams" stale={live.stale} className="space-y-3">
          <FilterBar>
            <FilterSelect label="Account" value={query.account} options={accounts} allLabel="All accounts" onChange={(account) => update({ account })} />
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
      ) : (
        <WaitingForPoll />
      )}
    </div>
  );
}
