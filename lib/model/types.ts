/**
 * JetStream Watch's own model of a cluster. Field names are the stable API contract
 * (design.md §5): camelCase, units in names where they could be ambiguous.
 * This file holds types only, so client components may `import type` from it.
 */
import type { LatencyTargets } from "../sources/canary/config";
import type { ProberState } from "../sources/canary/measurement";
import type { EndpointFailureKind, SourceKind, SystemConnectionState, SystemFailureKind } from "../sources/outcome";

/** What the browser sees of one endpoint fetch (never the payload). */
export interface EndpointResult {
  ok: boolean;
  kind?: EndpointFailureKind;
  status?: number;
  message?: string;
  ms: number;
  bytes?: number;
}

export type NodeStatus =
  | "up" // varz, jsz and healthz all fine
  | "degraded" // answers, but healthz is not ok or JetStream data could not be read
  | "down" // does not answer (refused, timeout, proxy 502/504)
  | "auth-failed" // the monitoring endpoint or its proxy rejected our credentials
  | "bad-response"; // answers something that is not a usable monitoring response

export interface NodeRates {
  inMsgsPerSec: number;
  outMsgsPerSec: number;
  inBytesPerSec: number;
  outBytesPerSec: number;
  /** Client-only counters (2.12.9+/2.14.1+); null on older servers, whose counters include route traffic. */
  inClientMsgsPerSec: number | null;
  outClientMsgsPerSec: number | null;
}

export interface NodeCounters {
  inMsgs: number;
  outMsgs: number;
  inBytes: number;
  outBytes: number;
}

export interface NodeJetStream {
  storageBytes: number;
  /** null when the server reports no limit. An unset max_file defaults to 75 % of free disk at server start. */
  storageLimitBytes: number | null;
  memoryBytes: number;
  memoryLimitBytes: number | null;
  streams: number;
  consumers: number;
  haAssets: number;
  apiTotal: number;
  apiErrors: number;
}

/** Which sources a cluster is read from, and how the system-account connection is doing. */
/**
 * This dashboard's part in collecting the cluster, when several share one PostgreSQL: its leader
 * polls the nodes; the others show the leader's cycles. A single process leads every cluster.
 */
export interface ReplicaRole {
  /** The replica that says this (host and process), as in /api/health. */
  replica: string;
  leading: boolean;
  /** When it began leading, or following. */
  since: string;
  /** True when other replicas may lead: the store is shared (PostgreSQL). */
  shared: boolean;
  /**
   * Since when the shared store cannot be reached, while it cannot. A leader goes on polling (no
   * replica can take over through a database that is down); a follower, cut off from its leader's
   * cycles, polls for its own viewers, sending no alert and writing nothing, until the store says
   * again who leads.
   */
  storeDownSince?: string;
}

export interface SourcesView {
  http: { urls: number } | null;
  system: {
    state: SystemConnectionState;
    /** The last fan-out: how many servers answered, or why it failed. */
    lastPoll: { ok: true; servers: number; ms: number } | { ok: false; kind: SystemFailureKind; message: string } | null;
  } | null;
  /** Set by the hub as it publishes; absent in a snapshot made outside one. */
  replica?: ReplicaRole;
}

export interface NodeView {
  /**
   * The node's stable identity in the dashboard: its configured monitoring URL (credentials
   * stripped), or `nats-sys://<server name>` for a node known only through the system account.
   */
  url: string;
  /** Where this poll's figures came from. */
  source: SourceKind;
  name: string;
  serverId: string | null;
  status: NodeStatus;
  statusReason: string;
  /** Values below are from an earlier poll (the node did not answer this time). */
  stale: boolean;
  lastSeenAt: string | null;
  version: string | null;
  startedAt: string | null;
  uptime: string | null;
  cpuPercent: number | null;
  cores: number | null;
  memBytes: number | null;
  connections: number | null;
  subscriptions: number | null;
  slowConsumers: number | null;
  /** By connection kind; 2.10+ only. */
  slowConsumerStats: { clients: number; routes: number; gateways: number; leafs: number } | null;
  rates: NodeRates | null;
  /** The server's cumulative message and byte counters (varz) as of this poll; null when varz was not read this time. */
  counters: NodeCounters | null;
  /** Per-connection outbound buffer limit (varz max_pending); a client past it is cut off as a slow consumer. */
  maxPendingBytes: number | null;
  /** Open client connections with the most pending outbound bytes (connz sort=pending); null when not read. */
  topPendingConnections: PendingConnection[] | null;
  /**
   * How the monitoring port was reached: "authenticated" (credentials sent and accepted), "loopback"
   * (no credentials, on this machine), "open" (answered without any credentials from another host:
   * the security finding of the source documents), or null when not polled over HTTP.
   */
  monitorExposure: "authenticated" | "loopback" | "open" | null;
  jetstream: NodeJetStream | null;
  health: { status: string; message: string | null } | null;
  isMetaLeader: boolean;
  endpoints: { varz: EndpointResult; jsz: EndpointResult; healthz: EndpointResult };
  /** The node's clock against the dashboard's, from this poll's varz `now`; null when varz was not read this time. */
  clock: ClockSkew | null;
}

