import type { AssetTruth } from "@/lib/model/types";
import { TRUTH_LABEL } from "@/lib/view/describe";

/** Why the figures of a stream or consumer are missing: they are withheld rather than taken from a follower. */
export function TruthBanner({ asset }: { asset: { truth: AssetTruth; truthNote: string | null } }) {
  return (
    <p role="alert" data-testid="truth-banner" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-red-800">
      <strong className="uppercase">{TRUTH_LABEL[asset.truth]}</strong>
      {asset.truthNote && ` — ${asset.truthNote}`}. Counters and replica states are shown only from a leader&apos;s report, so they are
      missing until one answers.
    </p>
  );
}
