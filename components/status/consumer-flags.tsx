import type { ConsumerView } from "@/lib/model/types";

/** Visible badges for a consumer in trouble; nothing for a healthy one. */
export function ConsumerFlags({ consumer }: { consumer: Pick<ConsumerView, "stalled" | "fallingBehind" | "paused"> }) {
  return (
    <span className="inline-flex gap-1">
      {consumer.stalled && (
        <span
          data-testid="flag-stalled"
          title="Work is pending but nothing was delivered for longer than the stalled threshold"
          className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800 ring-1 ring-inset ring-red-600/30"
        >
          stalled
        </span>
      )}
      {consumer.fallingBehind && (
        <span
          data-testid="flag-falling-behind"
          title="Unprocessed messages have kept growing for longer than the falling-behind window"
          className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-inset ring-amber-600/30"
        >
          falling behind
        </span>
      )}
      {consumer.paused && <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs font-semibold text-slate-700">paused</span>}
    </span>
  );
}
