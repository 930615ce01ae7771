/**
 * Followers of replicated streams, as their leader sees them: offline, not heard from, or behind.
 */
import { formatDurationMs, formatExact } from "../../format";
import type { ReplicaView, StreamView } from "../../model/types";
import { resolveLevel, setBy, STREAM_PEER_LAG_CRITICAL, STREAM_PEER_SEEN_CRITICAL, type Level } from "../metadata";
import { DEFAULT_ALERT_THRESHOLDS } from "../thresholds";
import { byDefault, finding, nodeNamed, type AlertSubject, type Rule, type RuleContext, type RuleEntry } from "./finding";

interface ReplicaCheck {
  stream: StreamView;
  replica: ReplicaView;
  lagCritical: Level | null;
  seenCriticalMs: Level | null;
}

/**
 * Followers of replicated streams as their leader sees them. Replicas on a node that is down are
 * left out: node-down stands for them.
 */
function replicaChecks(ctx: RuleContext): ReplicaCheck[] {
  return ctx.snapshot.streams.flatMap((stream) => {
    if (stream.truth !== "leader" || (stream.numReplicas ?? 1) <= 1 || stream.replicas === null) return [];
    const lagCritical = resolveLevel(stream.metadata, STREAM_PEER_LAG_CRITICAL, ctx.thresholds.replicaLagCritical);
    const seenCriticalMs = resolveLevel(stream.metadata, STREAM_PEER_SEEN_CRITICAL, ctx.thresholds.replicaSeenCriticalMs);
    return stream.replicas
      .filter((replica) => nodeNamed(ctx, replica.name)?.status !== "down")
      .map((replica) => ({ stream, replica, lagCritical, seenCriticalMs }));
  });
}

const replicaSubject = ({ stream, replica }: ReplicaCheck): AlertSubject => ({
  kind: "replica",
  account: stream.account,
  stream: stream.name,
  node: replica.name,
});

/** How the leader last heard from the replica, when that is past the level; null when it is fine. */
function silence({ replica, seenCriticalMs }: ReplicaCheck): { level: Level; what: string } | null {
  if (seenCriticalMs === null) return null;
  if (replica.activeMs === null)
    return replica.current ? null : { level: seenCriticalMs, what: `has never heard from ${replica.name}, which is not current` };
  if (replica.activeMs <= seenCriticalMs.value) return null;
  return { level: seenCriticalMs, what: `last heard from ${replica.name} ${formatDurationMs(replica.activeMs)} ago` };
}

const replicaOffline: Rule = (ctx) =>
  replicaChecks(ctx)
    .filter((check) => check.replica.offline)
    .map((check) =>
      finding(ctx, "replica-offline", "critical", replicaSubject(check), `${check.replica.name} is offline for the leader ${check.stream.leader}`),
    );

// An offline replica is not also reported as unseen or lagging: those follow from it.
const replicaNotSeen: Rule = (ctx) =>
  replicaChecks(ctx).flatMap((check) => {
    const unseen = silence(check);
    if (check.replica.offline || unseen === null) return [];
    return [
      finding(
        ctx,
        "replica-not-seen",
        "critical",
        replicaSubject(check),
        `the leader ${check.stream.leader} ${unseen.what} (critical above ${formatDurationMs(unseen.level.value)}${setBy(unseen.level)})`,
        check.replica.activeMs,
        unseen.level.value,
      ),
    ];
  });

// A replica the leader does not hear from lags as a consequence; it is reported as not seen only.
const replicaLag: Rule = (ctx) =>
  replicaChecks(ctx).flatMap((check) => {
    const { replica, stream, lagCritical } = check;
    if (replica.offline || silence(check) !== null || lagCritical === null || replica.lag <= lagCritical.value) return [];
    return [
      finding(
        ctx,
        "replica-lag",
        "critical",
        replicaSubject(check),
        `${replica.name} is ${formatExact(replica.lag)} operations behind the leader ${stream.leader} (critical above ${formatExact(lagCritical.value)}${setBy(lagCritical)})`,
        replica.lag,
        lagCritical.value,
      ),
    ];
  });

const D = DEFAULT_ALERT_THRESHOLDS;

export const REPLICA_RULES = {
  "replica-offline": { description: "A replica of a replicated stream is offline for its leader.", evaluate: replicaOffline },
  "replica-lag": {
    description: `A stream replica is more operations behind its leader than allowed (${byDefault(D.replicaLagCritical)}; ${STREAM_PEER_LAG_CRITICAL.key}).`,
    evaluate: replicaLag,
  },
  "replica-not-seen": {
    description: `A stream leader has not heard from a replica for too long (${byDefault(D.replicaSeenCriticalMs, "ms")}; ${STREAM_PEER_SEEN_CRITICAL.key}).`,
    evaluate: replicaNotSeen,
  },
} satisfies Record<string, RuleEntry>;
