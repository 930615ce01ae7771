import { setTimeout as sleep } from "node:timers/promises";
import { errors, nanos } from "@nats-io/transport-node";
import {
  AckPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { connectResilient } from "./connection";
import type { Credentials } from "./nats-config";

// The stream plan of the source documents (000 §6.2) and the consumers the traffic generator uses.
export const ORDERS_STREAM = "ORDERS";
export const LOGS_STREAM = "LOGS";
export const ORDER_SUBJECT = "prod.order.created";
export const LOG_SUBJECT = "prod.logs.app";
export const ORDER_PROCESSOR = "order-processor";
export const LOG_INDEXER = "log-indexer";
export const LOG_ARCHIVER = "log-archiver";

const DAY_MS = 24 * 60 * 60 * 1000;
// A fresh cluster can answer "JetStream system temporarily unavailable" or "insufficient
// resources" until every peer has reported to the meta leader (so can one whose node was just
// stopped and resumed); those clear within seconds.
const TRANSIENT_RETRY_MS = 30_000;

type StreamPlan = Partial<StreamConfig> & { name: string };
type ConsumerPlan = Partial<ConsumerConfig> & { durable_name: string };

function streamPlans(clusterSize: number): StreamPlan[] {
  return [
    {
      name: ORDERS_STREAM,
      subjects: ["prod.order.>"],
      retention: RetentionPolicy.Workqueue,
      num_replicas: Math.min(3, clusterSize),
      max_age: nanos(7 * DAY_MS),
      storage: StorageType.File,
    },
    {
      name: LOGS_STREAM,
      subjects: ["prod.logs.>"],
      retention: RetentionPolicy.Limits,
      num_replicas: 1,
      max_age: nanos(DAY_MS),
      storage: StorageType.File,
    },
  ];
}

// A WorkQueue stream rejects consumers with overlapping filters, so ORDERS gets exactly one.
const consumerPlans: Array<{ stream: string; consumer: ConsumerPlan }> = [
  {
    stream: ORDERS_STREAM,
    consumer: { durable_name: ORDER_PROCESSOR, ack_policy: AckPolicy.Explicit, filter_subject: "prod.order.>" },
  },
  { stream: LOGS_STREAM, consumer: { durable_name: LOG_INDEXER, ack_policy: AckPolicy.Explicit } },
  { stream: LOGS_STREAM, consumer: { durable_name: LOG_ARCHIVER, ack_policy: AckPolicy.Explicit } },
];

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/**
 * JSClusterNoPeersErrF (nats-server's jetstream_errors_generated.go), answered with status 400.
 * Seconds after a cluster starts on a loaded machine the meta leader may not yet have heard from
 * every peer and refuses an R3 placement ("no suitable peers for placement, peer offline"); a
 * placement that can never succeed still fails with this message once the retries run out.
 */
const CLUSTER_NO_PEERS = 10005;

function isTransient(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.status >= 500 || error.code === CLUSTER_NO_PEERS;
  return error instanceof errors.TimeoutError || error instanceof errors.RequestError;
}

export async function retryTransient<T>(what: string, action: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TRANSIENT_RETRY_MS;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (!isTransient(error) || Date.now() >= deadline) {
        throw new Error(`${what} failed: ${(error as Error).message}`, { cause: error });
      }
      await sleep(250);
    }
  }
}

async function ensureStream(jsm: JetStreamManager, plan: StreamPlan): Promise<void> {
  await retryTransient(`creating stream ${plan.name}`, async () => {
    try {
      await jsm.streams.info(plan.name);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      await jsm.streams.add(plan);
    }
  });
}

async function ensureConsumer(jsm: JetStreamManager, stream: string, plan: ConsumerPlan): Promise<void> {
  await retryTransient(`creating consumer ${stream} > ${plan.durable_name}`, async () => {
    try {
      await jsm.consumers.info(stream, plan.durable_name);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await jsm.consumers.add(stream, plan);
    }
  });
}

/** Creates ORDERS, LOGS and their pull consumers in account APP; existing ones are left alone. */
export async function createSeedAssets(servers: string[], app: Credentials): Promise<void> {
  const nc = await connectResilient(servers, app, "jsw-harness-seed");
  try {
    const jsm = await jetstreamManager(nc);
    // One client URL per node, so servers.length is the cluster size.
    await Promise.all(streamPlans(servers.length).map((plan) => ensureStream(jsm, plan)));
    await Promise.all(consumerPlans.map(({ stream, consumer }) => ensureConsumer(jsm, stream, consumer)));
  } finally {
    await nc.close();
  }
}
