"use client";

import { AppLink } from "@/components/ui/app-link";
import { formatCount } from "@/lib/format";
import { ConsumerFlags } from "@/components/status/consumer-flags";
import { LeaderLabel } from "@/components/status/leader-label";
import { VirtualTable, type Column } from "@/components/tables/virtual-table";
import type { ConsumerView } from "@/lib/model/types";
import { rateValue } from "@/lib/view/describe";
import { consumerHref } from "@/lib/view/hrefs";

const rowKey = (c: ConsumerView) => `${c.account}/${c.stream}/${c.name}`;
const rowAttributes = (c: ConsumerView) => ({ "data-consumer": rowKey(c) });

/** The stream's consumers with their leaders; the consumers page has every column. */
export function StreamConsumers({ cluster, consumers }: { cluster: string; consumers: ConsumerView[] }) {
  const columns: Column<ConsumerView>[] = [
    {
      id: "name",
      header: "Consumer",
      cell: (c) => (
        <AppLink href={consumerHref(cluster, c.account, c.stream, c.name)} className="font-medium text-sky-800 hover:underline">
          {c.name}
        </AppLink>
      ),
    },
    {
      id: "leader",
      header: "Leader",
      width: "14rem",
      cell: (c) => <LeaderLabel leader={c.leader} truth={c.truth} truthNote={c.truthNote} compact />,
      cellAttributes: (c) => ({ "data-testid": "consumer-leader", title: c.truthNote ?? undefined }),
    },
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
