/**
 * The latest snapshot of each cluster as Prometheus series, registered into a registry made for
 * one scrape. Every stream's and consumer's series come from the snapshot, whose figures are its
 * leader's (lib/model/normalize.ts decides the leader once): one series per asset, never a
 * follower's copy, so nobody has to de-duplicate replicas in PromQL. A figure the snapshot does
 * not have (a leader that did not answer, a limit not set) has no series rather than a made-up 0.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { AlertRecord } from "../alerts/engine";
import type { AlertSubject } from "../alerts/rules";
import { isAnswering } from "../model/assets";
import type { ClusterSnapshot, LatencyFigures, NodeStatus } from "../model/types";
import type { AssetFilter } from "./filter";

const NODE_STATUSES: readonly NodeStatus[] = ["up", "degraded", "down", "auth-failed", "bad-response"];
const CLUSTER_STATUSES = ["ok", "warning", "critical"] as const;
const SECOND_MS = 1000;

export interface ClusterMetricsInput {
  snapshot: ClusterSnapshot;
  /** The alert engine's pending and firing alerts. */
  alerts: AlertRecord[];
}

type Labels = Record<string, string>;

/** Builds gauges and counters in one registry; a null or non-finite value adds no series. */
class Families {
  private readonly gauges = new Map<string, Gauge>();
  private readonly counters = new Map<string, Counter>();
  constructor(private readonly registry: Registry) {}

  gauge(name: string, help: string, labels: Labels, value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    let family = this.gauges.get(name);
    if (!family) {
      family = new Gauge({ name, help, labelNames: Object.keys(labels), registers: [this.registry] });
      this.gauges.set(name, family);
    }
    family.set(labels, value);
  }

  /** A counter read from the servers (their own cumulative totals), not counted here. */
  counter(name: string, help: string, labels: Labels, value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return;
    let family = this.counters.get(name);
    if (!family) {
      family = new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] });
      this.counters.set(name, family);
    }
    family.inc(labels, value);
  }
}

const flag = (value: boolean | null | undefined): number | null => (value === null || value === undefined ? null : value ? 1 : 0);
const seconds = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : ms / SECOND_MS);
const epochSeconds = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) / SECOND_MS : null);
const ageSeconds = (iso: string | null, at: number): number | null => (iso ? Math.max(0, (at - Date.parse(iso)) / SECOND_MS) : null);
const ratio = (value: number | null, limit: number | null): number | null => (value === null || limit === null || limit <= 0 ? null : value / limit);

