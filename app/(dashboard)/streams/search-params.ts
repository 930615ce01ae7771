import { DEFAULT_STREAM_SORT, STREAM_SORT_KEYS, streamSortDir, type StreamSortKey } from "@/lib/view/streams";
import { readParam, readSort, type ParamSource, type SortState } from "@/lib/view/url-state";

export interface StreamsQuery {
  account: string | null;
  /** Search in stream names and subjects. */
  q: string;
  sort: SortState<StreamSortKey>;
}

export function parseStreamsQuery(params: ParamSource): StreamsQuery {
  return {
    account: readParam(params, "account"),
    q: readParam(params, "q") ?? "",
    sort: readSort(params, STREAM_SORT_KEYS, DEFAULT_STREAM_SORT, streamSortDir),
  };
}