/**
 * How far a node's clock is from the dashboard's: `skewMs` > 0 when the node is ahead. The node's
 * time was read somewhere inside the request's round trip, so the truth is within ± `errorMs`
 * (half the round trip) of `skewMs`.
 */
export interface ClockSkew {
  skewMs: number;
  errorMs: number;
}

export interface PendingConnection {
  cid: number;
  name: string | null;
  account: string | null;
  ip: string | null;
  pendingBytes: number;
}

/** A JetStream account's usage summed over nodes (replicas count, as they do toward its limits). */
export interface AccountView {
  name: string;
  storageBytes: number;
  memoryBytes: number;
  /** null when unlimited. */
  storageLimitBytes: number | null;
  memoryLimitBytes: number | null;
}

export interface MetaPeer {
  name: string;
  leader: boolean;
  current: boolean;
  offline: boolean;
  /** Time since the meta leader last heard from this peer; 0 for the leader itself. */
  activeMs: number | null;
  lag: number;
}

export interface MetaView {
  leader: string | null;
  clusterSize: number | null;
  /** Peers that must agree, as the meta leader reports it (2.15+); null when unreported. */
  quorumNeeded: number | null;
  /** Nodes whose meta group runs an unsafe quorum rescue (2.15+ `$JS.API.META.RESCUE`), by name; empty when none. */
  rescueOn: string[];
  /** From the meta leader's own report only; null when that view is unavailable. */
  peers: MetaPeer[] | null;
  note: string | null;
}

export interface ReplicaView {
  name: string;
  current: boolean;
  /** Raft operations behind the leader. */
  lag: number;
  offline: boolean;
  /** Time since the leader last heard from this replica; null when never seen. */
  activeMs: number | null;
  /** When the dashboard first saw this replica not current or behind (kept while it stays so); null when caught up. */
  laggingSince: string | null;
}

/** Where an asset's figures come from: its leader, or nowhere trustworthy. */
export type AssetTruth = "leader" | "leader-unreachable" | "leaderless";

export interface StreamView {
  account: string;
  name: string;
  leader: string | null;
  truth: AssetTruth;
  truthNote: string | null;
  /** Followers as seen by the leader (the leader itself is not listed); null without the leader's view. */
  replicas: ReplicaView[] | null;
  /** Nodes that reported hosting this stream in this poll. */
  hostedOn: string[];
  /** The leader has fewer followers than the configured replicas minus one, or a follower is offline. */
  underReplicated: boolean;
  /** Since when the current leader leads (2.11.9+ servers only). */
  leaderSince: string | null;
  numReplicas: number | null;
  subjects: string[];
  retention: string | null;
  storage: string | null;
  maxBytes: number | null;
  maxMsgs: number | null;
  maxAgeMs: number | null;
  maxConsumers: number | null;
  /** maxConsumers is the servers' `default_max_consumers` (2.15+), applied because the stream sets no limit of its own. */
  maxConsumersIsServerDefault: boolean;
  messages: number | null;
  bytes: number | null;
  firstSeq: number | null;
  lastSeq: number | null;
  firstTs: string | null;
  lastTs: string | null;
  numSubjects: number | null;
  consumerCount: number | null;
  /** Messages stored per second: advance of the last sequence since the previous poll. */
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  created: string | null;
  metadata: Record<string, string> | null;
}

