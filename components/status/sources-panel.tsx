import { formatTime } from "@/lib/format";
import type { SourcesView } from "@/lib/model/types";

const STATE_CLASS: Record<string, string> = {
  connected: "text-green-700",
  connecting: "text-slate-600",
  reconnecting: "text-amber-700",
  failed: "text-red-700",
  closed: "text-slate-600",
};

/**
 * Where the cluster's figures come from, how the system-account connection is doing, and, when
 * replicas share the store, whether this replica polls the cluster itself or shows its leader's cycles.
 */
export function SourcesPanel({ sources }: { sources: SourcesView }) {
  const system = sources.system;
  const replica = sources.replica?.shared ? sources.replica : null;
  return (
    <section aria-label="Sources" data-testid="sources-panel" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
      <h2 className="mb-2 font-semibold">Sources</h2>
      <ul className="space-y-1">
        {sources.http && <li>HTTP monitoring: {sources.http.urls} URL{sources.http.urls === 1 ? "" : "s"}</li>}
        {system && (
          <li data-testid="system-source" data-state={system.state.state} data-kind={system.state.state === "failed" ? system.state.kind : undefined}>
            System account:{" "}
            <span className={`font-medium ${STATE_CLASS[system.state.state]}`}>
              {system.state.state === "connected" ? `connected to ${system.state.server}` : system.state.state}
            </span>
            <span className="text-slate-500"> since {formatTime(system.state.since)}</span>
            {system.state.state === "failed" && <span className="block text-red-700">{system.state.message}</span>}
            {system.lastPoll && system.state.state !== "failed" && (
              <span className="block text-slate-600">
                {system.lastPoll.ok
                  ? `last fan-out: ${system.lastPoll.servers} server${system.lastPoll.servers === 1 ? "" : "s"} answered in ${system.lastPoll.ms} ms`
                  : `last fan-out failed: ${system.lastPoll.message}`}
              </span>
            )}
          </li>
        )}
        {replica && (
          <li data-testid="replica-role" data-leading={replica.leading} data-store-down={replica.storeDownSince !== undefined}>
            Replica {replica.replica}:{" "}
            <span className="font-medium">{replica.leading ? "leader, polls this cluster" : replica.storeDownSince ? "follower, polls for its own viewers" : "follower, shows the leader's polls"}</span>
            <span className="text-slate-500"> since {formatTime(replica.since)}</span>
            {replica.storeDownSince && (
              <span className="block text-amber-700">
                The store (PostgreSQL) is unreachable since {formatTime(replica.storeDownSince)}:{" "}
                {replica.leading ? "history and alert state are written when it is back" : "its alerts are shown here but sent by no webhook, and nothing is written"}.
              </span>
            )}
          </li>
        )}
      </ul>
    </section>
  );
}
