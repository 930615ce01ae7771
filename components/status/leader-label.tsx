import type { AssetTruth } from "@/lib/model/types";
import { TRUTH_LABEL } from "@/lib/view/describe";

/**
 * An asset's leader, or why there is none to trust: "leader unreachable" (its figures are
 * withheld, not taken from a follower) or "no leader". The note says which node and why.
 */
export function LeaderLabel({ leader, truth, truthNote, compact = false }: { leader: string | null; truth: AssetTruth; truthNote: string | null; compact?: boolean }) {
  if (truth === "leader") return <span data-truth={truth}>{leader ?? "—"}</span>;
  const detail = truthNote ?? (truth === "leader-unreachable" && leader ? `leader ${leader} does not answer` : null);
  return (
    <span data-truth={truth} title={detail ?? undefined} className="text-red-700">
      <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide">{TRUTH_LABEL[truth]}</span>
      {detail && !compact && <span className="ml-1.5 text-xs">{detail}</span>}
    </span>
  );
}
