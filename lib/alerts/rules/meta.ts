/**
 * The JetStream meta group: no leader, or one lost node away from none.
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

export const META_RULES = {
  "no-meta-leader": { description: "JetStream is clustered but has no meta leader.", evaluate: noMetaLeader },
  "meta-quorum-at-risk": { description: "Exactly a quorum of nodes answers: one more loss stops JetStream.", evaluate: metaQuorumAtRisk },
} satisfies Record<string, RuleEntry>;
