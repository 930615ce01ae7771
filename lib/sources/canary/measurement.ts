/**
 * What the canary's prober reports: one record per probe outcome, timed on a monotonic clock in the
 * thread that sent and received it, and the prober's state. Types only: they cross the thread
 * boundary as plain objects, and the model and the pages may `import type` them.
 */

/** A probe either completed (its latency counts) or did not: a timeout or an error is never a latency. */
export type ProbeOutcome = "ok" | "timeout" | "error";

interface Timed {
  /** Wall-clock time (ms since the epoch) the probe started: which minute it belongs to, never part of a duration. */
  at: number;
  outcome: ProbeOutcome;
  /** Microseconds, from a monotonic clock; null unless the outcome is "ok". */
  us: number | null;
}

export type Measurement =
  /** JetStream write: publish → the stream's ack, sent over the connection to `via`. */
  | (Timed & { kind: "write"; via: string; error?: string })
  /** End to end: published on the connection to `from`, delivered on the connection to `to`. */
  | (Timed & { kind: "e2e"; from: string; to: string })
  /** Client ping → pong on the connection to `node`. */
  | (Timed & { kind: "rtt"; node: string })
  /** A consumer's delivery → ack, as its server measured it (`ack_time` of the sampled ack metric). */
  | (Timed & { kind: "ack"; stream: string; consumer: string; deliveries: number });

export type ProberState = "connecting" | "running" | "failed" | "stopped";

export interface ProberNode {
  /** The server's name (from its INFO), or host:port until it answered. */
  name: string;
  url: string;
  connected: boolean;
}

export interface ProberStatus {
  state: ProberState;
  /** Why the canary is not measuring, or what is wrong with its stream; null when all is well. */
  message: string | null;
  nodes: ProberNode[];
  /** The canary stream as the prober last saw it. */
  stream: { name: string; replicas: number; leader: string | null; ready: boolean };
  /** Whether consumer ack metrics are being followed. */
  ackLatency: boolean;
  since: string;
}
