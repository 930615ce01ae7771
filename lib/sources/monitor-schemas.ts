/**
 * The fields JetStream Watch reads from the nats-server monitoring endpoints, as tolerant zod
 * schemas: unknown fields pass, version-dependent fields are optional (2.9.10 … 2.15.x, see
 * shared/nats-monitoring-reference.md §2 and the README's "Where the numbers come from"). Durations are integer nanoseconds; uint64 "unlimited"
 * values (2^64−1) arrive rounded by JSON.parse and are recognised by `isUnlimited`.
 */
import { z } from "zod";

const int = z.number();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();

export const peerInfoSchema = z.looseObject({
  name: z.string(),
  current: opt(z.boolean()),
  offline: opt(z.boolean()),
  active: opt(int),
  lag: opt(int),
  peer: opt(z.string()),
});

export const clusterInfoSchema = z.looseObject({
  name: opt(z.string()),
  leader: opt(z.string()),
  leader_since: opt(z.string()),
  raft_group: opt(z.string()),
  replicas: opt(z.array(peerInfoSchema).nullable()),
});

export const metaClusterSchema = z.looseObject({
  name: opt(z.string()),
  leader: opt(z.string()),
  peer: opt(z.string()),
  cluster_size: opt(int),
  /** The answering server's effective meta quorum (2.15+); lower than a majority only during a rescue. */
  quorum_needed: opt(int),
  /** 2.15+: an unsafe quorum rescue (`$JS.API.META.RESCUE`) is active on the answering server. */
  rescue: opt(z.boolean()),
  pending: opt(int),
  replicas: opt(z.array(peerInfoSchema).nullable()),
});

/** Server-wide JetStream limits; 2.10.28 prints Go-cased keys, 2.11+ snake_case, all omitempty. */
const jetStreamLimitsSchema = z.looseObject({
  /** 2.15+: max_consumers of a stream that sets none (and whose account sets none); default 1000, -1 unlimited. */
  default_max_consumers: opt(int),
});

const jetStreamConfigSchema = z.looseObject({
  max_memory: opt(int),
  max_storage: opt(int),
  store_dir: opt(z.string()),
  domain: opt(z.string()),
});

const apiStatsSchema = z.looseObject({ total: opt(int), errors: opt(int), level: opt(int) });

export const varzSchema = z.looseObject({
  server_id: z.string(),
  server_name: opt(z.string()),
  version: z.string(),
  start: opt(z.string()),
  now: z.string(),
  uptime: opt(z.string()),
  mem: opt(int),
  cpu: opt(int),
  cores: opt(int),
  connections: opt(int),
  total_connections: opt(int),
  subscriptions: opt(int),
  routes: opt(int),
  in_msgs: opt(int),
  out_msgs: opt(int),
  in_bytes: opt(int),
  out_bytes: opt(int),
  in_client_msgs: opt(int),
  out_client_msgs: opt(int),
  in_client_bytes: opt(int),
  out_client_bytes: opt(int),
  slow_consumers: opt(int),
  slow_consumer_stats: opt(z.looseObject({ clients: opt(int), routes: opt(int), gateways: opt(int), leafs: opt(int) })),
  max_pending: opt(int),
  cluster: opt(z.looseObject({ name: opt(z.string()) })),
  jetstream: opt(
    z.looseObject({
      config: opt(jetStreamConfigSchema),
      stats: opt(z.looseObject({ memory: opt(int), storage: opt(int), api: opt(apiStatsSchema) })),
      meta: opt(metaClusterSchema),
    }),
  ),
});

const sequenceInfoSchema = z.looseObject({
  consumer_seq: opt(int),
  stream_seq: opt(int),
  last_active: opt(z.string()),
});

