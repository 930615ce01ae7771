import type { LiveListSpec } from "@/components/page/live-list";
import type { StreamView } from "@/lib/model/types";
import { accountsOf } from "@/lib/view/placement";
import { searchStreams, sortStreams } from "@/lib/view/streams";
import { parseStreamsQuery, type StreamsQuery } from "./search-params";

export interface StreamsFacets {
  accounts: string[];
}

/** The streams table: every stream, searched and sorted as the URL says. */
export const STREAMS_LIST: LiveListSpec<StreamView, StreamsQuery, StreamView, StreamsFacets> = {
  parse: parseStreamsQuery,
  assets: (snapshot) => snapshot.streams,
  facets: (streams) => ({ accounts: accountsOf(streams) }),
  rows: (streams, query) => sortStreams(searchStreams(streams, query), query.sort),
};
