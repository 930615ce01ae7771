import type { LiveListSpec } from "@/components/page/live-list";
import type { ConsumerView } from "@/lib/model/types";
import { isFlagged } from "@/lib/model/trouble";
import { filterConsumers, sortConsumers, streamsOf } from "@/lib/view/consumers";
import { accountsOf } from "@/lib/view/placement";
import { parseConsumersQuery, type ConsumersQuery } from "./search-params";

export interface ConsumersFacets {
  accounts: string[];
  streams: string[];
  /** Consumers stalled or falling behind. */
  flagged: number;
}

/**
 * The consumers table. unprocessedPercent already relates each consumer to its stream, so the
 * page needs no stream list.
 */
export const CONSUMERS_LIST: LiveListSpec<ConsumerView, ConsumersQuery, ConsumerView, ConsumersFacets> = {
  parse: parseConsumersQuery,
  assets: (snapshot) => snapshot.consumers,
  facets: (consumers) => ({ accounts: accountsOf(consumers), streams: streamsOf(consumers), flagged: consumers.filter(isFlagged).length }),
  rows: (consumers, query) => sortConsumers(filterConsumers(consumers, query), query.sort),
};