function nodeSeries(m: Families, snapshot: ClusterSnapshot): void {
  const cluster = snapshot.cluster;
  for (const n of snapshot.nodes) {
    const l = { cluster, node: n.name };
    m.gauge("jsw_node_up", "1 when the node answered this poll (up or degraded), else 0.", l, flag(isAnswering(n)));
    for (const status of NODE_STATUSES) m.gauge("jsw_node_status", "1 for the node's status this poll, 0 for the others.", { ...l, status }, flag(n.status === status));
    m.gauge("jsw_node_stale", "1 when the node's figures are from an earlier poll (it did not answer this one).", l, flag(n.stale));
    m.gauge("jsw_node_info", "Always 1; the node's version and server id as labels.", { ...l, version: n.version ?? "", server_id: n.serverId ?? "", source: n.source }, 1);
    m.gauge("jsw_node_start_time_seconds", "When the node's server process started (Unix time).", l, epochSeconds(n.startedAt));
    m.gauge("jsw_node_meta_leader", "1 when the node is the JetStream meta leader.", l, flag(n.isMetaLeader));
    if (n.stale) continue; // Everything below is this poll's figure or nothing.
    m.gauge("jsw_node_cpu_ratio", "CPU the server uses, as a fraction of one core (varz cpu / 100).", l, n.cpuPercent === null ? null : n.cpuPercent / 100);
    m.gauge("jsw_node_memory_bytes", "Resident memory of the server process.", l, n.memBytes);
    m.gauge("jsw_node_connections", "Open client connections.", l, n.connections);
    m.gauge("jsw_node_subscriptions", "Subscriptions.", l, n.subscriptions);
    m.counter("jsw_node_in_messages_total", "Messages received by the server since it started (varz in_msgs).", l, n.counters?.inMsgs);
    m.counter("jsw_node_out_messages_total", "Messages sent by the server since it started (varz out_msgs).", l, n.counters?.outMsgs);
    m.counter("jsw_node_in_bytes_total", "Bytes received by the server since it started (varz in_bytes).", l, n.counters?.inBytes);
    m.counter("jsw_node_out_bytes_total", "Bytes sent by the server since it started (varz out_bytes).", l, n.counters?.outBytes);
    m.counter("jsw_node_slow_consumers_total", "Slow consumers the server has cut off since it started (varz slow_consumers).", l, n.slowConsumers);
    const byKind = n.slowConsumerStats;
    if (byKind) {
      for (const kind of ["clients", "routes", "gateways", "leafs"] as const) {
        m.counter("jsw_node_slow_consumers_by_kind_total", "Slow consumers since start, by connection kind (2.10+).", { ...l, kind }, byKind[kind]);
      }
    }
    const js = n.jetstream;
    if (js) {
      m.gauge("jsw_node_jetstream_storage_used_bytes", "JetStream file storage used on the node (every replica it holds).", l, js.storageBytes);
      m.gauge("jsw_node_jetstream_storage_reserved_bytes", "JetStream file storage the node may use (max_file_store).", l, js.storageLimitBytes);
      m.gauge("jsw_node_jetstream_memory_used_bytes", "JetStream memory storage used on the node.", l, js.memoryBytes);
      m.gauge("jsw_node_jetstream_memory_reserved_bytes", "JetStream memory storage the node may use (max_memory_store).", l, js.memoryLimitBytes);
      m.gauge("jsw_node_jetstream_storage_used_ratio", "JetStream file storage used as a fraction of the node's limit.", l, ratio(js.storageBytes, js.storageLimitBytes));
      m.gauge("jsw_node_jetstream_streams", "Streams (replicas) the node holds.", l, js.streams);
      m.gauge("jsw_node_jetstream_consumers", "Consumers (replicas) the node holds.", l, js.consumers);
      m.counter("jsw_node_jetstream_api_requests_total", "JetStream API requests the node has served since it started.", l, js.apiTotal);
      m.counter("jsw_node_jetstream_api_errors_total", "JetStream API requests that failed since the node started.", l, js.apiErrors);
    }
    if (n.clock) {
      m.gauge("jsw_node_clock_skew_seconds", "The node's clock minus the dashboard's (varz now against the middle of the request's round trip).", l, n.clock.skewMs / SECOND_MS);
      m.gauge("jsw_node_clock_skew_error_seconds", "How far the skew may be off: half the request's round trip.", l, n.clock.errorMs / SECOND_MS);
    }
  }
}

const QUANTILES = [
  ["0.5", "p50Ms"],
  ["0.9", "p90Ms"],
  ["0.99", "p99Ms"],
] as const;

/** A latency's quantiles (seconds) and its probes of the window by outcome, as two families named from `name`. */
function latencyFamily(m: Families, name: string, what: string, labels: Labels, f: LatencyFigures): void {
  for (const [quantile, key] of QUANTILES) m.gauge(`${name}_seconds`, `${what}: quantiles over the last 5 minutes (completed probes only).`, { ...labels, quantile }, seconds(f[key]));
  for (const [outcome, count] of [
    ["ok", f.count],
    ["timeout", f.timeouts],
    ["error", f.errors],
  ] as const)
    m.gauge(`${name}_probes`, `${what}: probes of the last 5 minutes by outcome (a timeout or error is never a latency).`, { ...labels, outcome }, count);
}

