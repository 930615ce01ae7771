import { formatCount } from "@/lib/format";
import type { ClusterSnapshot } from "@/lib/model/types";
import { consumersInTrouble, streamsInTrouble } from "@/lib/model/trouble";
import { cappedCount } from "@/lib/view/wall";
import { KeyNumber, WallLines, WallTile } from "./wall-tile";

const MAX_ROWS = 9;

/** The few streams and consumers that need someone, worst first. */
export function TroublePanel({ snapshot }: { snapshot: ClusterSnapshot }) {
  const streams = streamsInTrouble(snapshot.streams);
  const consumers = consumersInTrouble(snapshot.consumers);
  return (
    <div className="grid h-full min-h-0 grid-cols-2 gap-[1.2vh]">
      <WallTile title="Streams in trouble" testId="wall-trouble-streams">
        <KeyNumber value={cappedCount(streams.length)} tone={streams.length ? "bad" : "good"} />
        <WallLines max={MAX_ROWS} empty="Every stream has its leader and current replicas." lines={streams.map((r) => ({ key: `${r.asset.account}/${r.asset.name}`, text: r.asset.name, detail: r.what }))} />
      </WallTile>
      <WallTile title="Consumers in trouble" testId="wall-trouble-consumers">
        <KeyNumber value={cappedCount(consumers.length)} tone={consumers.length ? "bad" : "good"} />
        <WallLines
          max={MAX_ROWS}
          empty="No consumer is stalled or falling behind."
          lines={consumers.map(({ asset: c, what }) => ({
            key: `${c.account}/${c.stream}/${c.name}`,
            text: `${c.stream} › ${c.name}`,
            detail: c.numPending !== null ? `${what} · ${formatCount(c.numPending)} pending` : what,
          }))}
        />
      </WallTile>
    </div>
  );
}
