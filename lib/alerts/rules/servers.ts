/**
 * Servers: mixed versions, CPU and resident memory, and a monitoring port open to the network.
 */
import { formatBytes, formatDurationMs } from "../../format";
import { skewBeyond } from "../../model/clock";
import { isAnswering as answering } from "../../model/assets";
import { DEFAULT_ALERT_THRESHOLDS } from "../thresholds";
import { byDefault, finding, nodeSubject, oneDecimal, severityOf, type Rule, type RuleEntry } from "./finding";

const versionsDiffer: Rule = (ctx) => {
  const byVersion = new Map<string, string[]>();
  for (const n of ctx.snapshot.nodes.filter(answering)) {
    if (n.version === null) continue;
    byVersion.set(n.version, [...(byVersion.get(n.version) ?? []), n.name]);
  }
  if (byVersion.size < 2) return [];
  const list = [...byVersion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([version, names]) => `${version} (${names.sort().join(", ")})`)
    .join(", ");
  return [finding(ctx, "versions-differ", "warning", { kind: "cluster" }, `nodes run different nats-server versions: ${list}`, byVersion.size)];
};

const nodeCpu: Rule = (ctx) => {
  const { cpuWarnPercent: warn, cpuCritPercent: crit } = ctx.thresholds;
  return ctx.snapshot.nodes.filter(answering).flatMap((n) => {
    if (n.cpuPercent === null) return [];
    const perCore = oneDecimal(n.cores ? n.cpuPercent / n.cores : n.cpuPercent);
    const severity = severityOf(perCore, warn, crit);
    if (!severity) return [];
    const threshold = severity === "critical" ? crit : warn;
    const spread = n.cores ? `${n.cpuPercent} % CPU over ${n.cores} cores, ${perCore} % per core` : `${n.cpuPercent} % CPU (core count unknown)`;
    return [finding(ctx, "node-cpu", severity, nodeSubject(n), `${n.name} uses ${spread} (${severity} at ${threshold} %)`, perCore, threshold)];
  });
};

const nodeRss: Rule = (ctx) => {
  const limit = ctx.thresholds.memoryRssWarnBytes;
  if (limit === null) return [];
  return ctx.snapshot.nodes
    .filter((n) => answering(n) && n.memBytes !== null && n.memBytes >= limit)
    .map((n) =>
      finding(
        ctx,
        "node-rss",
        "warning",
        nodeSubject(n),
        `nats-server on ${n.name} has ${formatBytes(n.memBytes)} resident memory (warning at ${formatBytes(limit)})`,
        n.memBytes,
        limit,
      ),
    );
};

// Exposure is a property of the deployment, so a node that is down this poll keeps its last known one.
const monitorPortOpen: Rule = (ctx) =>
  ctx.snapshot.nodes
    .filter((n) => n.monitorExposure === "open")
    .map((n) =>
      finding(
        ctx,
        "monitor-port-open",
        "critical",
        nodeSubject(n),
        `the monitoring port of ${n.name} answers without authentication from another host, so anyone who reaches it reads servers, accounts, connections and streams (the security scan rated this high risk). nats-server has no monitoring authentication: put the port behind a proxy that authenticates (or bind it to loopback), or read the cluster through the system account`,
      ),
    );

// A node's own clock against the dashboard's; the error bound (half the request's round trip) is
// given to the node, so only a skew that is certainly beyond the limit is alerted.
const clockSkew: Rule = (ctx) => {
  const limit = ctx.thresholds.clockSkewWarnMs;
  return ctx.snapshot.nodes.flatMap((n) => {
    if (!answering(n) || n.clock === null || !skewBeyond(n.clock, limit)) return [];
    const { skewMs, errorMs } = n.clock;
    return [
      finding(
        ctx,
        "clock-skew",
        "warning",
        nodeSubject(n),
        `the clock of ${n.name} is ${formatDurationMs(Math.abs(skewMs))} ${skewMs > 0 ? "ahead of" : "behind"} the dashboard's (± ${formatDurationMs(errorMs)}; warning beyond ± ${formatDurationMs(limit)}): JetStream leader elections can fail until the nodes' clocks are synchronised (chrony, NTP)`,
        skewMs,
        limit,
      ),
    ];
  });
};

const D = DEFAULT_ALERT_THRESHOLDS;

export const SERVER_RULES = {
  "versions-differ": { description: "Answering nodes run different nats-server versions.", evaluate: versionsDiffer },
  "node-cpu": {
    description: `A node's CPU use per core is high (default: warning at ${D.cpuWarnPercent} %, critical at ${D.cpuCritPercent} %).`,
    evaluate: nodeCpu,
  },
  "node-rss": { description: `A node's resident memory is above a configured size (${byDefault(D.memoryRssWarnBytes)}).`, evaluate: nodeRss },
  "monitor-port-open": { description: "A node's monitoring port answers without authentication from another host.", evaluate: monitorPortOpen },
  "clock-skew": {
    description: `A node's clock is off the dashboard's by more than a limit beyond the measurement's error bound (default ${D.clockSkewWarnMs} ms).`,
    evaluate: clockSkew,
  },
} satisfies Record<string, RuleEntry>;
