import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, type ConsumerMessages, type JetStreamClient } from "@nats-io/jetstream";
import { connectResilient } from "./connection";
import type { Credentials } from "./nats-config";
import {
  LOG_ARCHIVER,
  LOG_INDEXER,
  LOG_SUBJECT,
  LOGS_STREAM,
  ORDER_PROCESSOR,
  ORDER_SUBJECT,
  ORDERS_STREAM,
} from "./seed";

export interface TrafficOptions {
  ordersPerSec?: number;
  logsPerSec?: number;
  slowAckPerSec?: number;
}

export interface TrafficStats {
  /** Messages the stream acknowledged. */
  published: number;
  /** Publishes that timed out or were rejected (expected while a node is down). */
  publishErrors: number;
  /** Messages acked by the healthy consumers (order-processor, log-indexer). */
  processed: number;
  /** Messages acked by the slow consumer (log-archiver). */
  slowProcessed: number;
}

export interface Traffic {
  stop(): Promise<void>;
  stats(): TrafficStats;
}

const ORDER_PAYLOAD_BYTES = 1024;
const PUBLISH_ACK_TIMEOUT_MS = 2000;
// Bounds the publishes waiting for an ack while a stream has no leader, so a long outage cannot
// pile up unbounded promises; ticks over the limit are counted as publish errors.
const MAX_PUBLISHES_IN_FLIGHT = 200;
const FETCH_BATCH = 100;
// The client's minimum pull expiry: short, so a loop notices stop() and lost leaders quickly.
const FETCH_EXPIRES_MS = 1000;
const RETRY_DELAY_MS = 250;
const STOP_GRACE_MS = 1000;

/** A ~1 KB order in the shape of the source documents' `prod.order.created` schema. */
function orderPayload(sequence: number): string {
  const order = {
    trace_id: randomUUID(),
    timestamp: Math.floor(Date.now() / 1000),
    data: { order_id: `ORD-${String(sequence).padStart(8, "0")}`, amount: Math.round(Math.random() * 100_000) / 100 },
    padding: "",
  };
  const unpaddedBytes = Buffer.byteLength(JSON.stringify(order));
  order.padding = "x".repeat(Math.max(0, ORDER_PAYLOAD_BYTES - unpaddedBytes));
  return JSON.stringify(order);
}

function logPayload(sequence: number): string {
  return JSON.stringify({ timestamp: new Date().toISOString(), level: "info", message: `request ${sequence} served` });
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  await Promise.race([promise.catch(() => undefined), sleep(ms)]);
}

class TrafficGenerator implements Traffic {
  readonly #counters: TrafficStats = { published: 0, publishErrors: 0, processed: 0, slowProcessed: 0 };
  readonly #stopSignal = new AbortController();
  readonly #publishesInFlight = new Set<Promise<void>>();
  readonly #openBatches = new Set<ConsumerMessages>();
  #connection: NatsConnection | undefined;
  readonly #running: Promise<void>;
  #stopped: Promise<void> | undefined;

  constructor(
    private readonly servers: string[],
    private readonly app: Credentials,
    private readonly options: Required<TrafficOptions>,
  ) {
    this.#running = this.#run();
  }

  stats(): TrafficStats {
    return { ...this.#counters };
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#shutdown();
    return this.#stopped;
  }

  get #stopping(): boolean {
    return this.#stopSignal.signal.aborted;
  }

