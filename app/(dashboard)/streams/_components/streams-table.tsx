"use client";

import { useMemo } from "react";
import { useNow } from "@/components/hooks/use-cluster-stream";
import { leaderColumn, linkColumn, type ListTableProps } from "@/components/tables/columns";
import { VirtualTable, type Column, type DataAttributes } from "@/components/tables/virtual-table";
import { formatBytes, formatCount } from "@/lib/format";
import type { StreamView } from "@/lib/model/types";
import { exactCount, rateValue, shortAge } from "@/lib/view/describe";
import { streamHref } from "@/lib/view/hrefs";
import { ageMs, formatSaturation, isSaturated, saturationPercent, type StreamSortKey } from "@/lib/view/streams";

/** A limit column: usage as % of the limit, "—" without one, highlighted from 90 %. */
function saturationColumn(
  id: "messages" | "bytes" | "consumers",
  header: string,
  sortKey: StreamSortKey,
  used: (s: StreamView) => number | null,
  limit: (s: StreamView) => number | null,
  format: (n: number | null) => string,
): Column<StreamView, StreamSortKey> {
  return {
    id: `${id}-saturation`,
    header,
    headerTitle: `${id} as a share of the stream's limit`,
    sortKey,
    width: "4.5rem",
    align: "right",
    cell: (s) => formatSaturation(saturationPercent(used(s), limit(s))),
    cellAttributes: (s) => {
      const pct = saturationPercent(used(s), limit(s));
      const attributes: DataAttributes & { title?: string; className?: string } = {
        "data-testid": `${id}-saturation`,
        "data-level": pct === null ? "none" : isSaturated(pct) ? "high" : "ok",
        title: limit(s) === null ? "no limit" : `${format(used(s))} of ${format(limit(s))}`,
      };
      if (isSaturated(pct)) attributes.className = "bg-red-100 font-semibold text-red-800";
      return attributes;
    },
  };
}

const rowAttributes = (s: StreamView) => ({ "data-stream": `${s.account}/${s.name}` });
const rowKey = (s: StreamView) => `${s.account}/${s.name}`;

export function StreamsTable({ cluster, ...table }: ListTableProps<StreamView, StreamSortKey>) {
  const now = useNow();
  const columns = useMemo(
    (): Column<StreamView, StreamSortKey>[] => [
      { id: "account", header: "Account", sortKey: "account", width: "4.5rem", cell: (s) => s.account },
      linkColumn({ id: "name", header: "Name", sortKey: "name", width: "7rem", text: (s) => s.name, href: (s) => streamHref(cluster, s.account, s.name), strong: true }),
      {
        id: "subjects",
        header: "Subjects",
        sortKey: "subjects",
        width: "6.5rem",
        cell: (s) => s.subjects.join(", ") || "—",
        cellAttributes: (s) => ({ title: s.subjects.join("\n") }),
      },
      { id: "storage", header: "Storage", sortKey: "storage", width: "4.25rem", cell: (s) => s.storage ?? "—" },
      { id: "replicas", header: "R", headerTitle: "configured replicas", sortKey: "replicas", width: "2.25rem", align: "right", cell: (s) => s.numReplicas ?? "—" },
      leaderColumn({ sortKey: "leader", width: "5.5rem", testId: "stream-leader" }),
      {
        id: "messages",
        header: "Messages",
        sortKey: "messages",
        width: "5.5rem",
        align: "right",
        cell: (s) => formatCount(s.messages),
        cellAttributes: (s) => ({ title: exactCount(s.messages), "data-testid": "stream-messages" }),
      },
      { id: "bytes", header: "Bytes", sortKey: "bytes", width: "5rem", align: "right", cell: (s) => formatBytes(s.bytes) },
      {
        id: "growth",
        header: "Msgs/s",
        headerTitle: "growth: messages stored per second",
        sortKey: "growth",
        width: "4.5rem",
        align: "right",
        cell: (s) => rateValue(s.msgsPerSec),
      },
      { id: "consumers", header: "Cons.", headerTitle: "consumers", sortKey: "consumers", width: "3.75rem", align: "right", cell: (s) => formatCount(s.consumerCount) },
      saturationColumn("messages", "Msgs %", "messagesSaturation", (s) => s.messages, (s) => s.maxMsgs, exactCount),
      saturationColumn("bytes", "Bytes %", "bytesSaturation", (s) => s.bytes, (s) => s.maxBytes, formatBytes),
      saturationColumn("consumers", "Cons. %", "consumersSaturation", (s) => s.consumerCount, (s) => s.maxConsumers, exactCount),
      { id: "retention", header: "Retention", sortKey: "retention", width: "5.5rem", cell: (s) => s.retention ?? "—" },
      {
        id: "first",
        header: "Oldest",
        headerTitle: "age of the first (oldest) stored message",
        sortKey: "firstAge",
        width: "5.25rem",
        align: "right",
        cell: (s) => shortAge(ageMs(s.firstTs, now)),
        cellAttributes: (s) => ({ title: s.firstTs ?? undefined }),
      },
      {
        id: "last",
        header: "Newest",
        headerTitle: "age of the last (newest) stored message",
        sortKey: "lastAge",
        width: "5.25rem",
        align: "right",
        cell: (s) => shortAge(ageMs(s.lastTs, now)),
        cellAttributes: (s) => ({ title: s.lastTs ?? undefined }),
      },
    ],
    [cluster, now],
  );
  return (
    <VirtualTable label="Streams" testId="streams-table" columns={columns} rowKey={rowKey} rowAttributes={rowAttributes} {...table} />
  );
}
