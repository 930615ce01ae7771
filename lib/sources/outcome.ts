/**
 * What one fetch from a source came to: the sources' own vocabulary. They never throw past their
 * edge; every failure is one of these kinds, with a message saying what happened. Types only, so
 * the model and client components may `import type` them.
 */

export type EndpointFailureKind =
  | "timeout" // no complete answer within the deadline (a hung node, SIGSTOP)
  | "refused" // nothing listens (node or proxy down)
  | "unreachable" // network error, or a proxy saying its upstream is down (502/504)
  | "tls-error" // certificate not trusted / wrong host
  | "auth-failed" // 401/403 from the monitoring port or its proxy
  | "http-error" // any other unexpected HTTP status
  | "bad-json" // HTML, garbage or empty body
  | "invalid" // JSON, but not the shape a nats-server sends
  | "too-large"; // body over the configured size cap

export type EndpointOutcome<T> =
  /** `sentAt`: the local wall-clock time the request left (ms since the epoch), which with `ms` brackets when the server answered. */
  | { ok: true; data: T; status: number; ms: number; bytes: number; sentAt?: number }
  | { ok: false; kind: EndpointFailureKind; message: string; status?: number; ms: number };

export type SourceKind = "http" | "system-account";

export type SystemFailureKind = "auth-failed" | "unreachable" | "tls-error" | "no-permission" | "error";

export type SystemConnectionState =
  | { state: "connecting"; since: string }
  | { state: "connected"; server: string; since: string }
  | { state: "reconnecting"; since: string }
  | { state: "failed"; kind: SystemFailureKind; message: string; since: string }
  | { state: "closed"; since: string };

