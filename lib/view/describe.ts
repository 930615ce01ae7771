/** Wording shared by every page that describes replicas and assets, the way the nats CLI words it. */
import { formatCount, formatDurationMs, formatExact } from "../format";
import type { AssetTruth, ReplicaView, StreamView } from "../model/types";

/** "seen 3 s ago", or "not seen" when the leader never heard from the replica. */
export function seenAgo(activeMs: number | null): string {
  if (activeMs === null) return "not seen";
  // The snapshot reports anything within the ~1 s Raft heartbeat as 0.
  return activeMs === 0 ? "seen just now" : `seen ${formatDurationMs(activeMs)} ago`;
}

const exact = formatExact;

/** An exact count, as the nats CLI prints it: "12,345", where a rounded "12k" would hide movement. */
export function exactCount(n: number | null): string {
  return n === null ? "—" : exact(n);
}

export function opsBehind(lag: number): string {
  return `${exact(lag)} ${lag === 1 ? "op" : "ops"} behind`;
}

/** One replica line as `nats stream info` prints it: "n3, outdated, OFFLINE, seen 5 s ago, 12 operations behind". */
export function replicaLine(r: ReplicaView): string {
  const parts = [r.name, r.current ? "current" : "outdated"];
  if (r.offline) parts.push("OFFLINE");
  parts.push(seenAgo(r.activeMs));
  if (r.lag > 0) parts.push(`${exact(r.lag)} ${r.lag === 1 ? "operation" : "operations"} behind`);
  return parts.join(", ");
}

export const TRUTH_LABEL: Record<AssetTruth, string> = {
  leader: "leader",
  "leader-unreachable": "leader unreachable",
  leaderless: "no leader",
};

/** "for 2 min": how long a replica has been lagging, from when the dashboard first saw it. */
export function laggingFor(laggingSince: string | null, now: number): string {
  if (!laggingSince) return "—";
  const since = Date.parse(laggingSince);
  if (!Number.isFinite(since)) return "—";
  const ms = now - since;
  return ms < 1000 ? "for < 1 s" : `for ${formatDurationMs(ms)}`;
}

/** An age for a table cell: "< 1 s", "12 s", "3 min 5 s"; sub-second precision is noise between polls. */
export function shortAge(ageMs: number | null, none = "—"): string {
  if (ageMs === null) return none;
  return ageMs < 1000 ? "< 1 s" : formatDurationMs(ageMs);
}

/** "12 s ago" for a server timestamp; "never" when there is none. */
export function agoText(ageMs: number | null, none = "never"): string {
  return ageMs === null ? none : `${shortAge(ageMs)} ago`;
}

/**
 * When the configuration a detail page shows was read: "42 s ago" (polls read configs only now
 * and then, see ClusterSnapshot.configsReadAt), or, for an asset no node reported this poll,
 * that it is what was read before.
 */
export function configReadText(asset: Pick<StreamView, "hostedOn">, configsReadAt: string | null, now: number): string {
  if (asset.hostedOn.length === 0) return "before its nodes stopped answering";
  const readAt = configsReadAt === null ? NaN : Date.parse(configsReadAt);
  return Number.isFinite(readAt) ? agoText(Math.max(0, now - readAt)) : "not yet";
}

/** A per-second rate without its unit, for columns whose header names it: one decimal below 10. */
export function rateValue(perSec: number | null): string {
  if (perSec === null) return "—";
  return formatCount(perSec < 10 ? Math.round(perSec * 10) / 10 : Math.round(perSec));
}
