import { CONSUMER_SORT_KEYS, DEFAULT_CONSUMER_SORT, consumerSortDir, type ConsumerSortKey } from "@/lib/view/consumers";
import { readParam, readSort, type ParamSource, type SortState } from "@/lib/view/url-state";

export interface ConsumersQuery {
  account: string | null;
  stream: string | null;
  /** Only stalled or falling-behind consumers (`flagged=1`). */
  flagged: boolean;
  /** Search in consumer and stream names. */
  q: string;
  sort: SortState<ConsumerSortKey>;
}

export function parseConsumersQuery(params: ParamSource): ConsumersQuery {
  return {
    account: readParam(params, "account"),
    stream: readParam(params, "stream"),
    flagged: readParam(params, "flagged") === "1",
    q: readParam(params, "q") ?? "",
    sort: readSort(params, CONSUMER_SORT_KEYS, DEFAULT_CONSUMER_SORT, consumerSortDir),
  };
}
