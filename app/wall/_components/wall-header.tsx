import { dataAgeLabel, type WallFreshness } from "@/lib/view/freshness";
import type { WallPanel, WallSettings } from "@/lib/view/wall-settings";

const PANEL_LABEL: Record<WallPanel, string> = { overview: "Overview", placement: "Placement", trouble: "In trouble" };

const clock = (now: number) => new Date(now).toLocaleTimeString("en-GB", { hour12: false });

/** Cluster name, which panel is showing, how old the data is, and a clock that shows the screen is alive. */
export function WallHeader({
  cluster,
  now,
  freshness,
  connected,
  panel,
  settings,
}: {
  cluster: string;
  now: number;
  freshness: WallFreshness;
  connected: boolean;
  panel: WallPanel;
  settings: WallSettings;
}) {
  return (
    <header className="flex h-[5vh] shrink-0 items-center gap-[3vh] text-[2.8vh]">
      <div className="min-w-0 truncate font-semibold text-zinc-300">
        JetStream Watch · <span data-testid="wall-cluster" className="text-white">{cluster}</span>
      </div>
      {settings.rotateSeconds && settings.panels.length > 1 && (
        <ol aria-label="Panels" className="flex gap-[2vh] text-[2.2vh]">
          {settings.panels.map((p) => (
            <li key={p} aria-current={p === panel ? "true" : undefined} className={p === panel ? "font-bold text-white underline decoration-[0.4vh] underline-offset-[0.8vh]" : "text-zinc-500"}>
              {PANEL_LABEL[p]}
            </li>
          ))}
        </ol>
      )}
      <div className="ml-auto flex items-baseline gap-[2.5vh]">
        <span data-testid="wall-updated" className={freshness.stale ? "font-bold text-violet-300" : "text-zinc-400"} suppressHydrationWarning>
          {dataAgeLabel(freshness.dataAgeMs)}
          {!connected && " · reconnecting"}
        </span>
        <time data-testid="wall-clock" className="font-mono text-[4.4vh] font-bold leading-none" suppressHydrationWarning>
          {clock(now)}
        </time>
      </div>
    </header>
  );
}
