import { VERDICT_TEXT, type Verdict } from "@/lib/view/latency";

/** Tints of a latency against its target, in the status tokens' colours. */
export const VERDICT_CLASS: Record<Exclude<Verdict, null>, string> = {
  ok: "bg-ok-soft text-ok-ink ring-ok/30",
  over: "bg-warn-soft text-warn-ink ring-warn/60",
  failing: "bg-crit-soft text-crit-ink ring-crit/30",
};

/** "within target" / "above target" / "over 1 % failed", or nothing to judge. */
export function LatencyVerdict({ verdict }: { verdict: Verdict }) {
  if (verdict === null) return <span className="text-xs text-slate-500">not judged yet</span>;
  return (
    <span data-testid="latency-verdict" data-verdict={verdict} className={`rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ${VERDICT_CLASS[verdict]}`}>
      {VERDICT_TEXT[verdict]}
    </span>
  );
}