export const consumerInfoSchema = z.looseObject({
  stream_name: z.string(),
  name: z.string(),
  created: opt(z.string()),
  config: opt(
    z
      .looseObject({
        durable_name: opt(z.string()),
        ack_policy: opt(z.string()),
        deliver_subject: opt(z.string()),
        filter_subject: opt(z.string()),
        filter_subjects: opt(z.array(z.string()).nullable()),
        max_ack_pending: opt(int),
        max_deliver: opt(int),
        num_replicas: opt(int),
        metadata: opt(z.record(z.string(), z.string()).nullable()),
      })
      .nullable(),
  ),
  delivered: opt(sequenceInfoSchema),
  ack_floor: opt(sequenceInfoSchema),
  num_ack_pending: opt(int),
  num_redelivered: opt(int),
  num_waiting: opt(int),
  num_pending: opt(int),
  cluster: opt(clusterInfoSchema),
  push_bound: opt(z.boolean()),
  paused: opt(z.boolean()),
});

export const streamDetailSchema = z.looseObject({
  name: z.string(),
  created: opt(z.string()),
  cluster: opt(clusterInfoSchema),
  config: opt(
    z
      .looseObject({
        subjects: opt(z.array(z.string()).nullable()),
        retention: opt(z.string()),
        storage: opt(z.string()),
        num_replicas: opt(int),
        max_bytes: opt(int),
        max_msgs: opt(int),
        max_age: opt(int),
        max_consumers: opt(int),
        metadata: opt(z.record(z.string(), z.string()).nullable()),
      })
      .nullable(),
  ),
  state: z.looseObject({
    messages: int,
    bytes: int,
    first_seq: opt(int),
    first_ts: opt(z.string()),
    last_seq: opt(int),
    last_ts: opt(z.string()),
    num_subjects: opt(int),
    num_deleted: opt(int),
    consumer_count: opt(int),
  }),
  consumer_detail: opt(z.array(consumerInfoSchema).nullable()),
});

export const jszSchema = z.looseObject({
  server_id: opt(z.string()),
  now: opt(z.string()),
  disabled: opt(z.boolean()),
  config: opt(jetStreamConfigSchema),
  memory: opt(int),
  storage: opt(int),
  reserved_memory: opt(int),
  reserved_storage: opt(int),
  streams: opt(int),
  consumers: opt(int),
  messages: opt(int),
  bytes: opt(int),
  ha_assets: opt(int),
  api: opt(apiStatsSchema),
  limits: opt(jetStreamLimitsSchema),
  meta_cluster: opt(metaClusterSchema),
  account_details: opt(
    z
      .array(
        z.looseObject({
          name: z.string(),
          id: opt(z.string()),
          memory: opt(int),
          storage: opt(int),
          reserved_memory: opt(int),
          reserved_storage: opt(int),
          stream_detail: opt(z.array(streamDetailSchema).nullable()),
        }),
      )
      .nullable(),
  ),
});

export const healthzSchema = z.looseObject({
  status: z.string(),
  status_code: opt(int),
  error: opt(z.string()),
  errors: opt(
    z
      .array(
        z.looseObject({
          type: opt(z.string()),
          account: opt(z.string()),
          stream: opt(z.string()),
          consumer: opt(z.string()),
          error: opt(z.string()),
        }),
      )
      .nullable(),
  ),
});

export const connzSchema = z.looseObject({
  num_connections: opt(int),
  total: opt(int),
  connections: opt(
    z
      .array(
        z.looseObject({
          cid: int,
          name: opt(z.string()),
          account: opt(z.string()),
          ip: opt(z.string()),
          pending_bytes: opt(int),
        }),
      )
      .nullable(),
  ),
});

export type Varz = z.infer<typeof varzSchema>;
export type Connz = z.infer<typeof connzSchema>;
export type Jsz = z.infer<typeof jszSchema>;
export type Healthz = z.infer<typeof healthzSchema>;
export type PeerInfo = z.infer<typeof peerInfoSchema>;
export type StreamDetail = z.infer<typeof streamDetailSchema>;
export type ConsumerInfo = z.infer<typeof consumerInfoSchema>;

/** uint64 max (and anything ≥ 2^63) means "no limit"; so do the -1 limits in stream config. */
export function isUnlimited(value: number | undefined | null): boolean {
  return value === undefined || value === null || value < 0 || value >= 2 ** 63;
}
