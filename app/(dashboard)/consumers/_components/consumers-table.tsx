"use client";

import { useMemo } from "react";
import { useNow } from "@/components/hooks/use-cluster-stream";
import { ConsumerFlags } from "@/components/status/consumer-flags";
import { leaderColumn, linkColumn, type ListTableProps } from "@/components/tables/columns";
import { VirtualTable, type Column } from "@/components/tables/virtual-table";
import { formatCount } from "@/lib/format";
import type { ConsumerView } from "@/lib/model/types";
import { ackPendingPercent, type ConsumerSortKey } from "@/lib/view/consumers";
import { exactCount, rateValue, shortAge } from "@/lib/view/describe";
import { consumerHref, streamHref } from "@/lib/view/hrefs";
import { ageMs, formatSaturation, isSaturated } from "@/lib/view/streams";

const rowKey = (c: ConsumerView) => `${c.account}/${c.stream}/${c.name}`;
const rowAttributes = (c: ConsumerView) => ({
  "data-consumer": rowKey(c),
  className: c.stalled ? "bg-red-50" : c.fallingBehind ? "bg-amber-50" : "",
});

function Unprocessed({ consumer }: { consumer: ConsumerView }) {
  if (consumer.numPending === null) return <>—</>;
  return (
    <>
      {exactCount(consumer.numPending)}
      {consumer.unprocessedPercent !== null && <span className="ml-1 text-xs text-slate-500">{formatSaturation(consumer.unprocessedPercent)}</span>}
    </>
  );
}

function AckPending({ consumer }: { consumer: ConsumerView }) {
  if (consumer.numAckPending === null) return <>—</>;
  const pct = ackPendingPercent(consumer);
  return (
    <span className={isSaturated(pct) ? "font-semibold text-red-800" : ""}>
      {formatCount(consumer.numAckPending)}
      <span className="text-xs text-slate-500"> / {consumer.maxAckPending !== null && consumer.maxAckPending > 0 ? formatCount(consumer.maxAckPending) : "∞"}</span>
    </span>
  );
}

export function ConsumersTable({ cluster, ...table }: ListTableProps<ConsumerView, ConsumerSortKey>) {
  const now = useNow();
  const columns = useMemo(
    (): Column<ConsumerView, ConsumerSortKey>[] => [
      { id: "account", header: "Account", sortKey: "account", width: "4.5rem", cell: (c) => c.account },
      linkColumn({ id: "stream", header: "Stream", sortKey: "stream", width: "7rem", text: (c) => c.stream, href: (c) => streamHref(cluster, c.account, c.stream) }),
      linkColumn({
        id: "name",
        header: "Consumer",
        sortKey: "name",
        width: "9.5rem",
        text: (c) => c.name,
        href: (c) => consumerHref(cluster, c.account, c.stream, c.name),
        strong: true,
      }),
      leaderColumn({ sortKey: "leader", width: "6.25rem" }),
      {
        id: "unprocessed",
        header: "Unprocessed",
        headerTitle: "messages not yet delivered (num_pending), and their share of the stream",
        sortKey: "unprocessed",
        width: "7.5rem",
        align: "right",
        cell: (c) => <Unprocessed consumer={c} />,
        cellAttributes: (c) => ({ "data-testid": "unprocessed", "data-value": c.numPending ?? undefined }),
      },
      {
        id: "ack-pending",
        header: "Ack pending",
        headerTitle: "delivered, awaiting ack / max_ack_pending",
        sortKey: "ackPending",
        width: "7rem",
        align: "right",
        cell: (c) => <AckPending consumer={c} />,
        cellAttributes: (c) => ({ "data-testid": "ack-pending", "data-value": c.numAckPending ?? undefined }),
      },
      {
        id: "redelivered",
        header: "Redelivered",
        sortKey: "redelivered",
        width: "6.25rem",
        align: "right",
        cell: (c) => formatCount(c.numRedelivered),
      },
      {
        id: "waiting",
        header: "Waiting",
        headerTitle: "pull requests waiting",
        sortKey: "waiting",
        width: "4.5rem",
        align: "right",
        cell: (c) => formatCount(c.numWaiting),
      },
      {
        id: "last-delivery",
        header: "Last delivery",
        headerTitle: "time since the last delivery",
        sortKey: "lastDelivery",
        width: "6rem",
        align: "right",
        cell: (c) => shortAge(ageMs(c.lastDeliveryAt, now), "never"),
        cellAttributes: (c) => ({ title: c.lastDeliveryAt ?? "never" }),
      },
      {
        id: "last-ack",
        header: "Last ack",
        headerTitle: "time since the last ack",
        sortKey: "lastAck",
        width: "6rem",
        align: "right",
        cell: (c) => shortAge(ageMs(c.lastAckAt, now), "never"),
        cellAttributes: (c) => ({ title: c.lastAckAt ?? "never" }),
      },
      {
        id: "ack-rate",
        header: "Acks/s",
        headerTitle: "deliveries acknowledged per second",
        sortKey: "ackRate",
        width: "4.5rem",
        align: "right",
        cell: (c) => rateValue(c.ackPerSec),
      },
      {
        id: "flags",
        header: "Flags",
        sortKey: "flags",
        cell: (c) => <ConsumerFlags consumer={c} />,
      },
    ],
    [cluster, now],
  );
  return (
    <VirtualTable label="Consumers" testId="consumers-table" columns={columns} rowKey={rowKey} rowAttributes={rowAttributes} {...table} />
  );
}
