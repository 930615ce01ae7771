/**
 * Streams and consumers without a leader, or whose leader cannot be read.
 */
import { streamKey } from "../../model/assets";
import { consumerSubject, finding, nodeNamed, streamSubject, type Rule, type RuleContext, type RuleEntry } from "./finding";
import { NODE_ALERT_STATUSES } from "./nodes";

/**
 * A "leader unreachable" asset is alerted only when no node alert already stands for it: its
 * leader is not a node the dashboard knows, or that node has no alert of its own.
 */
function unreachableLeaderUncovered(ctx: RuleContext, leader: string | null): boolean {
  const node = nodeNamed(ctx, leader);
  return node === undefined || !NODE_ALERT_STATUSES.has(node.status);
}

const streamLeaderless: Rule = (ctx) =>
  ctx.snapshot.streams.flatMap((s) => {
    if (s.truth === "leaderless")
      return [finding(ctx, "stream-leaderless", "critical", streamSubject(s), `${s.name} has no leader: it accepts no messages (${s.truthNote ?? "no leader elected"})`)];
    if (s.truth === "leader-unreachable" && unreachableLeaderUncovered(ctx, s.leader))
      return [finding(ctx, "stream-leaderless", "warning", streamSubject(s), `the leader of ${s.name} cannot be read: ${s.truthNote ?? `leader ${s.leader}`}`)];
    return [];
  });

const consumerLeaderless: Rule = (ctx) => {
  // A leaderless stream takes its consumers with it; its own alert stands for them.
  const leaderlessStreams = new Set(ctx.snapshot.streams.filter((s) => s.truth === "leaderless").map(streamKey));
  return ctx.snapshot.consumers.flatMap((c) => {
    if (leaderlessStreams.has(streamKey({ account: c.account, name: c.stream }))) return [];
    if (c.truth === "leaderless")
      return [finding(ctx, "consumer-leaderless", "warning", consumerSubject(c), `${c.name} has no leader: nothing is delivered (${c.truthNote ?? "no leader elected"})`)];
    if (c.truth === "leader-unreachable" && unreachableLeaderUncovered(ctx, c.leader))
      return [finding(ctx, "consumer-leaderless", "warning", consumerSubject(c), `the leader of ${c.name} cannot be read: ${c.truthNote ?? `leader ${c.leader}`}`)];
    return [];
  });
};

export const LEADER_RULES = {
  "stream-leaderless": { description: "A stream has no leader, or its leader cannot be read and no node alert explains why.", evaluate: streamLeaderless },
  "consumer-leaderless": { description: "A consumer has no leader, or its leader cannot be read and no node alert explains why.", evaluate: consumerLeaderless },
} satisfies Record<string, RuleEntry>;
