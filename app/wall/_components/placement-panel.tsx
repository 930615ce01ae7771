import { formatExact } from "@/lib/format";
import type { ClusterSnapshot } from "@/lib/model/types";
import { compareNodeNames } from "@/lib/view/placement";
import { streamsInTrouble } from "@/lib/model/trouble";
import { cappedCount } from "@/lib/view/wall";
import { KeyNumber, WallLines, WallTile } from "./wall-tile";

const MAX_LEADERLESS = 9;

/** Stream leaders per node (the balance), the meta leader, and the streams without a trustworthy leader. */
export function PlacementPanel({ snapshot }: { snapshot: ClusterSnapshot }) {
  const nodes = [...snapshot.placement.nodes].sort((a, b) => compareNodeNames(a.name, b.name));
  const most = Math.max(1, ...nodes.map((n) => n.streamLeaders));
  const leaderless = streamsInTrouble(snapshot.streams).filter((r) => r.asset.truth !== "leader");
  return (
    <div className="grid h-full min-h-0 grid-cols-[2fr_1fr] gap-[1.2vh]">
      <WallTile title={`Stream leaders per node · meta leader ${snapshot.meta.leader ?? "none"}`} testId="wall-placement">
        <ul className="flex min-h-0 flex-1 flex-col justify-evenly">
          {nodes.map((n) => (
            <li key={n.name} data-testid="wall-placement-node" data-node={n.name} className="flex min-w-0 items-center gap-[2vh] text-[3vh]">
              <span className="w-[14vh] shrink-0 truncate font-bold">{n.name}</span>
              <span className="h-[3.6vh] min-w-0 flex-1 rounded-[0.6vh] bg-zinc-800">
                <span className={`block h-full rounded-[0.6vh] ${n.imbalanced ? "bg-amber-400" : "bg-sky-500"}`} style={{ width: `${(n.streamLeaders / most) * 100}%` }} />
              </span>
              <span className="w-[12vh] shrink-0 text-right text-[5vh] font-black leading-none">{formatExact(n.streamLeaders)}</span>
              <span className="w-[34vh] shrink-0 truncate text-[2.4vh] text-zinc-300">
                {formatExact(n.consumerLeaders)} consumer leader{n.consumerLeaders === 1 ? "" : "s"}
                {n.imbalanced && <span className="font-bold text-amber-300"> · imbalanced</span>}
              </span>
            </li>
          ))}
        </ul>
      </WallTile>
      <WallTile title="Streams without a leader" testId="wall-leaderless">
        <KeyNumber value={cappedCount(leaderless.length, snapshot.streams.length)} tone={leaderless.length ? "bad" : "good"} testId="wall-leaderless-count" />
        <WallLines max={MAX_LEADERLESS} lines={leaderless.map((r) => ({ key: `${r.asset.account}/${r.asset.name}`, text: r.asset.name, detail: r.what }))} />
      </WallTile>
    </div>
  );
}
