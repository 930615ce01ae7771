/**
 * Merges the per-node monitoring answers of one poll cycle into one ClusterSnapshot.
 *
 * Where the truth is (design.md §3, reference §1.2):
 * - the meta leader is `meta_cluster.leader`; meta peer health comes only from the leader's report;
 * - a stream's or consumer's replica state and counters come only from the node that is its leader;
 *   when that node does not answer the asset says "leader unreachable" instead of showing a
 *   follower's numbers;
 * - per-node JetStream totals count every replica and are never summed for cluster totals.
 */
import { displayUrl, type NodePoll } from "../sources/http-monitor";
import { isUnlimited, type ConsumerInfo, type Jsz, type PeerInfo, type StreamDetail } from "../sources/monitor-schemas";
import type { EndpointOutcome } from "../sources/outcome";
import { SYSTEM_NODE_PREFIX } from "../sources/system-replies";
import { consumerKey, isAnswering, quorumOf, streamKey } from "./assets";
import { computeRates, counterSample, type CounterSample } from "./rates";
import type { Thresholds } from "./thresholds";
import type {
  AccountView,
  AssetTruth,
  ClusterSnapshot,
  ClusterStatus,
  ConsumerView,
  PlacementSummary,
  SourcesView,
  EndpointResult,
  MetaView,
  NodeStatus,
  NodeView,
  ReplicaView,
  StreamView,
  ThroughputSample,
} from "./types";

export interface CycleInput {
  cluster: string;
  /** null: learn it from the JetStream meta group's size. */
  expectedNodes: number | null;
  sources: SourcesView;
  /** Optional display names (same order as polls), used until a node has told us its server_name. */
  names?: string[];
  polls: NodePoll[];
  previous: ClusterSnapshot | null;
  /** Counter samples of the previous cycle by node URL, for rates. */
  counters: ReadonlyMap<string, CounterSample>;
  collectedAt: number;
  cycleMs: number;
  pollIntervalMs: number;
  thresholds: Thresholds;
}

export interface CycleOutput {
  snapshot: ClusterSnapshot;
  counters: Map<string, CounterSample>;
}

const NS_PER_MS = 1_000_000;
const MIN_IMBALANCE_EXCESS = 2;
const MAX_INT64_NS = 2 ** 63 - 1;

function endpointResult<T>(outcome: EndpointOutcome<T>): EndpointResult {
  return outcome.ok
    ? { ok: true, status: outcome.status, ms: outcome.ms, bytes: outcome.bytes }
    : { ok: false, kind: outcome.kind, status: outcome.status, message: outcome.message, ms: outcome.ms };
}

function statusForFailure(kind: string): NodeStatus {
  switch (kind) {
    case "auth-failed":
      return "auth-failed";
    case "timeout":
    case "refused":
    case "unreachable":
      return "down";
    default:
      return "bad-response";
  }
}

function limitOrNull(value: number | undefined): number | null {
  return value === undefined || isUnlimited(value) || value === 0 ? null : value;
}