export interface ConsumerView {
  account: string;
  stream: string;
  name: string;
  leader: string | null;
  truth: AssetTruth;
  truthNote: string | null;
  replicas: ReplicaView[] | null;
  hostedOn: string[];
  durable: boolean;
  pull: boolean;
  ackPolicy: string | null;
  filterSubjects: string[];
  maxAckPending: number | null;
  numPending: number | null;
  numAckPending: number | null;
  numRedelivered: number | null;
  numWaiting: number | null;
  deliveredStreamSeq: number | null;
  ackFloorStreamSeq: number | null;
  deliveredConsumerSeq: number | null;
  ackFloorConsumerSeq: number | null;
  lastDeliveryAt: string | null;
  lastAckAt: string | null;
  /** numPending as a share of the stream's messages, in percent (what `nats consumer report` shows). */
  unprocessedPercent: number | null;
  /** Deliveries acknowledged per second: advance of the ack floor's consumer sequence since the previous poll. */
  ackPerSec: number | null;
  /** Work is pending but nothing was delivered for longer than the configured threshold. */
  stalled: boolean;
  /** Since when numPending has stayed above the level it had then; null when it is not growing. */
  pendingGrowingSince: string | null;
  /** The numPending level pendingGrowingSince is measured against. */
  pendingBaseline: number | null;
  /** numPending has kept growing for longer than the configured window. */
  fallingBehind: boolean;
  leaderSince: string | null;
  paused: boolean;
  created: string | null;
  metadata: Record<string, string> | null;
}

export type ClusterStatus = "ok" | "warning" | "critical";

/** A firing alert as the snapshot carries it (the full lifecycle is at /api/v1/alerts). */
export interface AlertView {
  id: string;
  rule: string;
  severity: "warning" | "critical";
  /** Human label of what the alert is about: "node n3", "APP > ORDERS replica n2". */
  subject: string;
  message: string;
  /** When it started firing. */
  since: string;
  acknowledged: { by: string; at: string; note: string } | null;
  silencedUntil: string | null;
}

export interface ThroughputSample {
  at: string;
  /** Sums over nodes of the per-node rates; see `basis`. */
  inMsgsPerSec: number;
  outMsgsPerSec: number;
  inBytesPerSec: number;
  outBytesPerSec: number;
  /** "clients" when every node reports client-only counters; otherwise "all-connections" (includes route traffic). */
  basis: "clients" | "all-connections";
  perNode: Record<string, { inMsgsPerSec: number; outMsgsPerSec: number }>;
}

export interface NodePlacement {
  name: string;
  streamLeaders: number;
  consumerLeaders: number;
  /** Stream replicas (leader or follower) this node hosts. */
  streamReplicas: number;
  /** Leads more than the configured ratio (default 1.5×) of the average stream leaders per node. */
  imbalanced: boolean;
}

export interface PlacementSummary {
  nodes: NodePlacement[];
  averageStreamLeaders: number;
}

/** A latency distribution's figures (ms), with the probes that did not complete counted apart. */
export interface LatencyFigures {
  /** Probes that completed: their latencies make the distribution. */
  count: number;
  timeouts: number;
  errors: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /**
   * The 99th percentile over every attempt, a timeout or error ranking above every completed
   * probe; null when more than 1 % failed (then it is at least the timeout). Targets are judged on it.
   */
  p99AttemptsMs: number | null;
}

/** The latency canary as it runs now. */
export interface CanaryView {
  state: ProberState;
  /** Why it does not measure, or what is wrong with its stream; null when all is well. */
  message: string | null;
  stream: string;
  replicas: number;
  streamLeader: string | null;
  streamReady: boolean;
  ratePerSec: number;
  payloadBytes: number;
  timeoutMs: number;
  maxMsgs: number;
  maxAgeMs: number;
  nodes: { name: string; url: string; connected: boolean }[];
  ackLatency: boolean;
  since: string;
  /** What its stream holds now, from the stream's leader (each replica keeps a copy); null until the stream is seen. */
  stored: { messages: number | null; bytes: number | null } | null;
  /** The canary's own traffic over the window: its writes, and their deliveries to its subscribers. */
  traffic: { writesPerSec: number; writeBytesPerSec: number; deliveriesPerSec: number; deliveryBytesPerSec: number };
}

export interface PairLatency {
  /** Published on the canary's connection to this node… */
  from: string;
  /** …and delivered on its connection to this one. */
  to: string;
  figures: LatencyFigures;
}

export interface AckLatency {
  /** null when the consumer could not be matched to one account's stream. */
  account: string | null;
  stream: string;
  consumer: string;
  /** Delivery → ack as the consumer's server measured it, for the sampled acks. */
  figures: LatencyFigures;
  /** Sampled acks of messages delivered more than once. */
  redelivered: number;
}

