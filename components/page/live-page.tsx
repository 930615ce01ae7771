import type { ClusterStream } from "@/components/hooks/use-cluster-stream";
import type { ClusterSnapshot } from "@/lib/model/types";
import { PageHeading } from "./page-heading";
import { WaitingForPoll } from "./waiting-for-poll";

/**
 * A page of live figures: its title with the data's freshness, what the page shows, and its body
 * once the collector's first poll has finished.
 */
export function LivePage({
  title,
  live,
  description,
  children,
}: {
  title: React.ReactNode;
  live: ClusterStream;
  description?: React.ReactNode;
  children: (snapshot: ClusterSnapshot) => React.ReactNode;
}) {
  return (
    <div className="space-y-6">
      <PageHeading title={title} live={live}>
        {description && <p className="text-sm text-slate-500">{description}</p>}
      </PageHeading>
      {live.snapshot ? children(live.snapshot) : <WaitingForPoll />}
    </div>
  );
}
