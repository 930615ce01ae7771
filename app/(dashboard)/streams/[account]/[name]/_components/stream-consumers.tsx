"use client";

import { ConsumerFlags } from "@/components/status/consumer-flags";
import { leaderColumn, linkColumn } from "@/components/tables/columns";
import { VirtualTable, type Column } from "@/components/tables/virtual-table";
import { formatCount } from "@/lib/format";
import type { ConsumerView } from "@/lib/model/types";
import { rateValue } from "@/lib/view/describe";
import { consumerHref } from "@/lib/view/hrefs";

const rowKey = (c: ConsumerView) => `${c.account}/${c.stream}/${c.name}`;
const rowAttributes = (c: ConsumerView) => ({ "data-consumer": rowKey(c) });

/** The stream's consumers with their leaders; the consumers page has every column. */
export function StreamConsumers({ cluster, consumers }: { cluster: string; consumers: ConsumerView[] }) {
  const columns: Column<ConsumerView>[] = [
    linkColumn({ id: "name", header: "Consumer", text: (c) => c.name, href: (c) => consumerHref(cluster, c.account, c.stream, c.name), strong: true }),
    leaderColumn({ width: "14rem", testId: "consumer-leader" }),
    { id: "unprocessed", header: "Unprocessed", width: "8rem", align: "right", cell: (c) => formatCount(c.numPending) },
    { id: "ack-pending", header: "Ack pending", width: "8rem", align: "right", cell: (c) => formatCount(c.numAckPending) },
    { id: "ack-rate", header: "Acks/s", width: "6rem", align: "right", cell: (c) => rateValue(c.ackPerSec) },
    { id: "flags", header: "Flags", width: "14rem", cell: (c) => <ConsumerFlags consumer={c} /> },
  ];
  return (
    <section aria-label="Consumers of this stream" className="space-y-2">
      <h2 className="font-semibold">Consumers ({consumers.length})</h2>
      <VirtualTable
        label="Consumers of this stream"
        testId="stream-consumers"
        rows={consumers}
        columns={columns}
        rowKey={rowKey}
        rowAttributes={rowAttributes}
        maxHeight="24rem"
        empty="This stream has no consumers"
      />
    </section>
  );
}
