/**
 * Fills the benchmark cluster: N replicated file streams in account APP, each with K durable pull
 * consumers, a few messages in a sample of them, and a steady publisher for the "with traffic"
 * window. Creating R3 assets is slow (every one is a meta-group proposal and a new Raft group), so
 * it runs with a bounded number of requests in flight and retries what the servers call transient.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { connect, errors, type NatsConnection } from "@nats-io/transport-node";
import {
  AckPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { Harness } from "../../test/harness/cluster";

// On a busy 2-core machine a stream create on 2.9.10 can take several seconds to be answered; the
// client's default (its connect timeout) would turn that into spurious failures.
const API_TIMEOUT_MS = 20_000;
const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
const PROGRESS_EVERY = 100;
const SAMPLE_EVERY = 10;
const MESSAGES_PER_SAMPLED_STREAM = 10;
const PAYLOAD_BYTES = 256;
const TRAFFIC_TICK_MS = 100;
/** How many streams the "with traffic" window publishes to. */
export const TRAFFIC_STREAMS = 100;
const MAX_PUBLISHES_IN_FLIGHT = 2000;

export interface PopulatePlan {
  streams: number;
  consumersPerStream: number;
  replicas: number;
  concurrency: number;
}

export interface PopulateResult {
  streams: number;
  consumers: number;
  seconds: number;
  retries: number;
  sampleMessages: number;
}

const pad = (index: number, total: number) => String(index).padStart(String(total).length, "0");
export const benchStreamName = (index: number, total: number) => `BENCH_${pad(index, total)}`;
const benchSubject = (index: number) => `bench.${index}.msg`;
const consumerName = (ordinal: number) => `worker-${ordinal}`;
const payload = (sequence: number) => JSON.stringify({ sequence, at: new Date().toISOString() }).padEnd(PAYLOAD_BYTES, " ");

/** `count` stream indexes spread evenly over 1…total. */
function sampleIndexes(total: number, count: number): number[] {
  const step = Math.max(1, Math.floor(total / Math.min(count, total)));
  const indexes: number[] = [];
  for (let index = 1; index <= total && indexes.length < count; index += step) indexes.push(index);
  return indexes;
}

export function connectApp(harness: Harness, name: string): Promise<NatsConnection> {
  return connect({
    servers: harness.nodes.map((node) => node.clientUrl),
    user: harness.app.user,
    pass: harness.app.password,
    name,
    timeout: 5000,
    maxReconnectAttempts: -1,
  });
}

/** Server errors (5xx: "temporarily unavailable", "insufficient resources"), timeouts and no-responders clear up. */
function isTransient(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.status >= 500;
  return error instanceof errors.TimeoutError || error instanceof errors.RequestError;
}

class RetryCounter {
  count = 0;

  async run<T>(what: string, action: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (!isTransient(error) || attempt >= MAX_ATTEMPTS) {
          throw new Error(`${what} failed after ${attempt} attempt(s): ${(error as Error).message}`, { cause: error });
        }
        this.count += 1;
        await sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1)));
      }
    }
  }
}

