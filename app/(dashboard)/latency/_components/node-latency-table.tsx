import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatLatencyMs, formatSkewMs } from "@/lib/format";
import type { LatencyFigures } from "@/lib/model/types";
import type { NodeLatencyRow } from "@/lib/view/latency";

const p50p99 = (f: LatencyFigures | null) => (f && f.count > 0 ? `${formatLatencyMs(f.p50Ms)} / ${formatLatencyMs(f.p99Ms)}` : "—");

/** Per node: the canary's ping round trip and writes sent through it, and the node's clock against the dashboard's. */
export function NodeLatencyTable({ rows, skewLimitMs }: { rows: NodeLatencyRow[]; skewLimitMs: number }) {
  return (
    <Table testId="node-latency" label="Round trip, writes and clock per node">
      <TableHead>
        <Th>Node</Th>
        <Th align="right" title="client ping → pong on the canary's connection to this node, last 5 min">
          RTT p50 / p99
        </Th>
        <Th align="right" title="JetStream writes published on this node's connection, last 5 min">
          Writes via p50 / p99
        </Th>
        <Th align="right">Writes failed</Th>
        <Th align="right" title={`the node's clock minus the dashboard's, ± half the request's round trip; alerted beyond ± ${skewLimitMs} ms`}>
          Clock
        </Th>
      </TableHead>
      <tbody>
        {rows.map((r) => (
          <Tr key={r.node} data-node={r.node}>
            <Td className="font-medium">
              {r.node}
              {r.connected === false && <span className="ml-2 text-xs text-crit-ink">canary disconnected</span>}
            </Td>
            <Td align="right">{p50p99(r.rtt)}</Td>
            <Td align="right">{p50p99(r.writes)}</Td>
            <Td align="right">{r.writes ? r.writes.timeouts + r.writes.errors : "—"}</Td>
            <Td align="right" data-skew={r.skew} className={r.skew === "off" ? "bg-warn-soft font-semibold text-warn-ink" : ""}>
              {r.clock ? `${formatSkewMs(r.clock.skewMs)} ± ${formatLatencyMs(r.clock.errorMs)}` : "—"}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