  /** Sleeps, but wakes up early (without throwing) when stop() is called. */
  async #pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.#stopSignal.signal }).catch(() => undefined);
  }

  async #run(): Promise<void> {
    const nc = await this.#connect();
    if (!nc) return;
    const js = jetstream(nc);
    const { ordersPerSec, logsPerSec, slowAckPerSec } = this.options;
    await Promise.all([
      this.#publishSteadily(js, ORDER_SUBJECT, ordersPerSec, orderPayload),
      this.#publishSteadily(js, LOG_SUBJECT, logsPerSec, logPayload),
      this.#consumeEagerly(js, ORDERS_STREAM, ORDER_PROCESSOR),
      this.#consumeEagerly(js, LOGS_STREAM, LOG_INDEXER),
      this.#consumeSlowly(js, LOGS_STREAM, LOG_ARCHIVER, slowAckPerSec),
    ]);
  }

  // connect() gives up when no server answers at all, e.g. the whole cluster is being restarted.
  async #connect(): Promise<NatsConnection | undefined> {
    while (!this.#stopping) {
      try {
        const nc = await connectResilient(this.servers, this.app, "jsw-harness-traffic");
        if (!this.#stopping) return (this.#connection = nc);
        await nc.close();
      } catch {
        await this.#pause(RETRY_DELAY_MS);
      }
    }
    return undefined;
  }

  async #publishSteadily(
    js: JetStreamClient,
    subject: string,
    perSec: number,
    payload: (sequence: number) => string,
  ): Promise<void> {
    if (perSec <= 0) return;
    const intervalMs = 1000 / perSec;
    let sequence = 0;
    let nextAt = performance.now();
    while (!this.#stopping) {
      sequence += 1;
      if (this.#publishesInFlight.size < MAX_PUBLISHES_IN_FLIGHT) {
        this.#trackPublish(js.publish(subject, payload(sequence), { timeout: PUBLISH_ACK_TIMEOUT_MS }));
      } else {
        this.#counters.publishErrors += 1;
      }
      // Keep a steady schedule, but after a long stall restart it rather than bursting to catch up.
      nextAt = Math.max(nextAt + intervalMs, performance.now() - 1000);
      await this.#pause(Math.max(0, nextAt - performance.now()));
    }
  }

  #trackPublish(ack: Promise<unknown>): void {
    const settled = ack.then(
      () => void (this.#counters.published += 1),
      () => void (this.#counters.publishErrors += 1),
    );
    this.#publishesInFlight.add(settled);
    void settled.finally(() => this.#publishesInFlight.delete(settled));
  }

  /** A healthy worker: pulls batches and acks everything it gets. */
  async #consumeEagerly(js: JetStreamClient, stream: string, durable: string): Promise<void> {
    while (!this.#stopping) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        while (!this.#stopping) {
          const batch = await consumer.fetch({ max_messages: FETCH_BATCH, expires: FETCH_EXPIRES_MS });
          this.#openBatches.add(batch);
          try {
            for await (const msg of batch) {
              msg.ack();
              this.#counters.processed += 1;
            }
          } finally {
            this.#openBatches.delete(batch);
          }
        }
      } catch {
        // Leader lost, consumer info timed out, reconnecting: try again shortly.
        await this.#pause(RETRY_DELAY_MS);
      }
    }
  }

  /** A worker that can only handle `perSec` messages a second, so its backlog keeps growing. */
  async #consumeSlowly(js: JetStreamClient, stream: string, durable: string, perSec: number): Promise<void> {
    if (perSec <= 0) return;
    while (!this.#stopping) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        while (!this.#stopping) {
          const msg = await consumer.next({ expires: FETCH_EXPIRES_MS });
          if (!msg) continue;
          await this.#pause(1000 / perSec);
          msg.ack();
          this.#counters.slowProcessed += 1;
        }
      } catch {
        await this.#pause(RETRY_DELAY_MS);
      }
    }
  }

  async #shutdown(): Promise<void> {
    this.#stopSignal.abort();
    for (const batch of this.#openBatches) void batch.close().catch(() => undefined);
    await settleWithin(Promise.allSettled([...this.#publishesInFlight]), STOP_GRACE_MS);
    const nc = this.#connection;
    if (nc) {
      // drain() flushes the last acks but waits on the server, which may be the one SIGSTOPped.
      await settleWithin(nc.drain(), STOP_GRACE_MS / 2);
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    }
    await settleWithin(this.#running, STOP_GRACE_MS / 2);
  }
}

export function startTraffic(servers: string[], app: Credentials, options: TrafficOptions = {}): Traffic {
  return new TrafficGenerator(servers, app, {
    ordersPerSec: options.ordersPerSec ?? 20,
    logsPerSec: options.logsPerSec ?? 10,
    slowAckPerSec: options.slowAckPerSec ?? 1,
  });
}
