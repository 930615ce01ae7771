/**
 * Slow consumers: counted by the servers, and connections about to be cut off as one.
 */
import { formatBytes, formatExact } from "../../format";
import { isAnswering as answering } from "../../model/assets";
import { DEFAULT_ALERT_THRESHOLDS } from "../thresholds";
import { byDefault, finding, nodeSubject, oneDecimal, type Rule, type RuleEntry } from "./finding";

const SLOW_CONSUMER_KINDS = ["clients", "routes", "gateways", "leafs"] as const;

/**
 * The varz `slow_consumers` counter grew since the previous poll. A restart (another start time)
 * or a counter that went down resets the baseline without an alert.
 */
const slowConsumers: Rule = (ctx) => {
  const before = new Map((ctx.previous?.nodes ?? []).map((n) => [n.url, n]));
  return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
    const prev = before.get(n.url);
    if (!prev || prev.slowConsumers === null || n.slowConsumers === null) return [];
    if (prev.startedAt !== n.startedAt || n.slowConsumers <= prev.slowConsumers) return [];
    const added = n.slowConsumers - prev.slowConsumers;
    const stats = n.slowConsumerStats;
    const statsBefore = prev.slowConsumerStats;
    // Per-kind counters exist from 2.10 on; older servers only have the total.
    const kinds =
      stats && statsBefore
        ? SLOW_CONSUMER_KINDS.filter((k) => stats[k] > statsBefore[k]).map((k) => `${k} +${formatExact(stats[k] - statsBefore[k])}`)
        : [];
    const byKind = kinds.length ? ` (${kinds.join(", ")})` : "";
    return [
      finding(
        ctx,
        "slow-consumers",
        "warning",
        nodeSubject(n),
        `${n.name} counted ${formatExact(added)} new slow consumer${added === 1 ? "" : "s"} since the previous poll${byKind}; ${formatExact(n.slowConsumers)} since it started`,
        added,
      ),
    ];
  });
};

const slowConsumerConnection: Rule = (ctx) => {
  const percent = ctx.thresholds.slowConsumerPendingPercent;
  return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
    if (n.maxPendingBytes === null || n.maxPendingBytes <= 0 || n.topPendingConnections === null) return [];
    const limitBytes = (n.maxPendingBytes * percent) / 100;
    const filling = n.topPendingConnections.filter((c) => c.pendingBytes >= limitBytes).sort((a, b) => b.pendingBytes - a.pendingBytes);
    if (filling.length === 0) return [];
    const worst = filling[0];
    const who = [worst.name ? `"${worst.name}"` : null, `cid ${worst.cid}`, worst.account ? `account ${worst.account}` : null, worst.ip]
      .filter(Boolean)
      .join(", ");
    const share = oneDecimal((worst.pendingBytes / n.maxPendingBytes) * 100);
    const more = filling.length > 1 ? `, and ${filling.length - 1} more connection${filling.length > 2 ? "s" : ""} past ${percent} %` : "";
    return [
      finding(
        ctx,
        "slow-consumer-connection",
        "warning",
        nodeSubject(n),
        `connection ${who} has ${formatBytes(worst.pendingBytes)} waiting to be sent, ${share} % of max_pending ${formatBytes(n.maxPendingBytes)} (warning at ${percent} %); at 100 % the server cuts it off as a slow consumer${more}`,
        worst.pendingBytes,
        limitBytes,
      ),
    ];
  });
};

const D = DEFAULT_ALERT_THRESHOLDS;

export const SLOW_CONSUMER_RULES = {
  "slow-consumers": { description: "A node counted new slow consumers since the previous poll.", evaluate: slowConsumers },
  "slow-consumer-connection": {
    description: `A connection's pending outbound data is past a share of max_pending (${byDefault(D.slowConsumerPendingPercent, "percent")}): it is close to being cut off as a slow consumer.`,
    evaluate: slowConsumerConnection,
  },
} satisfies Record<string, RuleEntry>;
