import { formatTime } from "@/lib/format";
import type { AssetTruth, ReplicaView } from "@/lib/model/types";
import { TRUTH_LABEL, replicaLine } from "@/lib/view/describe";
import { isReplicaLagging } from "@/lib/model/trouble";

/**
 * An asset's Raft group the way `nats stream info` prints it: the leader, then one line per
 * follower as the leader reports it. Without the leader's report no follower state is shown.
 */
export function ClusterInfo({
  leader,
  truth,
  truthNote,
  replicas,
  leaderSince,
}: {
  leader: string | null;
  truth: AssetTruth;
  truthNote: string | null;
  replicas: ReplicaView[] | null;
  leaderSince: string | null;
}) {
  return (
    <section aria-label="Cluster information" data-testid="cluster-info" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 font-semibold">Cluster information</h2>
      <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-1 font-mono text-sm">
        <dt className="text-right text-slate-500">Leader:</dt>
        <dd data-testid="cluster-info-leader" data-truth={truth}>
          {truth === "leader" ? (
            <>
              {leader}
              {leaderSince && <span className="text-slate-500"> (since {formatTime(leaderSince)})</span>}
            </>
          ) : (
            <span className="text-red-700">
              {TRUTH_LABEL[truth]}
              {leader && truth === "leader-unreachable" ? ` (${leader})` : ""}
              {truthNote && ` — ${truthNote}`}
            </span>
          )}
        </dd>
        {(replicas ?? []).map((r) => (
          <ReplicaRow key={r.name} replica={r} />
        ))}
      </dl>
      {replicas === null && <p className="mt-2 text-sm text-slate-600">Follower states are known only from the leader&apos;s report.</p>}
    </section>
  );
}

function ReplicaRow({ replica }: { replica: ReplicaView }) {
  const tone = replica.offline ? "text-red-700" : isReplicaLagging(replica) ? "text-amber-800" : "";
  return (
    <>
      <dt className="text-right text-slate-500">Replica:</dt>
      <dd data-testid="cluster-info-replica" data-node={replica.name} className={tone}>
        {replicaLine(replica)}
      </dd>
    </>
  );
}
