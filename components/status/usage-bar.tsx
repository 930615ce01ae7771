import type { StorageLevel } from "@/lib/view/storage";

const LEVEL_FILL: Record<StorageLevel, string> = { ok: "bg-sky-600", warning: "bg-warn", critical: "bg-crit" };

/** How full a store is, coloured by the level the storage alert would give it. */
export function UsageBar({ percent, level, className = "h-2 w-40" }: { percent: number | null; level: StorageLevel | null; className?: string }) {
  return (
    <div className={`overflow-hidden rounded bg-slate-100 ${className}`} aria-hidden>
      <div data-level={level ?? "none"} className={`h-full ${LEVEL_FILL[level ?? "ok"]}`} style={{ width: `${Math.min(100, percent ?? 0)}%` }} />
    </div>
  );
}