function hostPort(url: string): string {
  const u = new URL(url);
  if (url.startsWith(SYSTEM_NODE_PREFIX)) return u.hostname;
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}${u.pathname.replace(/\/$/, "")}`;
}

function buildNode(
  poll: NodePoll,
  fallbackName: string,
  previous: NodeView | undefined,
  previousCounter: CounterSample | undefined,
  collectedAtIso: string,
): { node: NodeView; counter?: CounterSample } {
  const endpoints = { varz: endpointResult(poll.varz), jsz: endpointResult(poll.jsz), healthz: endpointResult(poll.healthz) };
  const url = displayUrl(poll.url);

  if (!poll.varz.ok) {
    const failure = poll.varz;
    const base: NodeView = previous
      ? { ...previous, rates: null, counters: null, stale: previous.lastSeenAt !== null, isMetaLeader: false }
      : {
          url,
          source: poll.source,
          name: fallbackName,
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
          status: "down",
          statusReason: "",
          endpoints,
        };
    return {
      node: {
        ...base,
        url,
        source: poll.source,
        endpoints,
        status: statusForFailure(failure.kind),
        statusReason: `${failure.kind}: ${failure.message}`,
      },
    };
  }

  const varz = poll.varz.data;
  const counter = counterSample(varz);
  const jsz = poll.jsz.ok ? poll.jsz.data : null;
  const js = varz.jetstream;
  const jetstream =
    jsz && !jsz.disabled
      ? {
          storageBytes: jsz.storage ?? 0,
          storageLimitBytes: limitOrNull(jsz.config?.max_storage),
          memoryBytes: jsz.memory ?? 0,
          memoryLimitBytes: limitOrNull(jsz.config?.max_memory),
          streams: jsz.streams ?? 0,
          consumers: jsz.consumers ?? 0,
          haAssets: jsz.ha_assets ?? 0,
          apiTotal: jsz.api?.total ?? 0,
          apiErrors: jsz.api?.errors ?? 0,
        }
      : js?.stats
        ? {
            storageBytes: js.stats.storage ?? 0,
            storageLimitBytes: limitOrNull(js.config?.max_storage),
            memoryBytes: js.stats.memory ?? 0,
            memoryLimitBytes: limitOrNull(js.config?.max_memory),
            streams: previous?.jetstream?.streams ?? 0,
            consumers: previous?.jetstream?.consumers ?? 0,
            haAssets: previous?.jetstream?.haAssets ?? 0,
            apiTotal: js.stats.api?.total ?? 0,
            apiErrors: js.stats.api?.errors ?? 0,
          }
        : null;

  let health: NodeView["health"] = null;
  if (poll.healthz.ok) {
    const h = poll.healthz.data;
    const detail = h.error ?? h.errors?.map((e) => e.error ?? e.type).filter(Boolean).join("; ") ?? null;
    health = { status: h.status, message: detail || null };
  } else {
    health = { status: "unknown", message: `${poll.healthz.kind}: ${poll.healthz.message}` };
  }

  let status: NodeStatus = "up";
  let statusReason = "ok";
  if (!poll.jsz.ok) {
    status = "degraded";
    statusReason = `JetStream data unavailable (jsz ${poll.jsz.kind}: ${poll.jsz.message})`;
  } else if (health.status !== "ok") {
    status = "degraded";
    statusReason = `healthz ${health.status}${health.message ? `: ${health.message}` : ""}`;
  }

  const sc = varz.slow_consumer_stats;
  return {
    counter,
    node: {
      url,
      source: poll.source,
      name: varz.server_name || fallbackName,
      serverId: varz.server_id,
      status,
      statusReason,
      stale: false,
      lastSeenAt: collectedAtIso,
      version: varz.version,
      startedAt: varz.start ?? null,
      uptime: varz.uptime ?? null,
      cpuPercent: varz.cpu ?? null,
      cores: varz.cores ?? null,
      memBytes: varz.mem ?? null,
      connections: varz.connections ?? null,
      subscriptions: varz.subscriptions ?? null,
      slowConsumers: varz.slow_consumers ?? null,
      slowConsumerStats: sc
        ? { clients: sc.clients ?? 0, routes: sc.routes ?? 0, gateways: sc.gateways ?? 0, leafs: sc.leafs ?? 0 }
        : null,
      rates: computeRates(previousCounter, counter),
      counters: { inMsgs: counter.inMsgs, outMsgs: counter.outMsgs, inBytes: counter.inBytes, outBytes: counter.outBytes },
      maxPendingBytes: varz.max_pending ?? null,
      topPendingConnections: poll.connz?.ok
        ? (poll.connz.data.connections ?? []).map((c) => ({
            cid: c.cid,
            name: c.name || null,
            account: c.account ?? null,
            ip: c.ip ?? null,
            pendingBytes: c.pending_bytes ?? 0,
          }))
        : null,
      monitorExposure: monitorExposure(poll),
      jetstream,
      health,
      isMetaLeader: false,
      endpoints,
    },
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;

/** Whether the monitoring port answered with credentials, on this machine, or openly from elsewhere. */
function monitorExposure(poll: NodePoll): NodeView["monitorExposure"] {
  if (poll.source !== "http") return null;
  if (poll.credentialsSent) return "authenticated";
  return LOOPBACK.test(new URL(poll.url).hostname) ? "loopback" : "open";
}

/** Each JetStream account's usage summed over the nodes that answered; its limits as the servers report them. */
function accountViews(answers: { jsz: Jsz }[]): AccountView[] {
  const accounts = new Map<string, AccountView>();
  for (const { jsz } of answers) {
    for (const a of jsz.account_details ?? []) {
      const view = accounts.get(a.name) ?? { name: a.name, storageBytes: 0, memoryBytes: 0, storageLimitBytes: null, memoryLimitBytes: null };
      view.storageBytes += a.storage ?? 0;
      view.memoryBytes += a.memory ?? 0;
      view.storageLimitBytes ??= limitOrNull(a.reserved_storage);
      view.memoryLimitBytes ??= limitOrNull(a.reserved_memory);
      accounts.set(a.name, view);
    }
  }
  return [...accounts.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Raft followers are heard from about once a second: anything within that is "just now". */
const JUST_SEEN_MS = 2000;

/**
 * Whole seconds, and 0 within the heartbeat interval: a healthy replica then stays at 0, so an
 * idle stream does not change from poll to poll and browsers are not sent every stream on every
 * update.
 */
function quantizedActiveMs(ms: number): number {
  return ms < JUST_SEEN_MS ? 0 : Math.floor(ms / 1000) * 1000;
}

function replicaView(peer: PeerInfo, previous: ReplicaView[] | null | undefined, nowIso: string): ReplicaView {
  const active = peer.active ?? 0;
  const current = peer.current ?? false;
  const lag = peer.lag ?? 0;
  const behind = !current || lag > 0;
  const before = previous?.find((r) => r.name === peer.name);
  return {
    name: peer.name,
    current,
    lag,
    offline: peer.offline ?? false,
    activeMs: active > 0 && active < MAX_INT64_NS ? quantizedActiveMs(active / NS_PER_MS) : null,
    laggingSince: behind ? (before?.laggingSince ?? nowIso) : null,
  };
}

/** Change of a monotonic sequence per second between two polls; null without a usable previous value. */
function perSecond(previous: number | null | undefined, current: number | null, seconds: number | null): number | null {
  if (previous === null || previous === undefined || current === null || seconds === null || seconds <= 0) return null;
  if (current < previous) return null;
  return (current - previous) / seconds;
}

/** What the derivations of one asset need from the cycle around it. */
interface AssetContext<V> {
  previous: V | undefined;
  nowIso: string;
  nowMs: number;
  /** Seconds since the previous snapshot, or null on the first cycle. */
  seconds: number | null;
}

/** The meta leader and, from its own report only, the meta peers. */
function buildMeta(answers: { node: string; jsz: Jsz }[]): MetaView {
  const withMeta = answers.filter((a) => a.jsz.meta_cluster);
  if (answers.length === 0) return { leader: null, clusterSize: null, peers: null, note: "no node answered /jsz" };
  if (answers.every((a) => a.jsz.disabled)) return { leader: null, clusterSize: null, peers: null, note: "JetStream is disabled" };
  if (withMeta.length === 0) return { leader: null, clusterSize: null, peers: null, note: "JetStream is not clustered" };

  const selfClaimed = withMeta.find((a) => a.jsz.meta_cluster?.leader === a.node);
  const named = withMeta.map((a) => a.jsz.meta_cluster?.leader).filter((l): l is string => Boolean(l));
  const leader = selfClaimed?.node ?? mostCommon(named);
  const clusterSize = (selfClaimed ?? withMeta[0]).jsz.meta_cluster?.cluster_size ?? null;
  if (!leader) return { leader: null, clusterSize, peers: null, note: "no meta leader: the meta group has no quorum" };
  if (!selfClaimed)
    return { leader, clusterSize, peers: null, note: `the meta leader ${leader} did not answer; peer health unknown` };
  const replicas = selfClaimed.jsz.meta_cluster?.replicas ?? [];
  const peers = [
    { name: leader, leader: true, current: true, offline: false, activeMs: 0, lag: 0 },
    ...replicas.map((r) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { laggingSince, ...peer } = replicaView(r, null, "");
      return { ...peer, leader: false };
    }),
  ].sort((a, b) => a.name.localeCompare(b.name));
  return { leader, clusterSize, peers, note: null };
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [v, n] of counts) {
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

interface Reported<T> {
  node: string;
  account: string;
  detail: T;
}

interface TruthDecision<T> {
  leader: string | null;
  truth: AssetTruth;
  note: string | null;
  source: Reported<T> | null;
}

/**
 * Picks the leader's own report of an asset. `answered` holds the nodes whose /jsz answered this
 * cycle, so the note can say why the leader's view is missing.
 */
function decideTruth<T extends { cluster?: { leader?: string } }>(
  reports: Reported<T>[],
  answered: ReadonlySet<string>,
): TruthDecision<T> {
  const own = reports.find((r) => r.detail.cluster?.leader === r.node);
  if (own) return { leader: own.node, truth: "leader", note: null, source: own };
  const leader = mostCommon(reports.map((r) => r.detail.cluster?.leader).filter((l): l is string => Boolean(l)));
  if (leader) {
    const why = answered.has(leader) ? `leader ${leader} did not report it (election in progress?)` : `leader ${leader} did not answer`;
    return { leader, truth: "leader-unreachable", note: why, source: null };
  }
  // A non-clustered server reports its assets without a leader name: the single report is the truth.
  if (reports.length === 1 && !reports[0].detail.cluster?.leader && answered.size === 1)
    return { leader: reports[0].node, truth: "leader", note: null, source: reports[0] };
  return { leader: null, truth: "leaderless", note: "no leader elected", source: null };
}

function streamView(key: Reported<StreamDetail>[], decision: TruthDecision<StreamDetail>, ctx: AssetContext<StreamView>): StreamView {
  const any = decision.source ?? key[0];
  const cfg = any.detail.config ?? null;
  const state = decision.source?.detail.state;
  const replicas = decision.source
    ? (decision.source.detail.cluster?.replicas ?? []).map((r) => replicaView(r, ctx.previous?.replicas, ctx.nowIso))
    : null;
  const numReplicas = cfg?.num_replicas ?? null;
  const lastSeq = state?.last_seq ?? null;
  const bytes = state?.bytes ?? null;
  const previousBytes = ctx.previous?.bytes;
  return {
    account: any.account,
    name: any.detail.name,
    leader: decision.leader,
    truth: decision.truth,
    truthNote: decision.note,
    replicas,
    hostedOn: key.map((r) => r.node).sort(),
    underReplicated:
      replicas !== null && numReplicas !== null && (replicas.length < numReplicas - 1 || replicas.some((r) => r.offline)),
    leaderSince: decision.source?.detail.cluster?.leader_since ?? null,
    numReplicas,
    subjects: cfg?.subjects ?? [],
    retention: cfg?.retention ?? null,
    storage: cfg?.storage ?? null,
    maxBytes: limitOrNull(cfg?.max_bytes),
    maxMsgs: limitOrNull(cfg?.max_msgs),
    maxAgeMs: cfg?.max_age ? cfg.max_age / NS_PER_MS : null,
    maxConsumers: limitOrNull(cfg?.max_consumers),
    messages: state?.messages ?? null,
    bytes: state?.bytes ?? null,
    firstSeq: state?.first_seq ?? null,
    lastSeq: state?.last_seq ?? null,
    firstTs: state && state.messages > 0 ? (state.first_ts ?? null) : null,
    lastTs: state?.last_ts && !state.last_ts.startsWith("0001-") ? state.last_ts : null,
    numSubjects: state?.num_subjects ?? null,
    consumerCount: state?.consumer_count ?? null,
    msgsPerSec: perSecond(ctx.previous?.lastSeq, lastSeq, ctx.seconds),
    // Net change of stored bytes: negative when a work queue or limits drain the stream.
    bytesPerSec:
      bytes !== null && previousBytes !== null && previousBytes !== undefined && ctx.seconds ? (bytes - previousBytes) / ctx.seconds : null,
    created: any.detail.created ?? null,
    metadata: cfg?.metadata ?? null,
  };
}

/**
 * "Falling behind": numPending stays above the level it had when it started growing. Comparing
 * against that baseline (not the previous poll) ignores the dips of batched pull deliveries.
 */
function pendingGrowth(previous: ConsumerView | undefined, numPending: number | null, nowIso: string): { since: string | null; baseline: number | null } {
  if (numPending === null) return { since: null, baseline: null };
  if (previous?.pendingGrowingSince && previous.pendingBaseline !== null && numPending > previous.pendingBaseline)
    return { since: previous.pendingGrowingSince, baseline: previous.pendingBaseline };
  if (previous?.numPending !== null && previous?.numPending !== undefined && numPending > previous.numPending)
    return { since: nowIso, baseline: previous.numPending };
  return { since: null, baseline: null };
}

function consumerView(
  key: Reported<ConsumerInfo>[],
  decision: TruthDecision<ConsumerInfo>,
  ctx: AssetContext<ConsumerView>,
  streamMessages: number | null,
  thresholds: Thresholds,
): ConsumerView {
  const any = decision.source ?? key[0];
  const cfg = any.detail.config ?? null;
  const c = decision.source?.detail;
  const filters = cfg?.filter_subjects?.length ? cfg.filter_subjects : cfg?.filter_subject ? [cfg.filter_subject] : [];
  const numPending = c?.num_pending ?? null;
  const lastDeliveryAt = c?.delivered?.last_active ?? null;
  const ackFloorConsumerSeq = c?.ack_floor?.consumer_seq ?? null;
  const growth = pendingGrowth(ctx.previous, numPending, ctx.nowIso);
  const sinceDelivery = lastDeliveryAt ? ctx.nowMs - Date.parse(lastDeliveryAt) : Number.POSITIVE_INFINITY;
  return {
    account: any.account,
    stream: any.detail.stream_name,
    name: any.detail.name,
    leader: decision.leader,
    truth: decision.truth,
    truthNote: decision.note,
    replicas: c ? (c.cluster?.replicas ?? []).map((r) => replicaView(r, ctx.previous?.replicas, ctx.nowIso)) : null,
    hostedOn: key.map((r) => r.node).sort(),
    durable: Boolean(cfg?.durable_name),
    pull: !cfg?.deliver_subject,
    ackPolicy: cfg?.ack_policy ?? null,
    filterSubjects: filters,
    maxAckPending: limitOrNull(cfg?.max_ack_pending),
    numPending,
    numAckPending: c?.num_ack_pending ?? null,
    numRedelivered: c?.num_redelivered ?? null,
    numWaiting: c?.num_waiting ?? null,
    deliveredStreamSeq: c?.delivered?.stream_seq ?? null,
    ackFloorStreamSeq: c?.ack_floor?.stream_seq ?? null,
    deliveredConsumerSeq: c?.delivered?.consumer_seq ?? null,
    ackFloorConsumerSeq,
    lastDeliveryAt,
    lastAckAt: c?.ack_floor?.last_active ?? null,
    unprocessedPercent: numPending !== null && streamMessages ? (numPending / streamMessages) * 100 : null,
    ackPerSec: perSecond(ctx.previous?.ackFloorConsumerSeq, ackFloorConsumerSeq, ctx.seconds),
    stalled: numPending !== null && numPending > 0 && sinceDelivery > thresholds.consumerStalledMs,
    pendingGrowingSince: growth.since,
    pendingBaseline: growth.baseline,
    fallingBehind: growth.since !== null && ctx.nowMs - Date.parse(growth.since) >= thresholds.consumerFallingBehindMs,
    leaderSince: c?.cluster?.leader_since ?? null,
    paused: c?.paused ?? false,
    created: any.detail.created ?? null,
    metadata: cfg?.metadata ?? null,
  };
}

function group<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** Assets hosted on nodes that did not answer are kept (marked unreachable) rather than silently dropped. */
function carryForward<V extends { hostedOn: string[]; leader: string | null; truth: AssetTruth; truthNote: string | null }>(
  previous: V[],
  present: ReadonlySet<string>,
  keyOf: (v: V) => string,
  unanswered: ReadonlySet<string>,
  blank: (v: V) => V,
): V[] {
  return previous
    .filter((v) => !present.has(keyOf(v)))
    .filter((v) => [...v.hostedOn, v.leader].some((n) => n !== null && unanswered.has(n)))
    .map((v) => ({
      ...blank(v),
      truth: "leader-unreachable" as const,
      truthNote: `no node that hosts it answered (last seen on ${v.hostedOn.join(", ") || v.leader})`,
    }));
}

function clusterStatus(
  nodes: NodeView[],
  expectedNodes: number,
  meta: MetaView,
  streams: StreamView[],
  consumers: ConsumerView[],
  sources: SourcesView,
): { status: ClusterStatus; reasons: string[] } {
  const critical: string[] = [];
  const warning: string[] = [];
  const system = sources.system;
  if (system?.state.state === "failed") warning.push(`system account: ${system.state.message}`);
  else if (system?.lastPoll && !system.lastPoll.ok) warning.push(`system account: ${system.lastPoll.message}`);
  const answering = nodes.filter(isAnswering).length;
  const quorum = quorumOf(expectedNodes);
  if (answering === 0) critical.push("no node answers");
  else if (answering < quorum) critical.push(`only ${answering} of ${expectedNodes} nodes answer (quorum needs ${quorum})`);
  if (answering > 0 && meta.leader === null && meta.note !== "JetStream is not clustered" && meta.note !== "JetStream is disabled")
    critical.push("no JetStream meta leader");
  if (nodes.length < expectedNodes) warning.push(`${nodes.length} of ${expectedNodes} expected nodes are known`);
  for (const n of nodes) if (n.status !== "up") warning.push(`${n.name} ${n.status}: ${n.statusReason}`);
  const leaderless = streams.filter((s) => s.truth === "leaderless").length;
  const unreachable = streams.filter((s) => s.truth === "leader-unreachable").length;
  if (leaderless) critical.push(`${leaderless} stream${leaderless > 1 ? "s" : ""} without a leader`);
  if (unreachable) warning.push(`${unreachable} stream${unreachable > 1 ? "s" : ""} whose leader does not answer`);
  const consumersLeaderless = consumers.filter((c) => c.truth === "leaderless").length;
  if (consumersLeaderless) warning.push(`${consumersLeaderless} consumer${consumersLeaderless > 1 ? "s" : ""} without a leader`);
  const lagging = streams.reduce((sum, s) => sum + (s.replicas?.filter((r) => !r.current).length ?? 0), 0);
  if (lagging) warning.push(`${lagging} stream replica${lagging > 1 ? "s" : ""} not current`);
  if (critical.length) return { status: "critical", reasons: [...critical, ...warning] };
  if (warning.length) return { status: "warning", reasons: warning };
  return { status: "ok", reasons: [] };
}

function throughputSample(nodes: NodeView[], at: string): ThroughputSample | null {
  const withRates = nodes.filter((n) => n.rates && !n.stale);
  if (withRates.length === 0) return null;
  const clients = withRates.every((n) => n.rates!.inClientMsgsPerSec !== null && n.rates!.outClientMsgsPerSec !== null);
  const sample: ThroughputSample = {
    at,
    inMsgsPerSec: 0,
    outMsgsPerSec: 0,
    inBytesPerSec: 0,
    outBytesPerSec: 0,
    basis: clients ? "clients" : "all-connections",
    perNode: {},
  };
  for (const n of withRates) {
    const r = n.rates!;
    const inMsgs = clients ? r.inClientMsgsPerSec! : r.inMsgsPerSec;
    const outMsgs = clients ? r.outClientMsgsPerSec! : r.outMsgsPerSec;
    sample.inMsgsPerSec += inMsgs;
    sample.outMsgsPerSec += outMsgs;
    sample.inBytesPerSec += r.inBytesPerSec;
    sample.outBytesPerSec += r.outBytesPerSec;
    sample.perNode[n.name] = { inMsgsPerSec: inMsgs, outMsgsPerSec: outMsgs };
  }
  return sample;
}

/** Leaders and replicas per node, and which nodes lead more than their share of streams. */
function placementSummary(nodes: NodeView[], streams: StreamView[], consumers: ConsumerView[], ratio: number): PlacementSummary {
  const names = nodes.map((n) => n.name);
  const count = <T>(items: T[], test: (item: T, node: string) => boolean) => (node: string) => items.filter((i) => test(i, node)).length;
  const streamLeaders = count(streams, (s, node) => s.truth === "leader" && s.leader === node);
  const consumerLeaders = count(consumers, (c, node) => c.truth === "leader" && c.leader === node);
  // Placement as the leader sees it (its followers include nodes that did not answer), else as reported.
  const replicas = count(streams, (s, node) => s.leader === node || s.hostedOn.includes(node) || (s.replicas ?? []).some((r) => r.name === node));
  const leading = names.map(streamLeaders);
  const answering = nodes.filter(isAnswering).length || names.length;
  const averageStreamLeaders = names.length ? leading.reduce((a, b) => a + b, 0) / answering : 0;
  return {
    averageStreamLeaders,
    nodes: names.map((name, i) => ({
      name,
      streamLeaders: leading[i],
      consumerLeaders: consumerLeaders(name),
      streamReplicas: replicas(name),
      // With a handful of streams one leader more is no imbalance: ask for at least two above the average.
      imbalanced: averageStreamLeaders > 0 && leading[i] > ratio * averageStreamLeaders && leading[i] - averageStreamLeaders >= MIN_IMBALANCE_EXCESS,
    })),
  };
}

export function buildSnapshot(input: CycleInput): CycleOutput {
  const collectedAtIso = new Date(input.collectedAt).toISOString();
  const previousNodes = new Map((input.previous?.nodes ?? []).map((n) => [n.url, n]));
  const counters = new Map<string, CounterSample>();

  const nodes = input.polls.map((poll, i) => {
    const previous = previousNodes.get(displayUrl(poll.url));
    const fallback = previous?.name ?? input.names?.[i] ?? hostPort(poll.url);
    const { node, counter } = buildNode(poll, fallback, previous, input.counters.get(poll.url), collectedAtIso);
    if (counter) counters.set(poll.url, counter);
    return node;
  });

  const jszAnswers: { node: string; jsz: Jsz }[] = [];
  const answered = new Set<string>();
  const unanswered = new Set<string>();
  input.polls.forEach((poll, i) => {
    if (poll.varz.ok && poll.jsz.ok) {
      jszAnswers.push({ node: nodes[i].name, jsz: poll.jsz.data });
      answered.add(nodes[i].name);
    } else unanswered.add(nodes[i].name);
  });

  const meta = buildMeta(jszAnswers);
  for (const n of nodes) n.isMetaLeader = meta.leader !== null && n.name === meta.leader && !n.stale;

  const streamReports: Reported<StreamDetail>[] = [];
  const consumerReports: Reported<ConsumerInfo>[] = [];
  for (const { node, jsz } of jszAnswers) {
    for (const account of jsz.account_details ?? []) {
      for (const stream of account.stream_detail ?? []) {
        streamReports.push({ node, account: account.name, detail: stream });
        for (const consumer of stream.consumer_detail ?? []) consumerReports.push({ node, account: account.name, detail: consumer });
      }
    }
  }

  const previousStreams = new Map((input.previous?.streams ?? []).map((s) => [streamKey(s), s]));
  const previousConsumers = new Map((input.previous?.consumers ?? []).map((c) => [consumerKey(c), c]));
  const seconds = input.previous ? (input.collectedAt - Date.parse(input.previous.collectedAt)) / 1000 : null;
  const context = <V>(previous: V | undefined): AssetContext<V> => ({ previous, nowIso: collectedAtIso, nowMs: input.collectedAt, seconds });

  const streamGroups = group(streamReports, (r) => streamKey({ account: r.account, name: r.detail.name }));
  const streams = [...streamGroups.entries()].map(([key, reports]) =>
    streamView(reports, decideTruth(reports, answered), context(previousStreams.get(key))),
  );
  streams.push(
    ...carryForward(input.previous?.streams ?? [], new Set(streamGroups.keys()), streamKey, unanswered, (s) => ({
      ...s,
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
    })),
  );
  const streamMessages = new Map(streams.map((s) => [streamKey(s), s.messages]));

  const consumerGroups = group(consumerReports, (r) => consumerKey({ account: r.account, stream: r.detail.stream_name, name: r.detail.name }));
  const consumers = [...consumerGroups.entries()].map(([key, reports]) => {
    const first = reports[0];
    return consumerView(
      reports,
      decideTruth(reports, answered),
      context(previousConsumers.get(key)),
      streamMessages.get(streamKey({ account: first.account, name: first.detail.stream_name })) ?? null,
      input.thresholds,
    );
  });
  consumers.push(
    ...carryForward(
      input.previous?.consumers ?? [],
      new Set(consumerGroups.keys()),
      consumerKey,
      unanswered,
      (c) => ({
        ...c,
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
      }),
    ),
  );

  const byName = (a: { account: string; name: string }, b: { account: string; name: string }) =>
    a.account.localeCompare(b.account) || a.name.localeCompare(b.name);
  streams.sort(byName);
  consumers.sort((a, b) => a.account.localeCompare(b.account) || a.stream.localeCompare(b.stream) || a.name.localeCompare(b.name));

  const expectedNodes = input.expectedNodes ?? meta.clusterSize ?? nodes.length;
  const { status, reasons } = clusterStatus(nodes, expectedNodes, meta, streams, consumers, input.sources);
  const leaderStreams = streams.filter((s) => s.truth === "leader");
  const snapshot: ClusterSnapshot = {
    cluster: input.cluster,
    seq: (input.previous?.seq ?? 0) + 1,
    collectedAt: collectedAtIso,
    cycleMs: input.cycleMs,
    pollIntervalMs: input.pollIntervalMs,
    status,
    statusReasons: reasons,
    expectedNodes,
    sources: input.sources,
    nodes,
    meta,
    streams,
    consumers,
    accounts: accountViews(jszAnswers),
    alerts: [],
    throughput: throughputSample(nodes, collectedAtIso),
    placement: placementSummary(nodes, streams, consumers, input.thresholds.leaderImbalanceRatio),
    totals: {
      nodesUp: nodes.filter((n) => n.status === "up").length,
      streams: streams.length,
      consumers: consumers.length,
      messages: leaderStreams.reduce((sum, s) => sum + (s.messages ?? 0), 0),
      bytes: leaderStreams.reduce((sum, s) => sum + (s.bytes ?? 0), 0),
    },
  };
  return { snapshot, counters };
}
