/**
 * System-account source: one authenticated NATS connection per cluster asks every server at once
 * (`$SYS.REQ.SERVER.PING.<EP>`) for VARZ, JSZ and HEALTHZ — the NATS maintainers' answer to the
 * unauthenticated monitoring port. Replies are gzip-compressed by the servers and collected until
 * no more arrive for a short while ("stall"), so a hung server costs nothing but its absence.
 * Like the HTTP source it never throws past its edge: failures are typed outcomes.
 */
import "server-only";
import { headers, type Msg, type NatsConnection } from "@nats-io/transport-node";
import type { SystemSourceConfig } from "./config";
import { classifyConnectionError as classify, openConnection } from "./nats-connection";
import type { SystemConnectionState, SystemFailureKind } from "./outcome";
import { TOP_PENDING_CONNECTIONS, type PollRequest } from "./http-monitor";
import { decodeSystemPoll, type RawReply, type RawSystemPoll, type SystemPoll } from "./system-replies";

export type { RawReply, RawSystemPoll, ServerIdentity, SystemPoll, SystemServerPoll } from "./system-replies";

export type { SystemConnectionState, SystemFailureKind, SystemSourceConfig };

/**
 * The same request set as over HTTP (MONITOR_ENDPOINTS): configs only on the polls that read them.
 * JSON option keys differ from the HTTP query names: note `consumer`, singular.
 */
const JSZ_REQUEST = { accounts: true, streams: true, consumer: true };
/** CONNZ options: `sort` by pending bytes, the same top-N as over HTTP. */
const CONNZ_REQUEST = { sort: "pending", limit: TOP_PENDING_CONNECTIONS, auth: true };

const MAX_BACKOFF_MS = 30_000;

/**
 * Asks every server one question; a reply per answering server, in arrival order. Every server
 * line since 2.4.0 gzips a reply asked for with `Accept-Encoding: gzip` (2.9.10 included; STATSZ
 * alone ignores it): JSZ comes down to a tenth or less on the wire.
 */
async function pingAll(nc: NatsConnection, endpoint: string, body: object, config: SystemSourceConfig): Promise<RawReply[]> {
  const h = headers();
  h.set("Accept-Encoding", "gzip");
  const sentAt = Date.now();
  const replies = await nc.requestMany(`$SYS.REQ.SERVER.PING.${endpoint}`, JSON.stringify(body), {
    strategy: "stall",
    stall: config.stallMs,
    maxWait: config.timeoutMs,
    headers: h,
  });
  const out: RawReply[] = [];
  // A copy of its own: the message's bytes may be a view into the client's read buffer.
  for await (const msg of replies as AsyncIterable<Msg>)
    out.push({ gzip: msg.headers?.get("Content-Encoding") === "gzip", data: msg.data.slice(), sentAt, receivedAt: Date.now() });
  return out;
}



export class SystemAccountSource {
  private nc: NatsConnection | null = null;
  private current: SystemConnectionState = { state: "connecting", since: new Date().toISOString() };
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private backoffMs = 1000;
  private readonly connectedListeners = new Set<(nc: NatsConnection) => void>();

  constructor(readonly config: SystemSourceConfig) {}

  state(): SystemConnectionState {
    return this.current;
  }

  connection(): NatsConnection | null {
    return this.nc;
  }

  /** Runs `listener` with every new connection (now, if one is open), e.g. to subscribe to events. */
  onConnected(listener: (nc: NatsConnection) => void): () => void {
    this.connectedListeners.add(listener);
    if (this.nc) listener(this.nc);
    return () => this.connectedListeners.delete(listener);
  }

  start(): void {
    if (this.nc || this.retry || this.closed) return;
    void this.connectLoop();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const nc = this.nc;
    this.nc = null;
    await nc?.close().catch(() => {});
    this.current = { state: "closed", since: new Date().toISOString() };
  }

  private setState(state: SystemConnectionState): void {
    this.current = state;
  }

  /** The first connection is retried here with backoff; once connected the client reconnects by itself. */
  private async connectLoop(): Promise<void> {
    this.retry = null;
    if (this.closed) return;
    try {
      const nc = await openConnection(this.config);
      if (this.closed) {
        await nc.close();
        return;
      }
      this.nc = nc;
      this.backoffMs = 1000;
      this.setState({ state: "connected", server: nc.getServer(), since: new Date().toISOString() });
      void this.watch(nc);
      for (const listener of this.connectedListeners) listener(nc);
    } catch (err) {
      const { kind, message } = classify(err);
      this.setState({ state: "failed", kind, message, since: new Date().toISOString() });
      this.retry = setTimeout(() => void this.connectLoop(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    const closedPromise = nc.closed();
    for await (const status of nc.status()) {
      const since = new Date().toISOString();
      if (status.type === "disconnect" || status.type === "reconnecting") {
        if (this.current.state !== "reconnecting") this.setState({ state: "reconnecting", since });
      } else if (status.type === "reconnect") {
        // The client re-creates its subscriptions itself after a reconnect.
        this.setState({ state: "connected", server: status.server, since });
      } else if (status.type === "error") {
        const { kind, message } = classify(status.error);
        this.setState({ state: "failed", kind, message, since });
      }
    }
    const err = await closedPromise;
    if (this.closed || this.nc !== nc) return;
    // The client gave up (e.g. credentials revoked): start over with backoff.
    this.nc = null;
    const { kind, message } = err ? classify(err) : { kind: "unreachable" as const, message: "connection closed" };
    this.setState({ state: "failed", kind, message, since: new Date().toISOString() });
    this.retry = setTimeout(() => void this.connectLoop(), this.backoffMs);
  }

  /** VARZ, JSZ and HEALTHZ from every server that answers, in parallel, decoded and validated. */
  async poll(request: PollRequest = { configs: false }): Promise<SystemPoll> {
    return decodeSystemPoll(await this.pollRaw(request));
  }

  /** The same round with the replies left undecoded. */
  async pollRaw(request: PollRequest): Promise<RawSystemPoll> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const nc = this.nc;
    if (!nc) {
      const s = this.current;
      return s.state === "failed"
        ? { ok: false, kind: s.kind, message: s.message, ms: 0 }
        : { ok: false, kind: "unreachable", message: `not connected (${s.state})`, ms: 0 };
    }
    try {
      const [varz, jsz, healthz, connz] = await Promise.all([
        pingAll(nc, "VARZ", {}, this.config),
        pingAll(nc, "JSZ", request.configs ? { ...JSZ_REQUEST, config: true } : JSZ_REQUEST, this.config),
        pingAll(nc, "HEALTHZ", {}, this.config),
        pingAll(nc, "CONNZ", CONNZ_REQUEST, this.config),
      ]);
      if (varz.length === 0 && jsz.length === 0 && healthz.length === 0) {
        // Connected, yet nobody answered: the server this connection goes through is most likely
        // hung. Move to another one now rather than wait for the pings to give up on it.
        const via = nc.getServer();
        void nc.reconnect().catch(() => {});
        return {
          ok: false,
          kind: "unreachable",
          message: `no server answered within ${this.config.timeoutMs} ms; the connection's server ${via} may be hung, reconnecting to another`,
          ms: ms(),
        };
      }
      return { ok: true, varz, jsz, healthz, connz, ms: ms() };
    } catch (err) {
      const { kind, message } = classify(err);
      return { ok: false, kind, message, ms: ms() };
    }
  }
}
