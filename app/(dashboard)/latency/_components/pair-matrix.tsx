import { VERDICT_CLASS } from "@/components/status/latency-verdict";
import { formatExact, formatLatencyMs } from "@/lib/format";
import type { LatencyView } from "@/lib/model/types";
import { pairMatrix } from "@/lib/view/latency";

/** Every ordered pair of nodes: published on the row's node, delivered on the column's; p50 / p99 of the last 5 minutes. */
export function PairMatrix({ latency }: { latency: LatencyView }) {
  const { nodes, rows } = pairMatrix(latency);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table data-testid="pair-matrix" aria-label="End-to-end latency by node pair" className="text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 text-left font-medium">from ↓ · to →</th>
            {nodes.map((n) => (
              <th key={n} className="px-3 py-2 text-right font-medium">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.from} className="border-t border-slate-100">
              <th scope="row" className="px-3 py-1.5 text-left font-medium">
                {row.from}
              </th>
              {row.cells.map((cell, i) => (
                <td
                  key={nodes[i]}
                  data-pair={`${row.from}>${nodes[i]}`}
                  className={`px-3 py-1.5 text-right tabular-nums ${cell?.verdict && cell.verdict !== "ok" ? VERDICT_CLASS[cell.verdict] : ""}`}
                  title={
                    cell
                      ? `${row.from} → ${nodes[i]}: ${formatExact(cell.figures.count)} deliveries, ${cell.figures.timeouts} timed out; max ${formatLatencyMs(cell.figures.maxMs)}`
                      : "no probes yet"
                  }
                >
                  {cell ? (
                    <>
                      {formatLatencyMs(cell.figures.p50Ms)} <span className="text-slate-400">/</span> {formatLatencyMs(cell.figures.p99Ms)}
                      {cell.figures.timeouts > 0 && <span className="block text-xs text-crit-ink">{cell.figures.timeouts} timed out</span>}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