/** The latency canary's figures of the last 5 minutes, and consumers' sampled ack latency. */
function latencySeries(m: Families, snapshot: ClusterSnapshot): void {
  const latency = snapshot.latency;
  if (!latency) return;
  const l = { cluster: snapshot.cluster };
  m.gauge("jsw_canary_running", "1 while the latency canary measures (connected, its stream kept), else 0.", l, flag(latency.canary.state === "running"));
  m.gauge("jsw_canary_target_seconds", "The configured latency targets (p99).", { ...l, latency: "write" }, latency.targets.writeP99Ms / SECOND_MS);
  m.gauge("jsw_canary_target_seconds", "The configured latency targets (p99).", { ...l, latency: "end_to_end" }, latency.targets.endToEndP99Ms / SECOND_MS);
  latencyFamily(m, "jsw_canary_write_latency", "JetStream write latency of the canary (publish → ack)", l, latency.write);
  latencyFamily(m, "jsw_canary_end_to_end_latency", "End-to-end latency of the canary, every node pair together", l, latency.endToEnd);
  for (const p of latency.pairs) latencyFamily(m, "jsw_canary_pair_latency", "End-to-end latency from one node to another", { ...l, from: p.from, to: p.to }, p.figures);
  for (const r of latency.rtt) latencyFamily(m, "jsw_canary_rtt", "Round trip of a client ping to the node", { ...l, node: r.node }, r.figures);
  for (const a of latency.ackLatency ?? [])
    latencyFamily(m, "jsw_consumer_ack_latency", "Delivery → ack of a consumer's sampled acks (sample_freq), as its server measured them", { ...l, account: a.account ?? "", stream: a.stream, consumer: a.consumer }, a.figures);
}

function clusterSeries(m: Families, snapshot: ClusterSnapshot, now: number): void {
  const l = { cluster: snapshot.cluster };
  for (const status of CLUSTER_STATUSES) m.gauge("jsw_cluster_status", "1 for the cluster's status (ok, warning, critical), 0 for the others.", { ...l, status }, flag(snapshot.status === status));
  m.gauge("jsw_cluster_nodes_expected", "Nodes the cluster should have.", l, snapshot.expectedNodes);
  m.gauge("jsw_cluster_nodes_up", "Nodes that answered the last poll.", l, snapshot.totals.nodesUp);
  m.gauge("jsw_cluster_streams", "Streams in the cluster (each counted once).", l, snapshot.totals.streams);
  m.gauge("jsw_cluster_consumers", "Consumers in the cluster (each counted once).", l, snapshot.totals.consumers);
  m.gauge("jsw_cluster_messages", "Messages stored over all streams, from each stream's leader (replicas not counted twice).", l, snapshot.totals.messages);
  m.gauge("jsw_cluster_bytes", "Bytes stored over all streams, from each stream's leader.", l, snapshot.totals.bytes);
  m.gauge("jsw_snapshot_timestamp_seconds", "When the dashboard's last poll of the cluster finished (Unix time).", l, epochSeconds(snapshot.collectedAt));
  m.gauge("jsw_snapshot_age_seconds", "How old the figures of this scrape are: time since the last poll finished.", l, ageSeconds(snapshot.collectedAt, now));

  const meta = snapshot.meta;
  m.gauge("jsw_meta_has_leader", "1 when the JetStream meta group has a leader.", l, flag(meta.leader !== null));
  if (meta.leader) m.gauge("jsw_meta_leader", "Always 1; the JetStream meta leader as a label.", { ...l, node: meta.leader }, 1);
  m.gauge("jsw_meta_cluster_size", "Peers in the JetStream meta group.", l, meta.clusterSize);
  for (const p of meta.peers ?? []) {
    const pl = { ...l, peer: p.name };
    m.gauge("jsw_meta_peer_current", "1 when the meta leader sees this peer as current.", pl, flag(p.current));
    m.gauge("jsw_meta_peer_offline", "1 when the meta leader sees this peer as offline.", pl, flag(p.offline));
    m.gauge("jsw_meta_peer_lag_operations", "Raft operations the peer is behind the meta leader.", pl, p.lag);
    m.gauge("jsw_meta_peer_last_seen_seconds", "Seconds since the meta leader last heard from the peer.", pl, seconds(p.activeMs));
  }
}