/** What the latency canary and the consumers' ack metrics measured over the last `windowMs`. */
export interface LatencyView {
  windowMs: number;
  /** The part of the window in which the canary was measuring (less after a start). */
  measuredMs: number;
  targets: LatencyTargets;
  canary: CanaryView;
  /** JetStream writes: publish → ack, over every entry node. */
  write: LatencyFigures;
  writeByNode: { node: string; figures: LatencyFigures }[];
  /** Writes of the last `windowMs` (much shorter than the window above) that did not complete, by the node they were sent to: what the timeout alert reads. */
  recentWriteFailures: { windowMs: number; byNode: { node: string; attempts: number; timeouts: number; errors: number }[] };
  /** Every delivery of every pair together. */
  endToEnd: LatencyFigures;
  pairs: PairLatency[];
  rtt: { node: string; figures: LatencyFigures }[];
  /** Consumers with `sample_freq` whose ack metrics arrived in the window; null when they are not followed. */
  ackLatency: AckLatency[] | null;
}

export interface ClusterSnapshot {
  cluster: string;
  /** Increases by one per collector cycle. */
  seq: number;
  collectedAt: string;
  cycleMs: number;
  pollIntervalMs: number;
  /**
   * When the stream and consumer configs were last read (polls ask for them only now and then; see
   * lib/collector/configs.ts). Every stream and consumer a node reported in this snapshot has its
   * config from that read; one no node reported keeps what it had when it was last reported.
   * null: never read.
   */
  configsReadAt: string | null;
  status: ClusterStatus;
  statusReasons: string[];
  /** Configured, or the number of monitoring URLs, or the JetStream meta group's size. */
  expectedNodes: number;
  sources: SourcesView;
  nodes: NodeView[];
  meta: MetaView;
  streams: StreamView[];
  consumers: ConsumerView[];
  accounts: AccountView[];
  alerts: AlertView[];
  throughput: ThroughputSample | null;
  placement: PlacementSummary;
  /** The latency canary's figures; null when no canary is configured for this cluster. */
  latency: LatencyView | null;
  totals: {
    nodesUp: number;
    streams: number;
    consumers: number;
    /** Sum over streams of the leaders' message counts (replicas are not counted twice). */
    messages: number;
    bytes: number;
  };
}

/**
 * The merge of one poll: everything a published snapshot holds but what publishing decides — the
 * status and its reasons (which firing alerts raise), the alerts and the seq (see status.ts).
 */
export type MergedSnapshot = Omit<ClusterSnapshot, "seq" | "status" | "statusReasons" | "alerts">;

/** One point of a stream's recent history (kept in memory by the hub at a coarse step). */
export interface StreamSample {
  at: string;
  messages: number | null;
  bytes: number | null;
  msgsPerSec: number | null;
  /** Raft operations behind the leader, per follower, when known. */
  replicaLag: Record<string, number>;
}

export interface ConsumerSample {
  at: string;
  numPending: number | null;
  numAckPending: number | null;
  numRedelivered: number | null;
  numWaiting: number | null;
  ackPerSec: number | null;
}

export interface AssetHistory<T> {
  stepMs: number;
  samples: T[];
}

export type ClusterEventKind =
  | "stream-leader-elected"
  | "consumer-leader-elected"
  | "stream-leader-lost"
  | "stream-quorum-lost"
  | "consumer-quorum-lost"
  | "meta-leader-elected"
  | "max-deliveries"
  | "server-out-of-storage"
  | "server-shutdown"
  | "server-lameduck"
  | "slow-consumer-disconnect"
  | "node-down"
  | "node-up"
  | "node-restarted";

/** Something that happened in a cluster, heard as an advisory or seen as a change between two polls. */
export interface ClusterEvent {
  id: string;
  at: string;
  kind: ClusterEventKind;
  /** "advisory": pushed by the servers (system account); "poll": derived from two snapshots. */
  source: "advisory" | "poll";
  account: string | null;
  stream: string | null;
  consumer: string | null;
  server: string | null;
  /** Leader changes: the leader before and after (null when there was none or it is unknown). */
  fromLeader: string | null;
  toLeader: string | null;
  /** Leader elections: since when the asset had no reachable leader, as far as the dashboard saw. */
  leaderlessSince: string | null;
  leaderlessMs: number | null;
  detail: string;
}
