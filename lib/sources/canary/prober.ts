/**
 * The latency canary's prober: it sends probes and times them, nothing more (the latency book
 * makes figures of what it reports).
 *
 * - One connection per configured URL, pinned to that server (no discovery, no failover): a probe
 *   published on node A's connection and received on node B's crossed exactly that pair.
 * - Each probe is one JetStream write to the canary's own stream, published on one node's
 *   connection in turn: publish → ack is the write latency; every node's connection is subscribed
 *   to the probes' subject, so the same message's arrival on each is the end-to-end latency of a pair.
 * - Every second each connection is pinged: the round trip per node.
 * - A control connection (any server) keeps the canary stream — created, corrected when its
 *   settings drift, never any other stream — and follows consumers' ack metrics.
 *
 * Durations come from one monotonic clock (performance.now) in this thread; the wall clock only
 * says which minute a probe belongs to. A probe without an answer within `timeoutMs` is a timeout,
 * an answer that is an error is an error: neither is ever a latency.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { errors, nanos, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { z } from "zod";
import { classifyConnectionError, openConnection } from "../nats-connection";
import { canaryReplicas, type CanaryConfig } from "./config";
import type { Measurement, ProberState, ProberStatus } from "./measurement";

/** Marks the stream as the canary's: one with this name but another description is someone else's, and left alone. */
export const CANARY_DESCRIPTION = "JetStream Watch latency canary: written and read by the dashboard only; safe to delete (it is made again).";
const ACK_METRICS = "$JS.EVENT.METRIC.CONSUMER.ACK.>";
const RTT_EVERY_MS = 1000;
const STREAM_CHECK_EVERY_MS = 5000;
const RETRY_MS = 5000;

export interface ProberEvents {
  measured(m: Measurement): void;
  status(status: ProberStatus): void;
}

/** The subjects of a canary stream: its own prefix; each dashboard run publishes under a token of its own. */
export const canarySubjects = (stream: string) => ({ stream: `jsw.canary.${stream}.>`, run: (run: string) => `jsw.canary.${stream}.${run}` });

/** The ack metric as the server publishes it (io.nats.jetstream.metric.v1.consumer_ack); `ack_time` in ns. */
const ackMetricSchema = z.object({
  stream: z.string(),
  consumer: z.string(),
  ack_time: z.number().nonnegative(),
  deliveries: z.number().int().min(1).optional(),
});

interface NodeLink {
  url: string;
  name: string;
  nc: NatsConnection | null;
  js: JetStreamClient | null;
  /** Subscribed and flushed: its deliveries can be expected. */
  listening: boolean;
  connected: boolean;
}

interface Probe {
  from: number;
  started: number;
  at: number;
  /** Node indexes whose delivery is still awaited. */
  awaiting: Set<number>;
  timer: NodeJS.Timeout;
}

export class Prober {
  private readonly links: NodeLink[];
  private control: NatsConnection | null = null;
  private readonly run = randomBytes(6).toString("hex");
  private readonly subjects: ReturnType<typeof canarySubjects>;
  private readonly payload: Uint8Array;
  private readonly probes = new Map<number, Probe>();
  private seq = 0;
  private turn = 0;
  /** The pending timer of each loop (the probe ticks, the pings, the stream check), by name. */
  private readonly loops = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private state: ProberState = "connecting";
  private message: string | null = null;
  private since = new Date().toISOString();
  private stream: ProberStatus["stream"];
  private ackFollowed = false;
  private nextTickAt = 0;
  /** The stream was made (or found ours) once: from then on probes go out whatever a later check says — an outage is what they measure. */
  private ensured = false;
  private jsm: JetStreamManager | null = null;

  private readonly events: ProberEvents;

  constructor(
    private readonly config: CanaryConfig,
    events: ProberEvents,
  ) {
    // Probes cut short by stop() are neither latencies nor the cluster's failures.
    this.events = { measured: (m) => !this.stopped && events.measured(m), status: (s) => events.status(s) };
    this.links = config.urls.map((url, i) => ({ url, name: config.names?.[i] ?? hostOf(url), nc: null, js: null, listening: false, connected: false }));
    this.subjects = canarySubjects(config.stream);
    this.payload = new Uint8Array(randomBytes(config.payloadBytes));
    this.stream = { name: config.stream, replicas: canaryReplicas(config), leader: null, ready: false };
  }

