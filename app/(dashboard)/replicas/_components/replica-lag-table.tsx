"use client";

import { useMemo } from "react";
import { useNow } from "@/components/hooks/use-cluster-stream";
import { VirtualTable, type Column } from "@/components/tables/virtual-table";
import { AppLink } from "@/components/ui/app-link";
import { agoText, exactCount, laggingFor } from "@/lib/view/describe";
import { streamHref } from "@/lib/view/hrefs";
import type { LaggingReplica, ReplicaSortKey } from "@/lib/view/replicas";
import type { SortState } from "@/lib/view/url-state";

function State({ row }: { row: LaggingReplica }) {
  const r = row.replica;
  return (
    <span className="inline-flex gap-1">
      <span className={r.current ? "text-green-700" : "font-medium text-amber-800"}>{r.current ? "current" : "outdated"}</span>
      {r.offline && <span className="rounded bg-red-100 px-1 text-xs font-bold text-red-800">OFFLINE</span>}
    </span>
  );
}

export function ReplicaLagTable({
  cluster,
  rows,
  sort,
  onSort,
  selectedKey,
  onSelect,
  empty,
}: {
  cluster: string;
  rows: LaggingReplica[];
  sort: SortState<ReplicaSortKey>;
  onSort: (key: ReplicaSortKey) => void;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  empty: string;
}) {
  const now = useNow();
  const columns = useMemo(
    (): Column<LaggingReplica, ReplicaSortKey>[] => [
      {
        id: "stream",
        header: "Stream",
        sortKey: "stream",
        width: "14rem",
        cell: (row) => (
          <button
            type="button"
            aria-pressed={row.key === selectedKey}
            title="Show this replica's lag trend"
            onClick={(e) => {
              // The row's own click handler would toggle it a second time.
              e.stopPropagation();
              onSelect(row.key);
            }}
            className="font-medium text-sky-800 hover:underline"
          >
            {row.stream}
          </button>
        ),
      },
      { id: "account", header: "Account", sortKey: "account", width: "8rem", cell: (row) => row.account },
      {
        id: "node",
        header: "Node",
        sortKey: "node",
        width: "8rem",
        cell: (row) => row.replica.name,
        cellAttributes: (row) => ({ "data-testid": "replica-node", "data-node": row.replica.name }),
      },
      { id: "state", header: "State", sortKey: "state", width: "9rem", cell: (row) => <State row={row} /> },
      {
        id: "lag",
        header: "Ops behind",
        headerTitle: "Raft operations behind the stream leader",
        sortKey: "lag",
        width: "8rem",
        align: "right",
        cell: (row) => exactCount(row.replica.lag),
        cellAttributes: (row) => ({ "data-testid": "replica-lag", "data-value": row.replica.lag }),
      },
      {
        id: "seen",
        header: "Seen",
        headerTitle: "when the stream leader last heard from this replica",
        sortKey: "seen",
        width: "8rem",
        align: "right",
        cell: (row) => agoText(row.replica.activeMs, "not seen"),
      },
      {
        id: "since",
        header: "Lagging",
        headerTitle: "since the dashboard first saw this replica behind",
        sortKey: "since",
        width: "9rem",
        align: "right",
        cell: (row) => <span title={row.replica.laggingSince ?? undefined}>{laggingFor(row.replica.laggingSince, now)}</span>,
      },
      {
        id: "leader",
        header: "Stream leader",
        width: "9rem",
        cell: (row) => (
          <AppLink href={streamHref(cluster, row.account, row.stream)} className="hover:underline">
            {row.streamLeader ?? "—"}
          </AppLink>
        ),
      },
    ],
    [cluster, now, selectedKey, onSelect],
  );
  return (
    <VirtualTable
      label="Lagging replicas"
      testId="replica-lag-table"
      rows={rows}
      columns={columns}
      rowKey={(row) => row.key}
      rowAttributes={(row) => ({ "data-replica": row.key, className: row.replica.offline ? "bg-red-50" : "" })}
      sort={sort}
      onSort={onSort}
      selectedKey={selectedKey}
      onRowClick={(row) => onSelect(row.key)}
      empty={empty}
    />
  );
}