function streamSeries(m: Families, snapshot: ClusterSnapshot, filter: AssetFilter): void {
  for (const s of snapshot.streams) {
    if (!filter.stream(s)) continue;
    const l = { cluster: snapshot.cluster, account: s.account, stream: s.name };
    m.gauge("jsw_stream_has_leader", "1 when the stream has a leader (0: leaderless, it accepts no writes).", l, flag(s.truth !== "leaderless"));
    m.gauge("jsw_stream_leader_reachable", "1 when the stream's leader answered this poll, so its figures are current.", l, flag(s.truth === "leader"));
    if (s.leader) m.gauge("jsw_stream_leader", "Always 1; the stream's leader as a label.", { ...l, node: s.leader }, 1);
    m.gauge("jsw_stream_replicas", "Configured replicas of the stream.", l, s.numReplicas);
    m.gauge("jsw_stream_under_replicated", "1 when the leader has fewer current followers than configured, or one is offline.", l, flag(s.truth === "leader" ? s.underReplicated : null));
    if (s.truth !== "leader") continue; // Figures only from the leader.
    m.gauge("jsw_stream_messages", "Messages in the stream, from its leader.", l, s.messages);
    m.gauge("jsw_stream_bytes", "Bytes in the stream, from its leader.", l, s.bytes);
    m.gauge("jsw_stream_first_sequence", "The stream's first sequence.", l, s.firstSeq);
    m.gauge("jsw_stream_last_sequence", "The stream's last sequence.", l, s.lastSeq);
    m.gauge("jsw_stream_subjects", "Distinct subjects with messages in the stream.", l, s.numSubjects);
    m.gauge("jsw_stream_consumers", "Consumers of the stream.", l, s.consumerCount);
    m.gauge("jsw_stream_max_bytes", "The stream's max_bytes limit (no series when unlimited).", l, s.maxBytes);
    m.gauge("jsw_stream_max_messages", "The stream's max_msgs limit (no series when unlimited).", l, s.maxMsgs);
    m.gauge("jsw_stream_max_consumers", "The stream's max_consumers, or the servers' default_max_consumers (2.15+) when it sets none (no series when unlimited).", l, s.maxConsumers);
    m.gauge("jsw_stream_max_age_seconds", "The stream's max_age (no series when unlimited).", l, seconds(s.maxAgeMs));
    m.gauge("jsw_stream_bytes_limit_ratio", "Bytes as a fraction of max_bytes.", l, ratio(s.bytes, s.maxBytes));
    m.gauge("jsw_stream_messages_limit_ratio", "Messages as a fraction of max_msgs.", l, ratio(s.messages, s.maxMsgs));
    m.gauge("jsw_stream_consumers_limit_ratio", "Consumers as a fraction of max_consumers.", l, ratio(s.consumerCount, s.maxConsumers));
    for (const r of s.replicas ?? []) {
      const rl = { ...l, replica: r.name };
      m.gauge("jsw_stream_replica_lag_operations", "Raft operations this follower is behind the stream's leader, as the leader sees it.", rl, r.lag);
      m.gauge("jsw_stream_replica_current", "1 when the leader sees this follower as current.", rl, flag(r.current));
      m.gauge("jsw_stream_replica_offline", "1 when the leader sees this follower as offline.", rl, flag(r.offline));
      m.gauge("jsw_stream_replica_last_seen_seconds", "Seconds since the stream's leader last heard from this follower.", rl, seconds(r.activeMs));
    }
  }
}

