import { CLUSTER_STATUS_LABEL } from "@/components/status/status-styles";
import { SEVERITY_FILL } from "@/components/ui/severity-badge";
import { dataAgeLabel, type WallFreshness } from "@/lib/view/freshness";
import type { WallStatus } from "@/lib/view/wall";

/** The one word readable across the room, why, and beside it the alerts firing or, when STALE, how old the data is. */
export function StatusBand({ status, freshness, connected, firing }: { status: WallStatus; freshness: WallFreshness; connected: boolean; firing: number }) {
  return (
    <section
      aria-label="Cluster status"
      data-testid="wall-status"
      data-status={status.tone}
      className={`flex h-[28vh] shrink-0 items-center gap-[4vh] rounded-[1.5vh] px-[4vh] ${SEVERITY_FILL[status.tone]}`}
    >
      <div className="min-w-0 flex-1">
        <div data-testid="wall-status-word" className="text-[16vh] font-black leading-none tracking-tight">
          {status.word}
        </div>
        <p data-testid="wall-status-reason" className="mt-[1.5vh] line-clamp-2 text-[3.4vh] font-semibold leading-tight">
          {status.reason}
          {status.moreReasons > 0 && <span className="font-normal"> (+{status.moreReasons} more)</span>}
        </p>
      </div>
      {status.tone === "stale" ? (
        <div className="shrink-0 text-right">
          <div data-testid="wall-data-age" className="text-[8vh] font-black leading-none" suppressHydrationWarning>
            {dataAgeLabel(freshness.dataAgeMs)}
          </div>
          <div className="mt-[1.5vh] text-[3vh] font-semibold">
            {status.lastKnown ? `last known: ${CLUSTER_STATUS_LABEL[status.lastKnown]}` : "nothing known yet"}
            {!connected && " · reconnecting"}
          </div>
        </div>
      ) : (
        <div className="shrink-0 text-right">
          <div data-testid="wall-firing-count" className="text-[12vh] font-black leading-none">
            {firing}
          </div>
          <div className="mt-[1vh] text-[3vh] font-semibold">{firing === 1 ? "alert firing" : "alerts firing"}</div>
        </div>
      )}
    </section>
  );
}
