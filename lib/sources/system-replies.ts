/**
 * The system account's fan-out replies, from bytes to typed outcomes: gunzip, JSON.parse and
 * validation, grouped by the server that answered. Pure CPU work with no connection, so it can run
 * in the collector's worker thread rather than on the thread that serves HTTP.
 */
import "server-only";
import { gunzipSync } from "node:zlib";
import type { EndpointFailureKind, EndpointOutcome, SystemFailureKind } from "./outcome";
import type { Connz, Healthz, Jsz, Varz } from "./monitor-schemas";
import { checkAnswer, type MonitorAnswer, type MonitorAnswers } from "./monitor-validate";

/**
 * The identity of a node known only through the system account (no monitoring URL is configured
 * for it): `nats-sys://<server name>`, in the place a monitoring URL has for the others.
 */
export const SYSTEM_NODE_PREFIX = "nats-sys://";

export interface ServerIdentity {
  name: string;
  id: string;
  version: string;
  cluster?: string;
}

/** One server's answers to one fan-out round. */
export interface SystemServerPoll {
  server: ServerIdentity;
  varz?: EndpointOutcome<Varz>;
  jsz?: EndpointOutcome<Jsz>;
  healthz?: EndpointOutcome<Healthz>;
  connz?: EndpointOutcome<Connz>;
}

export type SystemPoll =
  | { ok: true; servers: Map<string, SystemServerPoll>; ms: number }
  | { ok: false; kind: SystemFailureKind; message: string; ms: number };

/** One server's reply as it came off the wire. */
export interface RawReply {
  gzip: boolean;
  data: Uint8Array;
  /** Local wall-clock times the request left and this reply arrived (ms since the epoch). */
  sentAt: number;
  receivedAt: number;
}

/** The replies of one fan-out round, undecoded: cheap to receive, cheap to hand to another thread. */
export type RawSystemPoll =
  | { ok: true; varz: RawReply[]; jsz: RawReply[]; healthz: RawReply[]; connz: RawReply[]; ms: number }
  | { ok: false; kind: SystemFailureKind; message: string; ms: number };

interface ZEnvelope {
  server?: { name?: string; id?: string; ver?: string; cluster?: string };
  data?: unknown;
  error?: { code?: number; description?: string };
}

function decode(reply: RawReply): ZEnvelope {
  const raw = reply.gzip ? gunzipSync(reply.data) : reply.data;
  return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8")) as ZEnvelope;
}

function outcome<A extends MonitorAnswer>(envelope: ZEnvelope, answer: A, reply: RawReply): EndpointOutcome<MonitorAnswers[A]> {
  const ms = reply.receivedAt - reply.sentAt;
  if (envelope.error) {
    const kind: EndpointFailureKind = "http-error";
    return { ok: false, kind, status: envelope.error.code, message: `server error ${envelope.error.code}: ${envelope.error.description ?? ""}`.trim(), ms };
  }
  const checked = checkAnswer(answer, envelope.data);
  if (!checked.ok) return { ok: false, kind: "invalid", message: checked.message, ms };
  return { ok: true, data: checked.data, status: 200, ms, bytes: 0, sentAt: reply.sentAt };
}

/** A round's replies decoded and validated, by server. A reply that is not JSON fails the round. */
export function decodeSystemPoll(raw: RawSystemPoll): SystemPoll {
  if (!raw.ok) return raw;
  const servers = new Map<string, SystemServerPoll>();
  const entry = (env: ZEnvelope): SystemServerPoll | null => {
    const s = env.server;
    if (!s?.name) return null;
    let poll = servers.get(s.name);
    if (!poll) {
      poll = { server: { name: s.name, id: s.id ?? "", version: s.ver ?? "", cluster: s.cluster } };
      servers.set(s.name, poll);
    }
    return poll;
  };
  const each = (replies: RawReply[], apply: (poll: SystemServerPoll, env: ZEnvelope, reply: RawReply) => void) => {
    for (const reply of replies) {
      const env = decode(reply);
      const poll = entry(env);
      if (poll) apply(poll, env, reply);
    }
  };
  try {
    each(raw.varz, (p, env, reply) => (p.varz = outcome(env, "varz", reply)));
    each(raw.jsz, (p, env, reply) => (p.jsz = outcome(env, "jsz", reply)));
    each(raw.healthz, (p, env, reply) => (p.healthz = outcome(env, "healthz", reply)));
    each(raw.connz, (p, env, reply) => (p.connz = outcome(env, "connz", reply)));
  } catch (err) {
    return { ok: false, kind: "error", message: err instanceof Error ? err.message : String(err), ms: raw.ms };
  }
  return { ok: true, servers, ms: raw.ms };
}