function consumerSeries(m: Families, snapshot: ClusterSnapshot, filter: AssetFilter, now: number): void {
  const { kept, omitted } = filter.consumers(snapshot.consumers);
  const collectedAt = Date.parse(snapshot.collectedAt) || now;
  m.gauge("jsw_metrics_omitted_consumers", "Consumers left out of these series by the metrics section (ephemeral, or past maxConsumersPerStream).", { cluster: snapshot.cluster }, omitted);
  for (const c of kept) {
    const l = { cluster: snapshot.cluster, account: c.account, stream: c.stream, consumer: c.name };
    m.gauge("jsw_consumer_leader_reachable", "1 when the consumer's leader answered this poll, so its figures are current.", l, flag(c.truth === "leader"));
    if (c.leader) m.gauge("jsw_consumer_leader", "Always 1; the consumer's leader as a label.", { ...l, node: c.leader }, 1);
    if (c.truth !== "leader") continue; // Followers' counters are not the consumer's (num_pending 0 on 2.12.9+).
    m.gauge("jsw_consumer_pending_messages", "Messages of the stream the consumer has not delivered yet (num_pending), from its leader.", l, c.numPending);
    m.gauge("jsw_consumer_ack_pending_messages", "Delivered messages not yet acknowledged (num_ack_pending).", l, c.numAckPending);
    m.gauge("jsw_consumer_redelivered_messages", "Messages delivered more than once and not yet acknowledged (num_redelivered).", l, c.numRedelivered);
    m.gauge("jsw_consumer_waiting_requests", "Pull requests waiting at the leader (num_waiting).", l, c.numWaiting);
    m.gauge("jsw_consumer_max_ack_pending", "The consumer's max_ack_pending limit.", l, c.maxAckPending);
    m.gauge("jsw_consumer_delivered_stream_sequence", "Stream sequence of the last delivery.", l, c.deliveredStreamSeq);
    m.gauge("jsw_consumer_ack_floor_stream_sequence", "Stream sequence below which everything is acknowledged.", l, c.ackFloorStreamSeq);
    m.gauge("jsw_consumer_last_delivery_age_seconds", "Seconds since the consumer last delivered a message.", l, ageSeconds(c.lastDeliveryAt, collectedAt));
    m.gauge("jsw_consumer_last_ack_age_seconds", "Seconds since the consumer last got an acknowledgement.", l, ageSeconds(c.lastAckAt, collectedAt));
    m.gauge("jsw_consumer_stalled", "1 when work is pending and nothing was delivered for longer than the configured threshold.", l, flag(c.stalled));
    m.gauge("jsw_consumer_falling_behind", "1 when the pending count has kept growing for longer than the configured window.", l, flag(c.fallingBehind));
    m.gauge("jsw_consumer_paused", "1 when the consumer is paused.", l, flag(c.paused));
  }
}

/** The labels that say what an alert is about, by the kind of its subject. */
function subjectLabels(subject: AlertSubject): Labels {
  switch (subject.kind) {
    case "cluster":
      return {};
    case "node":
      return { node: subject.node };
    case "stream":
      return { account: subject.account, stream: subject.stream };
    case "replica":
      return { account: subject.account, stream: subject.stream, replica: subject.node };
    case "consumer":
      return { account: subject.account, stream: subject.stream, consumer: subject.consumer };
    case "account":
      return { account: subject.account };
  }
}

const SUBJECT_LABELS = ["node", "account", "stream", "consumer", "replica"];

function alertSeries(m: Families, cluster: string, alerts: AlertRecord[]): void {
  const counts = new Map<string, number>();
  for (const state of ["pending", "firing"] as const) for (const severity of ["warning", "critical"] as const) counts.set(`${state}|${severity}`, 0);
  let acknowledged = 0;
  for (const a of alerts) {
    counts.set(`${a.state}|${a.severity}`, (counts.get(`${a.state}|${a.severity}`) ?? 0) + 1);
    if (a.state !== "firing") continue;
    if (a.acknowledged) acknowledged++;
    const subject = subjectLabels(a.subject);
    // Every series of one family has the same label names; a subject without one gets "".
    const labels = Object.fromEntries(SUBJECT_LABELS.map((name) => [name, subject[name] ?? ""]));
    m.gauge(
      "jsw_alert_firing",
      "Always 1: one series per firing alert of the dashboard's rules, with what it is about as labels.",
      { cluster, rule: a.rule, severity: a.severity, ...labels, acknowledged: a.acknowledged ? "true" : "false", silenced: a.silenced ? "true" : "false" },
      1,
    );
  }
  for (const [key, count] of counts) {
    const [state, severity] = key.split("|");
    m.gauge("jsw_alerts", "Alerts by state (pending: found, not yet held long enough to fire) and severity.", { cluster, state, severity }, count);
  }
  m.gauge("jsw_alerts_acknowledged", "Firing alerts someone has acknowledged.", { cluster }, acknowledged);
}

/** Registers every cluster's series into `registry` (one made for this scrape). */
export function registerSnapshotMetrics(registry: Registry, clusters: ClusterMetricsInput[], filter: AssetFilter, now: number): void {
  const m = new Families(registry);
  for (const { snapshot, alerts } of clusters) {
    clusterSeries(m, snapshot, now);
    nodeSeries(m, snapshot);
    streamSeries(m, snapshot, filter);
    consumerSeries(m, snapshot, filter, now);
    latencySeries(m, snapshot);
    alertSeries(m, snapshot.cluster, alerts);
  }
}
