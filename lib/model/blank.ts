/**
 * What the model shows of a node or an asset that nothing reported this poll, one list per kind.
 * A field added to a view that only a report can fill belongs in its list here.
 */
import type { ConsumerView, NodeView, StreamView } from "./types";

/** A node never heard from: its identity and status are all that is known. */
export const NODE_NOT_SEEN: Omit<NodeView, "url" | "source" | "name" | "status" | "statusReason" | "endpoints"> = {
  serverId: null,
  stale: false,
  lastSeenAt: null,
  version: null,
  startedAt: null,
  uptime: null,
  cpuPercent: null,
  cores: null,
  memBytes: null,
  connections: null,
  subscriptions: null,
  slowConsumers: null,
  slowConsumerStats: null,
  rates: null,
  counters: null,
  maxPendingBytes: null,
  topPendingConnections: null,
  monitorExposure: null,
  jetstream: null,
  health: null,
  isMetaLeader: false,
  clock: null,
};

/** A stream no node that hosts it reported: its configuration stands, its state and placement are unknown. */
export const STREAM_UNREPORTED: Pick<
  StreamView,
  "replicas" | "hostedOn" | "underReplicated" | "messages" | "bytes" | "firstSeq" | "lastSeq" | "numSubjects" | "consumerCount" | "msgsPerSec" | "bytesPerSec"
> = {
  replicas: null,
  hostedOn: [],
  underReplicated: false,
  messages: null,
  bytes: null,
  firstSeq: null,
  lastSeq: null,
  numSubjects: null,
  consumerCount: null,
  msgsPerSec: null,
  bytesPerSec: null,
};

/** A consumer no node that hosts it reported: its configuration stands, its counters and flags are unknown. */
export const CONSUMER_UNREPORTED: Pick<
  ConsumerView,
  "replicas" | "hostedOn" | "numPending" | "numAckPending" | "numRedelivered" | "numWaiting" | "unprocessedPercent" | "ackPerSec" | "stalled" | "fallingBehind"
> = {
  replicas: null,
  hostedOn: [],
  numPending: null,
  numAckPending: null,
  numRedelivered: null,
  numWaiting: null,
  unprocessedPercent: null,
  ackPerSec: null,
  stalled: false,
  fallingBehind: false,
};
