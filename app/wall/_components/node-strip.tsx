import { NODE_STATUS_LABEL } from "@/components/status/status-styles";
import type { ClusterSnapshot, NodeStatus } from "@/lib/model/types";
import { compareNodeNames } from "@/lib/view/placement";

const TILE_CLASS: Record<NodeStatus, string> = {
  up: "border-green-500 bg-zinc-950",
  degraded: "border-amber-400 bg-amber-950",
  down: "border-red-400 bg-red-800",
  "auth-failed": "border-fuchsia-400 bg-fuchsia-900",
  "bad-response": "border-orange-400 bg-orange-900",
};

/** Nodes up out of the expected count, then one tile per node in name order (a tile never moves when its node goes down). */
export function NodeStrip({ snapshot }: { snapshot: ClusterSnapshot }) {
  const nodes = [...snapshot.nodes].sort((a, b) => compareNodeNames(a.name, b.name));
  const total = Math.max(snapshot.expectedNodes, nodes.length);
  const missing = total - nodes.length;
  return (
    <section aria-label="Nodes" className="flex h-[12vh] shrink-0 items-stretch gap-[1.2vh]">
      <div className="flex w-[24vh] shrink-0 flex-col justify-center">
        <div data-testid="wall-nodes-up" className="text-[7vh] font-black leading-none">
          {snapshot.totals.nodesUp}/{total}
        </div>
        <div className="text-[2.4vh] font-semibold text-zinc-300">nodes up</div>
      </div>
      {nodes.map((n) => (
        <div
          key={n.url}
          data-testid="wall-node"
          data-node={n.name}
          data-status={n.status}
          className={`flex min-w-0 flex-1 flex-col justify-center rounded-[1.2vh] border-[0.5vh] px-[1.5vh] ${TILE_CLASS[n.status]}`}
        >
          <div className="truncate text-[3.4vh] font-bold leading-tight">
            {n.name}
            {n.isMetaLeader && <span className="ml-[1vh] align-middle text-[1.9vh] font-semibold text-sky-300">meta leader</span>}
          </div>
          <div className="truncate text-[2.6vh] font-semibold uppercase leading-tight">{NODE_STATUS_LABEL[n.status]}</div>
        </div>
      ))}
      {Array.from({ length: missing }, (_, i) => (
        <div key={`missing-${i}`} data-testid="wall-node" data-status="missing" className="flex min-w-0 flex-1 flex-col justify-center rounded-[1.2vh] border-[0.5vh] border-dashed border-red-400 px-[1.5vh]">
          <div className="truncate text-[3.4vh] font-bold leading-tight">?</div>
          <div className="truncate text-[2.6vh] font-semibold uppercase leading-tight">not known</div>
        </div>
      ))}
    </section>
  );
}
