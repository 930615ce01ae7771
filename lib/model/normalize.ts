/**
 * Merges the per-node monitoring answers of one poll cycle into one snapshot (before publishing:
 * status.ts gives it its status, alerts and seq).
 *
 * Where the truth is (design.md §3, reference §1.2):
 * - the meta leader is `meta_cluster.leader`; meta peer health comes only from the leader's report;
 * - a stream's or consumer's replica state and counters come only from the node that is its leader;
 *   when that node does not answer the asset says "leader unreachable" instead of showing a
 *   follower's numbers;
 * - per-node JetStream totals count every replica and are never summed for cluster totals.
 */
import { displayUrl } from "../sources/http-monitor";
import type { ConsumerInfo, Jsz, PeerInfo, StreamDetail } from "../sources/monitor-schemas";
import { compareConsumers, compareStreams, consumerKey, streamKey } from "./assets";
import { CONSUMER_UNREPORTED, STREAM_UNREPORTED } from "./blank";
import { accountViews, limitOrNull, pendingGrowth, perSecond, placementSummary, throughputSample, totalsOf } from "./derive";
import { buildNode, hostPort } from "./node-view";
import type { CounterSample } from "./rates";
import type { ConsumerReport, ReadPoll, StreamReport } from "./reports";
import type { Thresholds } from "./thresholds";
import type { AssetTruth, ConsumerView, LatencyView, MergedSnapshot, MetaView, ReplicaView, SourcesView, StreamView } from "./types";

export interface CycleInput {
  cluster: string;
  /** null: learn it from the JetStream meta group's size. */
  expectedNodes: number | null;
  sources: SourcesView;
  /** Optional display names (same order as polls), used until a node has told us its server_name. */
  names?: string[];
  /** Names a previous run of the dashboard knew, by node URL: a node that has not answered since the start keeps its name. */
  knownNames?: Readonly<Record<string, string>>;
  /** The polls with their assets taken out of /jsz (reports.ts). */
  polls: ReadPoll[];
  previous: MergedSnapshot | null;
  /** Counter samples of the previous cycle by node URL, for rates. */
  counters: ReadonlyMap<string, CounterSample>;
  collectedAt: number;
  cycleMs: number;
  /**
   * When the stream and consumer configs in the polls were read (they are not asked for on every
   * poll); null: never. Left out: with these polls.
   */
  configsReadAt?: number | null;
  pollIntervalMs: number;
  thresholds: Thresholds;
  /** The latency canary's figures as the collector holds them for this cycle; absent or null: no canary. */
  latency?: LatencyView | null;
}

/** The canary's figures with what its stream holds, as its leader reports it. */
function withCanaryStream(latency: LatencyView | null, streams: readonly StreamView[]): LatencyView | null {
  if (!latency) return null;
  const stream = streams.find((s) => s.name === latency.canary.stream && s.truth === "leader");
  return stream ? { ...latency, canary: { ...latency.canary, stored: { messages: stream.messages, bytes: stream.bytes } } } : latency;
}

export interface CycleOutput {
  snapshot: MergedSnapshot;
  counters: Map<string, CounterSample>;
}

const NS_PER_MS = 1_000_000;
const MAX_INT64_NS = 2 ** 63 - 1;

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

/** What the derivations of one asset need from the cycle around it. */
interface AssetContext<V> {
  previous: V | undefined;
  nowIso: string;
  nowMs: number;
  /** Seconds since the previous snapshot, or null on the first cycle. */
  seconds: number | null;
}

