import { formatDurationMs } from "@/lib/format";
import type { MetaView } from "@/lib/model/types";

export function MetaPanel({ meta }: { meta: MetaView }) {
  return (
    <section aria-label="JetStream meta group" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 font-semibold">JetStream meta group</h2>
      <p className="mb-3 text-sm">
        Leader: <strong data-testid="meta-leader">{meta.leader ?? "none"}</strong>
        {meta.clusterSize !== null && <span className="text-slate-500"> · cluster size {meta.clusterSize}</span>}
        {meta.quorumNeeded !== null && <span className="text-slate-500"> · quorum {meta.quorumNeeded}</span>}
      </p>
      {meta.rescueOn.length > 0 && (
        <p className="mb-3 text-sm text-red-700" data-testid="meta-rescue">
          Quorum rescue active on {meta.rescueOn.join(", ")}: the meta group accepts a lowered quorum until the lost peers are removed or the rescue
          expires.
        </p>
      )}
      {meta.note && <p className="mb-3 text-sm text-amber-800">{meta.note}</p>}
      {meta.peers && (
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium">Peer</th>
              <th className="py-1 font-medium">State</th>
              <th className="py-1 font-medium">Seen</th>
              <th className="py-1 text-right font-medium">Lag (ops)</th>
            </tr>
          </thead>
          <tbody>
            {meta.peers.map((p) => (
              <tr key={p.name} className="border-t border-slate-100" data-testid="meta-peer" data-peer={p.name}>
                <td className="py-1 font-medium">
                  {p.name}
                  {p.leader && <span className="ml-1 text-xs text-indigo-700">leader</span>}
                </td>
                <td className={`py-1 ${p.offline ? "text-red-700" : p.current ? "text-green-700" : "text-amber-700"}`}>
                  {p.offline ? "offline" : p.current ? "current" : "not current"}
                </td>
                <td className="py-1 tabular-nums">{p.leader ? "—" : p.activeMs === null ? "not seen" : p.activeMs === 0 ? "just now" : `${formatDurationMs(p.activeMs)} ago`}</td>
                <td className="py-1 text-right tabular-nums">{p.lag}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
