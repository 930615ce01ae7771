import { Freshness } from "@/components/status/freshness";

/** A page's title with the live-data freshness (or the STALE notice) beside it. */
export function PageHeading({
  title,
  live,
  children,
}: {
  title: React.ReactNode;
  live: { receivedAt: number | null; stale: boolean; connected: boolean; refused: boolean };
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {children}
      </div>
      <Freshness receivedAt={live.receivedAt} stale={live.stale} connected={live.connected} refused={live.refused} />
    </div>
  );
}
