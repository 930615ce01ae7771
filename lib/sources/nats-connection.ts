/**
 * Opening the dashboard's own NATS connections (the system account's, the latency canary's) from
 * their configured settings, over TCP, TLS or WebSocket, and saying in the sources' words why one
 * failed.
 */
import "server-only";
import { readFileSync } from "node:fs";
import { connect, credsAuthenticator, errors, nkeyAuthenticator, type NatsConnection, type NodeConnectionOptions } from "@nats-io/transport-node";
import { wsconnect, type WsConnectionOptions } from "@nats-io/nats-core";
import WebSocket from "ws";
import type { NatsConnectionConfig } from "./connection-config";
import type { SystemFailureKind } from "./outcome";

/** Why a connection or a request failed, in the sources' words; `user` says whose connection it is. */
export function classifyConnectionError(err: unknown, user: "system-account" | "canary" = "system-account"): { kind: SystemFailureKind; message: string } {
  const e = err as Error & { cause?: Error & { code?: string } };
  if (e instanceof errors.AuthorizationError || /authorization violation|authentication/i.test(e?.message ?? ""))
    return { kind: "auth-failed", message: `the server rejected the ${user} credentials (${e.message})` };
  if (e instanceof errors.NoRespondersError)
    return {
      kind: "no-permission",
      message:
        user === "system-account"
          ? "no responders: this user is not in the system account or may not publish $SYS.REQ.SERVER.PING.>"
          : "no responders: JetStream is not enabled for this user's account",
    };
  if (e instanceof errors.PermissionViolationError)
    return { kind: "no-permission", message: `permission denied: ${e.message}` };
  const code = e?.cause?.code ?? "";
  if (/certificate|TLS|SSL/i.test(`${e?.message} ${e?.cause?.message ?? ""}`)) return { kind: "tls-error", message: `TLS: ${e.cause?.message ?? e.message}` };
  if (e instanceof errors.ConnectionError || code.startsWith("ECONN") || code === "ENOTFOUND" || e instanceof errors.TimeoutError)
    return { kind: "unreachable", message: `cannot reach any of the NATS URLs: ${e.cause?.message ?? e.message}` };
  return { kind: "error", message: e?.message ?? String(err) };
}

/** Options for a connection of the dashboard's; `overrides` pin it to one server, rename it, and so on. */
function connectionOptions(config: NatsConnectionConfig, overrides: Partial<NodeConnectionOptions>): NodeConnectionOptions {
  const opts: NodeConnectionOptions = {
    servers: config.urls,
    name: "jetstream-watch",
    timeout: Math.min(config.timeoutMs, 5000),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    // A hung server (SIGSTOP, a stalled VM) keeps the TCP connection open: notice it within seconds.
    pingInterval: 2000,
    maxPingOut: 2,
  };
  if (config.credsFile) opts.authenticator = credsAuthenticator(readFileSync(config.credsFile));
  else if (config.nkeySeedFile) opts.authenticator = nkeyAuthenticator(new TextEncoder().encode(readFileSync(config.nkeySeedFile, "utf8").trim()));
  else if (config.token) opts.token = config.token;
  else if (config.user) {
    opts.user = config.user;
    opts.pass = config.password;
  }
  if (config.tls) opts.tls = { ...config.tls };
  return { ...opts, ...overrides };
}

/** Node 20 has no global WebSocket; the `ws` package stands in for it. */
function wsFactory(url: string) {
  return Promise.resolve({ socket: new WebSocket(url) as unknown as globalThis.WebSocket, encrypted: url.startsWith("wss://") });
}

export function openConnection(config: NatsConnectionConfig, overrides: Partial<NodeConnectionOptions> = {}): Promise<NatsConnection> {
  const opts = connectionOptions(config, overrides);
  const servers = [opts.servers ?? []].flat();
  if (servers.every((u) => /^wss?:\/\//.test(u))) return wsconnect({ ...opts, wsFactory } as WsConnectionOptions);
  return connect(opts);
}