/** Creating an asset with the same config again is accepted by the server, so a retried create is safe. */
async function createStreamWithConsumers(jsm: JetStreamManager, index: number, plan: PopulatePlan, retries: RetryCounter) {
  const name = benchStreamName(index, plan.streams);
  await retries.run(`creating stream ${name}`, () =>
    jsm.streams.add({
      name,
      subjects: [`bench.${index}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: plan.replicas,
    }),
  );
  for (let ordinal = 1; ordinal <= plan.consumersPerStream; ordinal++) {
    await retries.run(`creating consumer ${name} > ${consumerName(ordinal)}`, () =>
      jsm.consumers.add(name, { durable_name: consumerName(ordinal), ack_policy: AckPolicy.Explicit }),
    );
  }
}

/** Runs `task(i)` for i = 1…total with at most `concurrency` running at once; the first failure stops new ones. */
async function runBounded(total: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 1;
  let failure: unknown;
  const worker = async () => {
    while (next <= total && failure === undefined) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  if (failure !== undefined) throw failure;
}

export async function createBenchAssets(harness: Harness, plan: PopulatePlan, log: (line: string) => void): Promise<PopulateResult> {
  const nc = await connectApp(harness, "jsw-bench-populate");
  const retries = new RetryCounter();
  const started = performance.now();
  const elapsedSeconds = () => (performance.now() - started) / 1000;
  let done = 0;
  try {
    const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
    await runBounded(plan.streams, plan.concurrency, async (index) => {
      await createStreamWithConsumers(jsm, index, plan, retries);
      done += 1;
      if (done % PROGRESS_EVERY === 0 || done === plan.streams) {
        const rate = done / elapsedSeconds();
        log(
          `${done}/${plan.streams} streams, ${done * plan.consumersPerStream} consumers, ` +
            `${elapsedSeconds().toFixed(0)} s (${rate.toFixed(1)} streams/s), ${retries.count} retries`,
        );
      }
    });
    const seconds = elapsedSeconds();
    const sampleMessages = await publishSample(jetstream(nc, { timeout: API_TIMEOUT_MS }), plan.streams, retries);
    return {
      streams: plan.streams,
      consumers: plan.streams * plan.consumersPerStream,
      seconds,
      retries: retries.count,
      sampleMessages,
    };
  } finally {
    await nc.close();
  }
}

/** A few messages into every tenth stream, so stream depths and consumer backlogs are not all zero. */
async function publishSample(js: JetStreamClient, totalStreams: number, retries: RetryCounter): Promise<number> {
  const indexes = sampleIndexes(totalStreams, Math.ceil(totalStreams / SAMPLE_EVERY));
  let published = 0;
  await runBounded(indexes.length, 16, async (position) => {
    const index = indexes[position - 1];
    for (let sequence = 1; sequence <= MESSAGES_PER_SAMPLED_STREAM; sequence++) {
      await retries.run(`publishing to ${benchSubject(index)}`, () => js.publish(benchSubject(index), payload(sequence)));
      published += 1;
    }
  });
  return published;
}

export interface TrafficStats {
  /** Publishes the streams acknowledged, and those that failed. */
  published: number;
  failed: number;
  /** Publishes not even attempted because too many were waiting for an ack (the cluster fell behind). */
  skipped: number;
  streams: number;
}

export interface BenchTraffic {
  stats(): Promise<TrafficStats>;
  stop(): Promise<void>;
}

/**
 * Publishes `ratePerSec` messages/s round-robin over up to 100 streams until stopped. Publishes do
 * not wait for each other's acks, so a slow cluster does not lower the offered rate; past
 * MAX_PUBLISHES_IN_FLIGHT unacknowledged ones, ticks are skipped and counted instead.
 */
export async function startBenchTraffic(harness: Harness, totalStreams: number, ratePerSec: number): Promise<BenchTraffic> {
  const nc = await connectApp(harness, "jsw-bench-traffic");
  const js = jetstream(nc, { timeout: API_TIMEOUT_MS });
  const indexes = sampleIndexes(totalStreams, TRAFFIC_STREAMS);
  const counters = { published: 0, failed: 0, skipped: 0 };
  const inFlight = new Set<Promise<void>>();
  const controller = new AbortController();
  const perTick = Math.max(1, Math.round((ratePerSec * TRAFFIC_TICK_MS) / 1000));

  const publishOne = (sequence: number) => {
    if (inFlight.size >= MAX_PUBLISHES_IN_FLIGHT) {
      counters.skipped += 1;
      return;
    }
    const publish: Promise<void> = js.publish(benchSubject(indexes[sequence % indexes.length]), payload(sequence)).then(
      () => void (counters.published += 1),
      () => void (counters.failed += 1),
    );
    inFlight.add(publish);
    void publish.finally(() => inFlight.delete(publish));
  };

  const loop = async () => {
    let sequence = 0;
    const started = performance.now();
    for (let tick = 1; !controller.signal.aborted; tick++) {
      for (let n = 0; n < perTick; n++) publishOne(++sequence);
      const wait = started + tick * TRAFFIC_TICK_MS - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  };
  const running = loop();
  return {
    stats: async () => ({ ...counters, streams: indexes.length }),
    async stop() {
      controller.abort();
      await running;
      await Promise.allSettled([...inFlight]);
      await nc.close();
    },
  };
}