/** The meta leader and, from its own report only, the meta peers and quorum (every 2.15 follower lists its own, stale view). */
function buildMeta(answers: { node: string; jsz: Jsz }[]): MetaView {
  const withMeta = answers.filter((a) => a.jsz.meta_cluster);
  const unknown = (note: string, clusterSize: number | null = null, leader: string | null = null): MetaView => ({
    leader,
    clusterSize,
    quorumNeeded: null,
    rescueOn: [],
    peers: null,
    note,
  });
  if (answers.length === 0) return unknown("no node answered /jsz");
  if (answers.every((a) => a.jsz.disabled)) return unknown("JetStream is disabled");
  if (withMeta.length === 0) return unknown("JetStream is not clustered");

  // A rescue is applied by each server on its own, leader or not: every answering node says whether it runs one.
  const rescueOn = withMeta.filter((a) => a.jsz.meta_cluster?.rescue === true).map((a) => a.node).sort();
  const selfClaimed = withMeta.find((a) => a.jsz.meta_cluster?.leader === a.node);
  const named = withMeta.map((a) => a.jsz.meta_cluster?.leader).filter((l): l is string => Boolean(l));
  const leader = selfClaimed?.node ?? mostCommon(named);
  const clusterSize = (selfClaimed ?? withMeta[0]).jsz.meta_cluster?.cluster_size ?? null;
  if (!leader) return { ...unknown("no meta leader: the meta group has no quorum", clusterSize), rescueOn };
  if (!selfClaimed) return { ...unknown(`the meta leader ${leader} did not answer; peer health unknown`, clusterSize, leader), rescueOn };
  const replicas = selfClaimed.jsz.meta_cluster?.replicas ?? [];
  const peers = [
    { name: leader, leader: true, current: true, offline: false, activeMs: 0, lag: 0 },
    ...replicas.map((r) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { laggingSince, ...peer } = replicaView(r, null, "");
      return { ...peer, leader: false };
    }),
  ].sort((a, b) => a.name.localeCompare(b.name));
  return { leader, clusterSize, quorumNeeded: selfClaimed.jsz.meta_cluster?.quorum_needed ?? null, rescueOn, peers, note: null };
}

/**
 * The `default_max_consumers` (2.15+) that caps a stream setting no max_consumers. The meta leader
 * enforces it when a consumer is created, so its value counts; without its answer, the value every
 * answering node agrees on; null when none reports one or they disagree.
 */
