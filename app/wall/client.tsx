"use client";

import { useSearchParams } from "next/navigation";
import { useClusterStream } from "@/components/hooks/use-cluster-stream";
import type { ClusterSnapshot, ThroughputSample } from "@/lib/model/types";
import { wallFreshness } from "@/lib/view/freshness";
import type { StorageLevels } from "@/lib/view/storage";
import { burnInOffset, wallPanelAt, wallStatus } from "@/lib/view/wall";
import type { WallSettings } from "@/lib/view/wall-settings";
import { NodeStrip } from "./_components/node-strip";
import { OverviewPanel } from "./_components/overview-panel";
import { PlacementPanel } from "./_components/placement-panel";
import { StatusBand } from "./_components/status-band";
import { TroublePanel } from "./_components/trouble-panel";
import { WallHeader } from "./_components/wall-header";

// Only the head and the assets in trouble: a wall never downloads the full stream and consumer lists.
const INCLUDE = { trouble: true };

export function WallClient({
  cluster,
  initial,
  initialAgeMs,
  initialRecent,
  pollIntervalMs,
  settings,
  storageLevels,
}: {
  cluster: string;
  initial: ClusterSnapshot | null;
  initialAgeMs: number;
  initialRecent: ThroughputSample[];
  pollIntervalMs: number;
  settings: WallSettings;
  storageLevels: StorageLevels;
}) {
  const display = useSearchParams().get("display");
  const live = useClusterStream({ cluster, initial, initialRecent, include: INCLUDE, display, pollIntervalMs, initialAgeMs });
  const { snapshot, now } = live;
  const freshness = wallFreshness({ snapshot, receivedAt: live.receivedAt, now, pollIntervalMs: snapshot?.pollIntervalMs ?? pollIntervalMs, refused: live.refused });
  const status = wallStatus(snapshot, freshness);
  const panel = wallPanelAt(now, settings);
  const offset = burnInOffset(now);
  return (
    <main
      data-testid="wall"
      data-panel={panel}
      className="flex h-full w-full flex-col gap-[1.2vh] p-[1.6vh]"
      style={{ transform: `translate(${offset.x}px, ${offset.y}px)` }}
      suppressHydrationWarning
    >
      <WallHeader cluster={cluster} now={now} freshness={freshness} connected={live.connected} panel={panel} settings={settings} />
      <StatusBand status={status} freshness={freshness} connected={live.connected} firing={snapshot?.alerts.length ?? 0} />
      {/* Figures that are no longer current are greyed out, so a frozen screen never looks healthy. */}
      <div data-testid="wall-data" data-stale={freshness.stale} className={`flex min-h-0 flex-1 flex-col gap-[1.2vh] ${freshness.stale ? "opacity-40 grayscale" : ""}`}>
        {snapshot && (
          <>
            <NodeStrip snapshot={snapshot} />
            <div data-testid="wall-panel" data-panel={panel} className="min-h-0 flex-1">
              {panel === "overview" && <OverviewPanel snapshot={snapshot} recent={live.recent} now={now} storageLevels={storageLevels} />}
              {panel === "placement" && <PlacementPanel snapshot={snapshot} />}
              {panel === "trouble" && <TroublePanel snapshot={snapshot} />}
            </div>
          </>
        )}
      </div>
    </main>
  );
}
