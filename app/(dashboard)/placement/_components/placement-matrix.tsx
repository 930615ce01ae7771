"use client";

import { useMemo } from "react";
import { NODE_STATUS_LABEL } from "@/components/status/status-styles";
import { VirtualTable, type Column } from "@/components/tables/virtual-table";
import { AppLink } from "@/components/ui/app-link";
import { isAnswering } from "@/lib/model/assets";
import type { NodeStatus, NodeView } from "@/lib/model/types";
import { TRUTH_LABEL, opsBehind, seenAgo } from "@/lib/view/describe";
import { streamHref } from "@/lib/view/hrefs";
import type { PlacementCell, PlacementRow } from "@/lib/view/placement";

const ROW_TONE: Record<PlacementRow["trouble"], string> = { 0: "bg-red-50", 1: "bg-amber-50", 2: "", 3: "" };

/**
 * A column's header: the node, and its own status when the dashboard cannot reach it — the fast
 * signal, seen before its streams' leaders notice the follower is gone.
 */
function NodeHeader({ name, status }: { name: string; status: NodeStatus | undefined }) {
  const reachable = status === undefined || isAnswering({ status });
  return (
    <span data-node-status={status}>
      {name}
      {!reachable && <span className="ml-1.5 rounded bg-red-100 px-1 font-semibold uppercase text-red-800">{NODE_STATUS_LABEL[status]}</span>}
    </span>
  );
}

function cellText(cell: PlacementCell, row: PlacementRow): string {
  const r = cell.replica;
  switch (cell.role) {
    case "leader":
      return row.stream.truth === "leader-unreachable" ? "leader · not answering" : "leader";
    case "current":
      return "current";
    case "lagging":
      return `${r && r.lag > 0 ? opsBehind(r.lag) : "outdated"} · ${seenAgo(r?.activeMs ?? null)}`;
    case "offline":
      return `offline · ${seenAgo(r?.activeMs ?? null)}`;
    case "unknown":
      return "replica · state unknown";
    case "none":
      return "";
  }
}

const CELL_TONE: Record<PlacementCell["role"], string> = {
  leader: "",
  current: "text-green-700",
  lagging: "font-medium text-amber-800",
  offline: "font-semibold text-red-700",
  unknown: "text-slate-500 italic",
  none: "",
};

function Cell({ cell, row }: { cell: PlacementCell; row: PlacementRow }) {
  const text = cellText(cell, row);
  if (cell.role === "leader")
    return row.stream.truth === "leader-unreachable" ? (
      <span className="rounded px-1.5 py-0.5 text-xs font-bold text-red-700 ring-1 ring-red-600">{text}</span>
    ) : (
      <strong className="rounded bg-indigo-600 px-1.5 py-0.5 text-xs font-bold uppercase tracking-wide text-white">{text}</strong>
    );
  return <span className={CELL_TONE[cell.role]}>{text}</span>;
}

function statusTitle(row: PlacementRow): string | undefined {
  const s = row.stream;
  if (s.truth !== "leader") return [TRUTH_LABEL[s.truth], s.truthNote].filter(Boolean).join(" — ");
  return s.underReplicated ? "fewer followers than configured, or a follower is offline" : undefined;
}

function StatusText({ row }: { row: PlacementRow }) {
  const s = row.stream;
  if (s.truth !== "leader")
    return (
      <span className="text-red-700" data-testid="truth-note">
        <strong className="font-semibold">{TRUTH_LABEL[s.truth]}</strong>
        {s.truthNote && ` — ${s.truthNote}`}
      </span>
    );
  if (s.underReplicated) return <span className="font-semibold text-amber-800">under-replicated</span>;
  if (row.trouble === 2) return <span className="text-amber-800">follower behind</span>;
  return <span className="text-slate-500">ok</span>;
}

export function PlacementMatrix({
  cluster,
  rows,
  nodes,
  nodeViews,
  empty,
}: {
  cluster: string;
  rows: PlacementRow[];
  nodes: string[];
  nodeViews: NodeView[];
  empty: string;
}) {
  // Columns are rebuilt only when a node's status changes, not on every poll.
  const statusKey = nodeViews.map((n) => `${n.name}=${n.status}`).join("\n");
  const columns = useMemo((): Column<PlacementRow>[] => {
    const statusOf = new Map(statusKey.split("\n").map((entry) => entry.split("=") as [string, NodeStatus]));
    return [
      {
        id: "stream",
        header: "Stream",
        width: "15rem",
        cell: (row) => (
          <AppLink href={streamHref(cluster, row.stream.account, row.stream.name)} className="hover:underline" title={`${row.stream.account} / ${row.stream.name}`}>
            <span className="text-xs text-slate-500">{row.stream.account} / </span>
            <span className="font-medium">{row.stream.name}</span>
          </AppLink>
        ),
      },
      {
        id: "replicas",
        header: "R",
        headerTitle: "configured replicas",
        width: "3rem",
        align: "right",
        cell: (row) => row.stream.numReplicas ?? "—",
      },
      ...nodes.map(
        (node, i): Column<PlacementRow> => ({
          id: `node-${node}`,
          header: <NodeHeader name={node} status={statusOf.get(node)} />,
          cell: (row) => <Cell cell={row.cells[i]} row={row} />,
          cellAttributes: (row) => ({
            "data-node": node,
            "data-role": row.cells[i].role,
            title: cellText(row.cells[i], row) || undefined,
            className: "border-l border-slate-100",
          }),
        }),
      ),
      { id: "status", header: "Status", width: "16rem", cell: (row) => <StatusText row={row} />, cellAttributes: (row) => ({ title: statusTitle(row) }) },
    ];
  }, [cluster, nodes, statusKey]);

  return (
    <VirtualTable
      label="Leader placement: streams by nodes"
      testId="placement-matrix"
      rows={rows}
      columns={columns}
      rowKey={(row) => row.key}
      rowAttributes={(row) => ({ "data-stream": row.key, "data-trouble": row.trouble, className: ROW_TONE[row.trouble] })}
      empty={empty}
    />
  );
}