  start(): void {
    void this.openControl();
    this.links.forEach((_, i) => void this.openLink(i));
    this.nextTickAt = performance.now();
    this.scheduleTick();
    this.every("ping", RTT_EVERY_MS, () => this.pingAll());
    this.every("stream", STREAM_CHECK_EVERY_MS, () => void this.keepStream());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.loops.values()) clearTimeout(t);
    for (const p of this.probes.values()) clearTimeout(p.timer);
    this.probes.clear();
    this.setState("stopped", null);
    await Promise.all([this.control, ...this.links.map((l) => l.nc)].map((nc) => nc?.close().catch(() => {})));
  }

  status(): ProberStatus {
    return {
      state: this.state,
      message: this.message,
      nodes: this.links.map((l) => ({ name: l.name, url: l.url, connected: l.connected })),
      stream: { ...this.stream },
      ackLatency: this.ackFollowed,
      since: this.since,
    };
  }

  private every(name: string, ms: number, run: () => void): void {
    const loop = () => {
      if (this.stopped) return;
      run();
      this.loops.set(name, setTimeout(loop, ms));
    };
    this.loops.set(name, setTimeout(loop, ms));
  }

  private publishStatus(): void {
    this.events.status(this.status());
  }

  private setState(state: ProberState, message: string | null): void {
    if (state !== this.state) this.since = new Date().toISOString();
    const changed = state !== this.state || message !== this.message;
    this.state = state;
    this.message = message;
    if (changed) this.publishStatus();
  }

  // ---- connections

  private async openControl(): Promise<void> {
    while (!this.stopped && !this.control) {
      try {
        const nc = await openConnection(this.config, { name: "jetstream-watch canary", pingInterval: 1000, maxPingOut: 2 });
        if (this.stopped) {
          await nc.close();
          return;
        }
        this.control = nc;
        if (this.config.ackLatency) this.followAcks(nc);
        await this.keepStream();
      } catch (err) {
        this.setState("failed", `cannot connect: ${classifyConnectionError(err, "canary").message}`);
        await sleep(RETRY_MS);
      }
    }
  }

  private async openLink(i: number): Promise<void> {
    const link = this.links[i];
    while (!this.stopped && !link.nc) {
      try {
        // One server only: a probe on this connection crosses this node, or fails with it.
        const nc = await openConnection(
          { ...this.config, urls: [link.url] },
          { name: `jetstream-watch canary ${i + 1}`, noRandomize: true, ignoreClusterUpdates: true, pingInterval: 1000, maxPingOut: 2 },
        );
        if (this.stopped) {
          await nc.close();
          return;
        }
        link.nc = nc;
        link.js = jetstream(nc, { timeout: this.config.timeoutMs });
        link.name = this.config.names?.[i] ?? nc.info?.server_name ?? link.name;
        nc.subscribe(`${this.subjects.run(this.run)}.>`, {
          callback: (err, msg) => {
            if (!err) this.delivered(i, msg.subject);
          },
        });
        await nc.flush();
        link.listening = true;
        link.connected = true;
        this.publishStatus();
        void this.watchLink(link, nc);
      } catch (err) {
        link.connected = false;
        this.publishStatus();
        if (this.links.every((l) => !l.connected)) this.setState("failed", `cannot connect to any node: ${classifyConnectionError(err, "canary").message}`);
        await sleep(RETRY_MS);
      }
    }
  }

  private async watchLink(link: NodeLink, nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      const connected = s.type === "reconnect" ? true : s.type === "disconnect" || s.type === "reconnecting" || s.type === "staleConnection" ? false : link.connected;
      // Deliveries are expected again once the client has re-made its subscription after a reconnect.
      if (s.type === "reconnect") await nc.flush().catch(() => {});
      if (connected !== link.connected) {
        link.connected = connected;
        link.listening = connected;
        this.publishStatus();
      }
    }
  }

  // ---- the stream

  private wantedStream(): Partial<StreamConfig> & { name: string } {
    const { config } = this;
    return {
      name: config.stream,
      description: CANARY_DESCRIPTION,
      subjects: [this.subjects.stream],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: canaryReplicas(config),
      max_msgs: config.maxMsgs,
      // Headers and framing included: the stream can never hold more than this.
      max_bytes: config.maxMsgs * (config.payloadBytes + 512),
      max_age: nanos(config.maxAgeMs),
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(Math.min(config.maxAgeMs, 60_000)),
    };
  }

  /** Makes the canary stream, or brings its settings back; refuses a stream of that name it did not make. */
  private async keepStream(): Promise<void> {
    const nc = this.control;
    if (!nc || this.stopped) return;
    const wanted = this.wantedStream();
    try {
      this.jsm ??= await jetstreamManager(nc, { timeout: this.config.timeoutMs });
      const jsm = this.jsm;
      let info: StreamInfo;
      try {
        info = await jsm.streams.info(wanted.name);
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
        info = await jsm.streams.add(wanted);
      }
      if (info.config.description !== CANARY_DESCRIPTION) {
        this.ensured = false;
        this.stream = { ...this.stream, ready: false, leader: null };
        this.setState(
          "failed",
          `a stream named ${wanted.name} exists that the canary did not make; it never touches another stream: set canary.stream to a name of its own`,
        );
        return;
      }
      const c = info.config;
      const drifted =
        c.num_replicas !== wanted.num_replicas ||
        c.max_msgs !== wanted.max_msgs ||
        c.max_bytes !== wanted.max_bytes ||
        c.max_age !== wanted.max_age ||
        JSON.stringify(c.subjects) !== JSON.stringify(wanted.subjects);
      if (drifted) info = await jsm.streams.update(wanted.name, wanted);
      this.stream = { ...this.stream, leader: info.cluster?.leader ?? null, ready: true };
      this.ensured = true;
      this.setState("running", null);
      this.publishStatus();
    } catch (err) {
      this.stream = { ...this.stream, ready: false };
      const text = err instanceof JetStreamApiError ? `JetStream: ${err.message}` : classifyConnectionError(err, "canary").message;
      this.setState(this.state === "running" ? "running" : "failed", `the canary stream ${wanted.name}: ${text}`);
      this.publishStatus();
    }
  }

  // ---- probes

  private scheduleTick(): void {
    if (this.stopped) return;
    const interval = 1000 / this.config.ratePerSec;
    const now = performance.now();
    // A late tick is not made up for: probes keep their pace instead of bunching.
    this.nextTickAt = Math.max(this.nextTickAt + interval, now);
    this.loops.set(
      "tick",
      setTimeout(() => {
        this.tick();
        this.scheduleTick();
      }, this.nextTickAt - now),
    );
  }

  private tick(): void {
    if (!this.ensured) return;
    const n = this.links.length;
    for (let k = 0; k < n; k++) {
      const i = (this.turn + k) % n;
      const link = this.links[i];
      if (link.connected && link.js && link.nc) {
        this.turn = i + 1;
        this.probe(i, link);
        return;
      }
    }
  }

  private probe(from: number, link: NodeLink): void {
    const seq = ++this.seq;
    const at = Date.now();
    const awaiting = new Set(this.links.flatMap((l, i) => (l.listening && l.connected ? [i] : [])));
    const started = performance.now();
    const timer = setTimeout(() => this.expire(seq), this.config.timeoutMs);
    this.probes.set(seq, { from, started, at, awaiting, timer });
    const via = link.name;
    link.js!.publish(`${this.subjects.run(this.run)}.${seq}`, this.payload, { timeout: this.config.timeoutMs }).then(
      () => this.events.measured({ kind: "write", via, at, outcome: "ok", us: Math.round((performance.now() - started) * 1000) }),
      (err: unknown) => {
        const timedOut = err instanceof errors.TimeoutError;
        this.events.measured({ kind: "write", via, at, outcome: timedOut ? "timeout" : "error", us: null, error: timedOut ? undefined : errorText(err) });
      },
    );
  }

  private delivered(to: number, subject: string): void {
    const ended = performance.now();
    const seq = Number(subject.slice(subject.lastIndexOf(".") + 1));
    const probe = this.probes.get(seq);
    if (!probe || !probe.awaiting.delete(to)) return;
    this.events.measured({ kind: "e2e", from: this.links[probe.from].name, to: this.links[to].name, at: probe.at, outcome: "ok", us: Math.round((ended - probe.started) * 1000) });
    if (probe.awaiting.size === 0) this.settle(seq, probe);
  }

  private expire(seq: number): void {
    const probe = this.probes.get(seq);
    if (!probe) return;
    for (const to of probe.awaiting) this.events.measured({ kind: "e2e", from: this.links[probe.from].name, to: this.links[to].name, at: probe.at, outcome: "timeout", us: null });
    this.probes.delete(seq);
  }

  private settle(seq: number, probe: Probe): void {
    clearTimeout(probe.timer);
    this.probes.delete(seq);
  }

  private pingAll(): void {
    for (const link of this.links) {
      const nc = link.nc;
      if (!nc || !link.connected) continue;
      const at = Date.now();
      const started = performance.now();
      const node = link.name;
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        this.events.measured({ kind: "rtt", node, at, outcome: "timeout", us: null });
      }, this.config.timeoutMs);
      nc.rtt().then(
        () => {
          if (done) return;
          clearTimeout(timer);
          this.events.measured({ kind: "rtt", node, at, outcome: "ok", us: Math.round((performance.now() - started) * 1000) });
        },
        () => {
          if (done) return;
          clearTimeout(timer);
          this.events.measured({ kind: "rtt", node, at, outcome: "error", us: null });
        },
      );
    }
  }

  // ---- consumer ack metrics

  private followAcks(nc: NatsConnection): void {
    let sub: Subscription;
    try {
      sub = nc.subscribe(ACK_METRICS, {
        callback: (err, msg) => {
          if (err) return;
          let parsed: z.infer<typeof ackMetricSchema>;
          try {
            const result = ackMetricSchema.safeParse(msg.json());
            if (!result.success) return;
            parsed = result.data;
          } catch {
            return;
          }
          this.events.measured({
            kind: "ack",
            stream: parsed.stream,
            consumer: parsed.consumer,
            deliveries: parsed.deliveries ?? 1,
            at: Date.now(),
            outcome: "ok",
            us: Math.round(parsed.ack_time / 1000),
          });
        },
      });
    } catch (err) {
      this.message = `consumer ack metrics: ${classifyConnectionError(err, "canary").message}`;
      return;
    }
    this.ackFollowed = true;
    void sub.closed.then((err) => {
      if (err) {
        this.ackFollowed = false;
        this.message = `consumer ack metrics: ${classifyConnectionError(err, "canary").message}`;
        this.publishStatus();
      }
    });
  }
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port}`;
  } catch {
    return url;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
