import { AppLink } from "@/components/ui/app-link";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatExact, formatLatencyMs } from "@/lib/format";
import type { AckLatency } from "@/lib/model/types";
import { consumerHref } from "@/lib/view/hrefs";

/** Delivery → ack per consumer with sample_freq set, as its server measured the sampled acks of the last 5 minutes. */
export function AckLatencyTable({ cluster, acks }: { cluster: string; acks: AckLatency[] }) {
  return (
    <Table testId="ack-latency" label="Consumer ack latency">
      <TableHead>
        <Th>Consumer</Th>
        <Th align="right">p50</Th>
        <Th align="right">p99</Th>
        <Th align="right">max</Th>
        <Th align="right">Sampled acks</Th>
        <Th align="right" title="sampled acks of messages delivered more than once">
          Redelivered
        </Th>
      </TableHead>
      <tbody>
        {acks.map((a) => (
          <Tr key={`${a.stream}/${a.consumer}`} data-consumer={`${a.stream}/${a.consumer}`}>
            <Td className="font-medium">
              {a.account ? (
                <AppLink href={consumerHref(cluster, a.account, a.stream, a.consumer)} className="hover:underline">
                  {a.account} › {a.stream} › {a.consumer}
                </AppLink>
              ) : (
                `${a.stream} › ${a.consumer}`
              )}
            </Td>
            <Td align="right">{formatLatencyMs(a.figures.p50Ms)}</Td>
            <Td align="right">{formatLatencyMs(a.figures.p99Ms)}</Td>
            <Td align="right">{formatLatencyMs(a.figures.maxMs)}</Td>
            <Td align="right">{formatExact(a.figures.count)}</Td>
            <Td align="right">{formatExact(a.redelivered)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
