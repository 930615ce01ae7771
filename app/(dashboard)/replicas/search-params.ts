import { DEFAULT_REPLICA_SORT, REPLICA_SORT_KEYS, replicaSortDir, type ReplicaSortKey } from "@/lib/view/replicas";
import { readParam, readSort, type ParamSource, type SortState } from "@/lib/view/url-state";

export interface ReplicasQuery {
  account: string | null;
  stream: string | null;
  node: string | null;
  sort: SortState<ReplicaSortKey>;
  /** The replica whose lag trend is shown: "ACCOUNT/STREAM/NODE". */
  replica: string | null;
}

export function parseReplicasQuery(params: ParamSource): ReplicasQuery {
  return {
    account: readParam(params, "account"),
    stream: readParam(params, "stream"),
    node: readParam(params, "node"),
    sort: readSort(params, REPLICA_SORT_KEYS, DEFAULT_REPLICA_SORT, replicaSortDir),
    replica: readParam(params, "replica"),
  };
}
