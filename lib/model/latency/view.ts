/**
 * The latency part of a snapshot, from the book's last five minutes and the prober's state. Pure.
 */
import type { CanaryConfig } from "../../sources/canary/config";
import { canaryReplicas } from "../../sources/canary/config";
import type { ProberStatus } from "../../sources/canary/measurement";
import type { ConsumerView, LatencyView, StreamView } from "../types";
import { LATENCY_WINDOW_MS, windowFigures, type WindowTallies } from "./book";

/** The window of `recentWriteFailures`: short, so the timeout alert resolves soon after writes complete again. */
export const RECENT_WRITES_MS = 30_000;

/**
 * Whether `stream` is the canary's own: full by design (at max_msgs it discards its oldest probes),
 * and its writes are the dashboard's, not the cluster's work.
 */
export function isCanaryStream(latency: LatencyView | null, stream: Pick<StreamView, "name">): boolean {
  return latency !== null && stream.name === latency.canary.stream;
}

/** The account of a consumer the ack metrics name by stream and consumer only: the one account that has it, else null. */
export function ackAccount(consumers: readonly Pick<ConsumerView, "account" | "stream" | "name">[], stream: string, consumer: string): string | null {
  const accounts = new Set(consumers.filter((c) => c.stream === stream && c.name === consumer).map((c) => c.account));
  return accounts.size === 1 ? [...accounts][0] : null;
}

export function latencyView(input: {
  config: CanaryConfig;
  status: ProberStatus;
  window: WindowTallies;
  /** The same over the last RECENT_WRITES_MS. */
  recent: WindowTallies;
  now: number;
  /** The consumers of the latest snapshot, to name the account of each consumer's ack metrics. */
  consumers: readonly Pick<ConsumerView, "account" | "stream" | "name">[];
}): LatencyView {
  const { config, status, window, now } = input;
  const order = status.nodes.map((n) => n.name);
  const f = windowFigures(window, order);
  const measuredMs = Math.max(0, now - window.from);
  const seconds = Math.max(1, measuredMs / 1000);
  const writes = f.write.count + f.write.timeouts + f.write.errors;
  const deliveries = f.endToEnd.count;
  return {
    windowMs: LATENCY_WINDOW_MS,
    measuredMs,
    targets: config.targets,
    canary: {
      state: status.state,
      message: status.message,
      stream: config.stream,
      replicas: canaryReplicas(config),
      streamLeader: status.stream.leader,
      streamReady: status.stream.ready,
      ratePerSec: config.ratePerSec,
      payloadBytes: config.payloadBytes,
      timeoutMs: config.timeoutMs,
      maxMsgs: config.maxMsgs,
      maxAgeMs: config.maxAgeMs,
      nodes: status.nodes.map((n) => ({ name: n.name, url: n.url, connected: n.connected })),
      ackLatency: status.ackLatency,
      since: status.since,
      stored: null,
      traffic: {
        writesPerSec: writes / seconds,
        writeBytesPerSec: (writes * config.payloadBytes) / seconds,
        deliveriesPerSec: deliveries / seconds,
        deliveryBytesPerSec: (deliveries * config.payloadBytes) / seconds,
      },
    },
    write: f.write,
    writeByNode: f.writeByNode,
    recentWriteFailures: {
      windowMs: RECENT_WRITES_MS,
      byNode: windowFigures(input.recent, order).writeByNode.map(({ node, figures: w }) => ({
        node,
        attempts: w.count + w.timeouts + w.errors,
        timeouts: w.timeouts,
        errors: w.errors,
      })),
    },
    endToEnd: f.endToEnd,
    pairs: f.pairs,
    rtt: f.rtt,
    ackLatency: config.ackLatency ? f.acks.map((a) => ({ ...a, account: ackAccount(input.consumers, a.stream, a.consumer) })) : null,
  };
}
