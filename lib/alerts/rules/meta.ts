/**
 * The JetStream meta group: no leader, one lost node away from none, or running on a quorum an
 * operator lowered by hand (2.15's rescue).
 */
import { isAnswering as answering, quorumOf } from "../../model/assets";
import { finding, type Rule, type RuleEntry } from "./finding";

const JETSTREAM_NOT_CLUSTERED = new Set(["JetStream is not clustered", "JetStream is disabled"]);

const noMetaLeader: Rule = (ctx) => {
  const { meta, nodes } = ctx.snapshot;
  // Without any /jsz answer the meta group cannot be judged; node-unhealthy already says why.
  const jetStreamAnswered = nodes.some((n) => answering(n) && n.endpoints.jsz.ok);
  if (meta.leader !== null || !jetStreamAnswered || JETSTREAM_NOT_CLUSTERED.has(meta.note ?? "")) return [];
  const why = meta.note ? `: ${meta.note}` : "";
  return [finding(ctx, "no-meta-leader", "critical", { kind: "cluster" }, `no JetStream meta leader${why}; streams and consumers cannot be created, changed or deleted`)];
};

const metaQuorumAtRisk: Rule = (ctx) => {
  const { nodes, expectedNodes, meta } = ctx.snapshot;
  if (JETSTREAM_NOT_CLUSTERED.has(meta.note ?? "")) return [];
  const up = nodes.filter(answering).length;
  const quorum = quorumOf(expectedNodes);
  if (up !== quorum || up >= expectedNodes) return [];
  return [
    finding(
      ctx,
      "meta-quorum-at-risk",
      "warning",
      { kind: "cluster" },
      `only ${up} of ${expectedNodes} nodes answer, exactly the quorum of ${quorum}: losing one more stops the JetStream meta group`,
      up,
      quorum,
    ),
  ];
};

/**
 * A rescue (`$JS.API.META.RESCUE`, 2.15+) lets a leaderless meta group elect a leader with fewer
 * votes than a majority, so that lost peers can be removed. Until they are, or the rescue expires
 * (5 minutes), two sides of a partition can each elect a meta leader.
 */
const metaQuorumRescue: Rule = (ctx) => {
  const { meta } = ctx.snapshot;
  if (meta.rescueOn.length === 0) return [];
  const size = meta.clusterSize ?? ctx.snapshot.expectedNodes;
  // The snapshot carries the meta leader's quorum only: the lowered number is known when the leader runs the rescue.
  const lowered = meta.leader !== null && meta.rescueOn.includes(meta.leader) ? meta.quorumNeeded : null;
  return [
    finding(
      ctx,
      "meta-quorum-rescue",
      "critical",
      { kind: "cluster" },
      `a quorum rescue is active on ${meta.rescueOn.join(", ")}: the meta group's quorum is unsafely lowered${lowered === null ? "" : ` to ${lowered} of ${size}`} until the lost peers are removed or the rescue expires`,
      lowered,
      quorumOf(size),
    ),
  ];
};

export const META_RULES = {
  "no-meta-leader": { description: "JetStream is clustered but has no meta leader.", evaluate: noMetaLeader },
  "meta-quorum-at-risk": { description: "Exactly a quorum of nodes answers: one more loss stops JetStream.", evaluate: metaQuorumAtRisk },
  "meta-quorum-rescue": { description: "A node runs the meta group on a quorum lowered by a rescue (2.15+).", evaluate: metaQuorumRescue },
} satisfies Record<string, RuleEntry>;