function serverDefaultMaxConsumers(answers: { node: string; jsz: Jsz }[], meta: MetaView): number | null {
  const fromLeader = answers.find((a) => a.node === meta.leader);
  const values = (fromLeader ? [fromLeader] : answers).map((a) => limitOrNull(a.jsz.limits?.default_max_consumers));
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : null;
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

interface Reported<R> {
  node: string;
  report: R;
}

interface TruthDecision<D> {
  leader: string | null;
  truth: AssetTruth;
  note: string | null;
  /** The leader's own figures; null when they cannot be had this cycle. */
  source: D | null;
}

/**
 * Picks the leader's own report of an asset. `answered` holds the nodes whose /jsz answered this
 * cycle, so the note can say why the leader's view is missing.
 */
function decideTruth<D>(
  reports: Reported<{ leader: string | undefined; detail: D | null }>[],
  answered: ReadonlySet<string>,
): TruthDecision<D> {
  const own = reports.find((r) => r.report.leader === r.node && r.report.detail);
  if (own) return { leader: own.node, truth: "leader", note: null, source: own.report.detail };
  const leader = mostCommon(reports.map((r) => r.report.leader).filter((l): l is string => Boolean(l)));
  if (leader) {
    const why = answered.has(leader) ? `leader ${leader} did not report it (election in progress?)` : `leader ${leader} did not answer`;
    return { leader, truth: "leader-unreachable", note: why, source: null };
  }
  // A non-clustered server reports its assets without a leader name: the single report is the truth.
  if (reports.length === 1 && !reports[0].report.leader && answered.size === 1)
    return { leader: reports[0].node, truth: "leader", note: null, source: reports[0].report.detail };
  return { leader: null, truth: "leaderless", note: "no leader elected", source: null };
}

/** The report the asset's name, creation time and config are taken from: the leader's where it answered. */
function describing<R extends { detail: unknown }>(reports: Reported<R>[], source: unknown): R {
  return (source ? reports.find((r) => r.report.detail === source) : undefined)?.report ?? reports[0].report;
}

function streamView(
  reports: Reported<StreamReport>[],
  decision: TruthDecision<StreamDetail>,
  ctx: AssetContext<StreamView>,
  defaultMaxConsumers: number | null,
): StreamView {
  const any = describing(reports, decision.source);
  const cfg = any.config ?? null;
  const state = decision.source?.state;
  const replicas = decision.source
    ? (decision.source.cluster?.replicas ?? []).map((r) => replicaView(r, ctx.previous?.replicas, ctx.nowIso))
    : null;
  const numReplicas = cfg?.num_replicas ?? null;
  // Unset (0) and unlimited (-1) both leave the servers' default in force (consumer.go, 2.15).
  const ownMaxConsumers = limitOrNull(cfg?.max_consumers);
  const lastSeq = state?.last_seq ?? null;
  const bytes = state?.bytes ?? null;
  const previousBytes = ctx.previous?.bytes;
  return {
    account: any.account,
    name: any.name,
    leader: decision.leader,
    truth: decision.truth,
    truthNote: decision.note,
    replicas,
    hostedOn: reports.map((r) => r.node).sort(),
    underReplicated:
      replicas !== null && numReplicas !== null && (replicas.length < numReplicas - 1 || replicas.some((r) => r.offline)),
    leaderSince: decision.source?.cluster?.leader_since ?? null,
    numReplicas,
    subjects: cfg?.subjects ?? [],
    retention: cfg?.retention ?? null,
    storage: cfg?.storage ?? null,
    maxBytes: limitOrNull(cfg?.max_bytes),
    maxMsgs: limitOrNull(cfg?.max_msgs),
    maxAgeMs: cfg?.max_age ? cfg.max_age / NS_PER_MS : null,
    maxConsumers: ownMaxConsumers ?? defaultMaxConsumers,
    maxConsumersIsServerDefault: ownMaxConsumers === null && defaultMaxConsumers !== null,
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
    created: any.created ?? null,
    metadata: cfg?.metadata ?? null,
  };
}

function consumerView(
  reports: Reported<ConsumerReport>[],
  decision: TruthDecision<ConsumerInfo>,
  ctx: AssetContext<ConsumerView>,
  streamMessages: number | null,
  thresholds: Thresholds,
): ConsumerView {
  const any = describing(reports, decision.source);
  const cfg = any.config ?? null;
  const c = decision.source;
  const filters = cfg?.filter_subjects?.length ? cfg.filter_subjects : cfg?.filter_subject ? [cfg.filter_subject] : [];
  const numPending = c?.num_pending ?? null;
  const lastDeliveryAt = c?.delivered?.last_active ?? null;
  const ackFloorConsumerSeq = c?.ack_floor?.consumer_seq ?? null;
  const growth = pendingGrowth(ctx.previous, numPending, ctx.nowIso);
  // Only a consumer with messages pending can stall: the others' times are not parsed.
  const stalled =
    numPending !== null && numPending > 0 && (lastDeliveryAt ? ctx.nowMs - Date.parse(lastDeliveryAt) : Number.POSITIVE_INFINITY) > thresholds.consumerStalledMs;
  return {
    account: any.account,
    stream: any.stream,
    name: any.name,
    leader: decision.leader,
    truth: decision.truth,
    truthNote: decision.note,
    replicas: c ? (c.cluster?.replicas ?? []).map((r) => replicaView(r, ctx.previous?.replicas, ctx.nowIso)) : null,
    hostedOn: reports.map((r) => r.node).sort(),
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
    stalled,
    pendingGrowingSince: growth.since,
    pendingBaseline: growth.baseline,
    fallingBehind: growth.since !== null && ctx.nowMs - Date.parse(growth.since) >= thresholds.consumerFallingBehindMs,
    leaderSince: c?.cluster?.leader_since ?? null,
    paused: c?.paused ?? false,
    created: any.created ?? null,
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
  unreported: Partial<V>,
): V[] {
  // Only a node that did not answer leaves assets to carry: with every node in, none (and no key built per asset).
  if (unanswered.size === 0) return [];
  return previous
    .filter((v) => !present.has(keyOf(v)))
    .filter((v) => [...v.hostedOn, v.leader].some((n) => n !== null && unanswered.has(n)))
    .map((v) => ({
      ...v,
      ...unreported,
      truth: "leader-unreachable" as const,
      truthNote: `no node that hosts it answered (last seen on ${v.hostedOn.join(", ") || v.leader})`,
    }));
}

export function buildSnapshot(input: CycleInput): CycleOutput {
  const collectedAtIso = new Date(input.collectedAt).toISOString();
  const previousNodes = new Map((input.previous?.nodes ?? []).map((n) => [n.url, n]));
  const counters = new Map<string, CounterSample>();

  const nodes = input.polls.map((poll, i) => {
    const previous = previousNodes.get(displayUrl(poll.url));
    const fallback = previous?.name ?? input.knownNames?.[displayUrl(poll.url)] ?? input.names?.[i] ?? hostPort(poll.url);
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

  const streamReports: Reported<StreamReport>[] = [];
  const consumerReports: Reported<ConsumerReport>[] = [];
  input.polls.forEach((poll, i) => {
    const node = nodes[i].name;
    for (const report of poll.reports?.streams ?? []) streamReports.push({ node, report });
    for (const report of poll.reports?.consumers ?? []) consumerReports.push({ node, report });
  });

  const previousStreams = new Map((input.previous?.streams ?? []).map((s) => [streamKey(s), s]));
  const previousConsumers = new Map((input.previous?.consumers ?? []).map((c) => [consumerKey(c), c]));
  const seconds = input.previous ? (input.collectedAt - Date.parse(input.previous.collectedAt)) / 1000 : null;
  const context = <V>(previous: V | undefined): AssetContext<V> => ({ previous, nowIso: collectedAtIso, nowMs: input.collectedAt, seconds });

  const streamGroups = group(streamReports, (r) => r.report.key);
  const defaultMaxConsumers = serverDefaultMaxConsumers(jszAnswers, meta);
  const streams = [...streamGroups.entries()].map(([key, reports]) =>
    streamView(reports, decideTruth(reports, answered), context(previousStreams.get(key)), defaultMaxConsumers),
  );
  streams.push(...carryForward(input.previous?.streams ?? [], new Set(streamGroups.keys()), streamKey, unanswered, STREAM_UNREPORTED));
  const streamMessages = new Map(streams.map((s) => [streamKey(s), s.messages]));

  const consumerGroups = group(consumerReports, (r) => r.report.key);
  const consumers = [...consumerGroups.entries()].map(([key, reports]) => {
    const first = reports[0].report;
    return consumerView(
      reports,
      decideTruth(reports, answered),
      context(previousConsumers.get(key)),
      streamMessages.get(streamKey({ account: first.account, name: first.stream })) ?? null,
      input.thresholds,
    );
  });
  consumers.push(...carryForward(input.previous?.consumers ?? [], new Set(consumerGroups.keys()), consumerKey, unanswered, CONSUMER_UNREPORTED));

  streams.sort(compareStreams);
  consumers.sort(compareConsumers);

  const expectedNodes = input.expectedNodes ?? meta.clusterSize ?? nodes.length;
  const snapshot: MergedSnapshot = {
    cluster: input.cluster,
    collectedAt: collectedAtIso,
    cycleMs: input.cycleMs,
    pollIntervalMs: input.pollIntervalMs,
    configsReadAt: input.configsReadAt === null ? null : new Date(input.configsReadAt ?? input.collectedAt).toISOString(),
    expectedNodes,
    sources: input.sources,
    nodes,
    meta,
    streams,
    consumers,
    accounts: accountViews(jszAnswers),
    throughput: throughputSample(nodes, collectedAtIso),
    placement: placementSummary(nodes, streams, consumers, input.thresholds.leaderImbalanceRatio),
    latency: withCanaryStream(input.latency ?? null, streams),
    totals: totalsOf(nodes, streams, consumers),
  };
  return { snapshot, counters };
}
