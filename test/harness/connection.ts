import { connect, type NatsConnection, type NodeConnectionOptions } from "@nats-io/transport-node";
import type { Credentials } from "./nats-config";

/**
 * Options for a client that must ride out node kills, SIGSTOPs and restarts. With the default
 * pings (every 2 min, 2 outstanding) a client attached to a SIGSTOPped server would sit there for
 * minutes; here it declares the connection stale after ~1.5 s, and the short connect timeout stops
 * a reconnect attempt from waiting long on the hung server (whose kernel still accepts TCP).
 */
export function resilientConnectionOptions(servers: string[], credentials: Credentials, name: string): NodeConnectionOptions {
  return {
    servers,
    user: credentials.user,
    pass: credentials.password,
    name,
    timeout: 1000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 500,
    maxPingOut: 2,
  };
}

export function connectResilient(servers: string[], credentials: Credentials, name: string): Promise<NatsConnection> {
  return connect(resilientConnectionOptions(servers, credentials, name));
}
