/**
 * What the Latency page, the overview's tile and the wall make of the snapshot's latency figures
 * and the nodes' clocks: judged against the targets, the pair matrix, and how to turn the canary
 * on where it is off. Pure, shared by server and browser.
 */
import { skewBeyond } from "../model/clock";
import type { ClockSkew, LatencyFigures, LatencyView, NodeView } from "../model/types";

/** Against a target: "ok", "over", or null when there is nothing to judge (no probes completed, or too many failed). */
export type Verdict = "ok" | "over" | "failing" | null;

/** The judged p99 (failures ranked above every latency) against `target`. */
export function verdict(f: LatencyFigures, target: number): Verdict {
  const attempts = f.count + f.timeouts + f.errors;
  if (attempts === 0) return null;
  if (f.p99AttemptsMs === null) return "failing";
  return f.p99AttemptsMs <= target ? "ok" : "over";
}

export const VERDICT_TEXT: Record<Exclude<Verdict, null>, string> = { ok: "within target", over: "above target", failing: "over 1 % failed" };

/** How to turn the canary on: shown wherever latency would be. */
export const CANARY_HOW_TO =
  "Give the dashboard a user of an application account with JetStream: clusters[].canary in the config file (urls of every node, and user/password, token, nkeySeedFile or credsFile, as for the system account), or NATS_CANARY_URLS with NATS_CANARY_USER and NATS_CANARY_PASSWORD. It then writes 5 probes of 1 KB a second to a stream of its own (JSW_CANARY, replicated like the cluster, at most 1000 messages and 10 minutes), and follows the ack metrics of consumers with sample_freq set.";

export interface MatrixCell {
  figures: LatencyFigures;
  verdict: Verdict;
}

/** Pairs as a matrix: rows publish, columns receive, in the nodes' order; null where a pair has no figures. */
export function pairMatrix(latency: LatencyView): { nodes: string[]; rows: { from: string; cells: (MatrixCell | null)[] }[] } {
  const nodes = latency.canary.nodes.map((n) => n.name);
  for (const p of latency.pairs) for (const n of [p.from, p.to]) if (!nodes.includes(n)) nodes.push(n);
  const byPair = new Map(latency.pairs.map((p) => [`${p.from}>${p.to}`, p.figures]));
  return {
    nodes,
    rows: nodes.map((from) => ({
      from,
      cells: nodes.map((to) => {
        const figures = byPair.get(`${from}>${to}`);
        return figures ? { figures, verdict: verdict(figures, latency.targets.endToEndP99Ms) } : null;
      }),
    })),
  };
}

export type SkewState = "ok" | "off" | "unknown";

/** A node's clock against the alert's limit: "off" only when beyond it by more than the error bound. */
export function skewState(clock: ClockSkew | null, limitMs: number): SkewState {
  if (!clock) return "unknown";
  return skewBeyond(clock, limitMs) ? "off" : "ok";
}

export interface NodeLatencyRow {
  node: string;
  connected: boolean | null;
  rtt: LatencyFigures | null;
  writes: LatencyFigures | null;
  clock: ClockSkew | null;
  skew: SkewState;
}

/** Per node: the canary's round trip and writes through it, and the node's clock. Nodes the canary does not reach are listed with their clocks. */
export function nodeLatencyRows(latency: LatencyView | null, nodes: readonly Pick<NodeView, "name" | "clock">[], skewLimitMs: number): NodeLatencyRow[] {
  const names = [...(latency?.canary.nodes.map((n) => n.name) ?? [])];
  for (const n of nodes) if (!names.includes(n.name)) names.push(n.name);
  return names.map((node) => {
    const clock = nodes.find((n) => n.name === node)?.clock ?? null;
    return {
      node,
      connected: latency?.canary.nodes.find((n) => n.name === node)?.connected ?? null,
      rtt: latency?.rtt.find((r) => r.node === node)?.figures ?? null,
      writes: latency?.writeByNode.find((w) => w.node === node)?.figures ?? null,
      clock,
      skew: skewState(clock, skewLimitMs),
    };
  });
}

/** The headline figures of the overview's and the wall's tile. */
export interface LatencyTile {
  write: { p99Ms: number | null; target: number; verdict: Verdict; failed: number };
  endToEnd: { p99Ms: number | null; target: number; verdict: Verdict; worstPair: string | null };
  state: LatencyView["canary"]["state"];
  message: string | null;
}

export function latencyTile(latency: LatencyView): LatencyTile {
  const worst = [...latency.pairs].filter((p) => p.figures.p99AttemptsMs !== null).sort((a, b) => b.figures.p99AttemptsMs! - a.figures.p99AttemptsMs!)[0];
  return {
    write: {
      p99Ms: latency.write.p99AttemptsMs,
      target: latency.targets.writeP99Ms,
      verdict: verdict(latency.write, latency.targets.writeP99Ms),
      failed: latency.write.timeouts + latency.write.errors,
    },
    endToEnd: {
      p99Ms: latency.endToEnd.p99AttemptsMs,
      target: latency.targets.endToEndP99Ms,
      verdict: verdict(latency.endToEnd, latency.targets.endToEndP99Ms),
      worstPair: worst ? `${worst.from} → ${worst.to}` : null,
    },
    state: latency.canary.state,
    message: latency.canary.message,
  };
}
