/**
 * What the wall display shows, as pure functions: the one status word (and STALE when the data
 * cannot be trusted to be current), alerts in the order on-call reads them, the assets in trouble,
 * storage nearest full, the rotating panel and the burn-in shift. Shared by the server (which
 * sends a wall only the assets in trouble) and the browser.
 */
import { formatDurationMs, formatExact } from "../format";
import { isAnswering } from "../model/assets";
import type { AccountView, AlertView, ClusterSnapshot, ClusterStatus, ConsumerView, NodeView, StreamView, ThroughputSample } from "../model/types";
import { flagRank, isFlagged } from "./consumers";
import { isReplicaLagging } from "./placement";
import { DEFAULT_WALL_SETTINGS, type WallPanel, type WallSettings } from "./wall-settings";

/** No update for this many poll intervals makes the screen STALE. */
export const STALE_AFTER_INTERVALS = 3;

/**
 * At most this many streams and this many consumers in trouble are sent to a wall per update;
 * the wall shows a count that reached it as "100+".
 */
export const WALL_TROUBLE_LIMIT = 100;

export type StaleReason = "waiting" | "no-update" | "no-node-answers" | "link-refused";

export interface WallFreshness {
  stale: boolean;
  reason: StaleReason | null;
  /**
   * How old the newest data on screen is: since the last update arrived, or, when no node
   * answers, since a node last did. null when nothing is known.
   */
  dataAgeMs: number | null;
}

/**
 * STALE when no update arrived for three poll intervals, or when updates still arrive but no node
 * answers them (the dashboard lost its access to the cluster: every figure would be a leftover).
 * Ages are measured on the browser's clock from when updates arrived, plus the server's own
 * difference between a node's last answer and the poll, so a TV with a wrong clock still counts right.
 */
export function wallFreshness(input: {
  snapshot: Pick<ClusterSnapshot, "nodes" | "collectedAt"> | null;
  receivedAt: number | null;
  now: number;
  pollIntervalMs: number;
  /** The dashboard refused the display link when the wall reconnected (it was revoked or changed). */
  refused?: boolean;
}): WallFreshness {
  const { snapshot, receivedAt, now, pollIntervalMs, refused = false } = input;
  if (refused) return { stale: true, reason: "link-refused", dataAgeMs: receivedAt === null ? null : Math.max(0, now - receivedAt) };
  if (!snapshot || receivedAt === null) return { stale: true, reason: "waiting", dataAgeMs: null };
  const sinceUpdate = Math.max(0, now - receivedAt);
  if (!snapshot.nodes.some(isAnswering)) {
    const lastAnswer = Math.max(...snapshot.nodes.map((n) => (n.lastSeenAt ? Date.parse(n.lastSeenAt) : -Infinity)));
    const dataAgeMs = Number.isFinite(lastAnswer) ? Math.max(0, Date.parse(snapshot.collectedAt) - lastAnswer) + sinceUpdate : null;
    return { stale: true, reason: "no-node-answers", dataAgeMs };
  }
  if (sinceUpdate > STALE_AFTER_INTERVALS * pollIntervalMs) return { stale: true, reason: "no-update", dataAgeMs: sinceUpdate };
  return { stale: false, reason: null, dataAgeMs: sinceUpdate };
}

export type WallTone = ClusterStatus | "stale";

export interface WallStatus {
  word: "OK" | "WARNING" | "CRITICAL" | "STALE";
  tone: WallTone;
  /** One line saying why. */
  reason: string;
  /** Further reasons not shown in the line. */
  moreReasons: number;
  /** The status the last data carried, when the screen is STALE. */
  lastKnown: ClusterStatus | null;
}

const WORD: Record<ClusterStatus, WallStatus["word"]> = { ok: "OK", warning: "WARNING", critical: "CRITICAL" };

const STALE_REASON: Record<StaleReason, string> = {
  waiting: "no data received yet",
  "no-update": "no update from the dashboard",
  "no-node-answers": "no node answers the dashboard",
  "link-refused": "the dashboard no longer accepts this display link",
};

/** "data 47 s old" */
export function dataAgeLabel(ageMs: number | null): string {
  return ageMs === null ? "no data" : `data ${formatDurationMs(Math.max(1000, ageMs))} old`;
}

export function wallStatus(snapshot: Pick<ClusterSnapshot, "status" | "statusReasons"> | null, freshness: WallFreshness): WallStatus {
  if (freshness.stale || !snapshot) {
    return {
      word: "STALE",
      tone: "stale",
      reason: STALE_REASON[freshness.reason ?? "waiting"],
      moreReasons: 0,
      lastKnown: snapshot?.status ?? null,
    };
  }
  const [first, ...rest] = snapshot.statusReasons;
  return {
    word: WORD[snapshot.status],
    tone: snapshot.status,
    reason: first ?? "every node answers, nothing is firing",
    moreReasons: rest.length,
    lastKnown: null,
  };
}

const SEVERITY_RANK: Record<AlertView["severity"], number> = { critical: 0, warning: 1 };
const isQuiet = (a: AlertView, now: number) => a.acknowledged !== null || (a.silencedUntil !== null && Date.parse(a.silencedUntil) > now);

/**
 * Firing alerts in the order on-call reads them: critical before warning; within a severity the
 * ones nobody has acknowledged or silenced yet; then the newest first, so a fresh alert is never
 * pushed off the screen by old ones.
 */
export function orderAlerts(alerts: readonly AlertView[], now: number): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      Number(isQuiet(a, now)) - Number(isQuiet(b, now)) ||
      Date.parse(b.since) - Date.parse(a.since) ||
      a.id.localeCompare(b.id),
  );
}

export function alertAgeMs(alert: Pick<AlertView, "since">, now: number): number {
  return Math.max(0, now - Date.parse(alert.since));
}

/** Why a stream is in trouble, worst first; null when it is fine. */
export function streamTrouble(s: StreamView): { rank: number; what: string } | null {
  if (s.truth === "leaderless") return { rank: 0, what: "no leader" };
  if (s.truth === "leader-unreachable") return { rank: 0, what: `leader ${s.leader ?? "?"} does not answer` };
  const offline = (s.replicas ?? []).filter((r) => r.offline);
  if (offline.length) return { rank: 1, what: `replica ${offline.map((r) => r.name).join(", ")} offline` };
  if (s.underReplicated) return { rank: 2, what: "under-replicated" };
  const lagging = (s.replicas ?? []).filter(isReplicaLagging).sort((a, b) => b.lag - a.lag);
  if (lagging.length) {
    const worst = lagging[0];
    return { rank: 3, what: worst.lag > 0 ? `replica ${worst.name} ${formatExact(worst.lag)} ops behind` : `replica ${worst.name} not current` };
  }
  return null;
}

/** Why a consumer is in trouble; null when it is fine. */
export function consumerTrouble(c: ConsumerView): { rank: number; what: string } | null {
  if (c.truth === "leaderless") return { rank: 0, what: "no leader" };
  if (c.truth === "leader-unreachable") return { rank: 0, what: `leader ${c.leader ?? "?"} does not answer` };
  if (isFlagged(c)) return { rank: 4 - flagRank(c), what: c.stalled ? "stalled" : "falling behind" };
  return null;
}

export interface TroubleRow<T> {
  asset: T;
  what: string;
}

function troubleRows<T>(assets: readonly T[], trouble: (a: T) => { rank: number; what: string } | null, size: (a: T) => number): TroubleRow<T>[] {
  return assets
    .map((asset) => ({ asset, trouble: trouble(asset) }))
    .filter((r): r is { asset: T; trouble: { rank: number; what: string } } => r.trouble !== null)
    .sort((a, b) => a.trouble.rank - b.trouble.rank || size(b.asset) - size(a.asset))
    .map((r) => ({ asset: r.asset, what: r.trouble.what }));
}

const worstLag = (s: StreamView) => Math.max(0, ...(s.replicas ?? []).map((r) => r.lag));

/** Streams without a trustworthy leader, then with offline or missing replicas, then lagging (most behind first). */
export const streamsInTrouble = (streams: readonly StreamView[]) => troubleRows(streams, streamTrouble, worstLag);

/** Consumers without a leader, then stalled, then falling behind (most pending first). */
export const consumersInTrouble = (consumers: readonly ConsumerView[]) => troubleRows(consumers, consumerTrouble, (c) => c.numPending ?? 0);

export interface ReplicaBehind {
  stream: string;
  replica: string;
  offline: boolean;
  lag: number;
}

/** Every follower its leader reports as offline, not current or behind; offline first, then most behind. */
export function replicasBehind(streams: readonly StreamView[]): ReplicaBehind[] {
  return streams
    .flatMap((s) =>
      (s.replicas ?? [])
        .filter((r) => r.offline || isReplicaLagging(r))
        .map((r) => ({ stream: s.name, replica: r.name, offline: r.offline, lag: r.lag })),
    )
    .sort((a, b) => Number(b.offline) - Number(a.offline) || b.lag - a.lag || a.stream.localeCompare(b.stream));
}

/** The snapshot a wall receives: the head, and only the streams and consumers in trouble (worst first, capped). */
export function troubleSnapshot(snapshot: ClusterSnapshot, limit = WALL_TROUBLE_LIMIT): ClusterSnapshot {
  return {
    ...snapshot,
    streams: streamsInTrouble(snapshot.streams)
      .slice(0, limit)
      .map((r) => r.asset),
    consumers: consumersInTrouble(snapshot.consumers)
      .slice(0, limit)
      .map((r) => r.asset),
  };
}

/**
 * "12", or "12+" when the list it was counted from reached the server's cap, so there may be more
 * (replicas are counted from the capped list of streams in trouble).
 */
export function cappedCount(count: number, listLength = count, limit = WALL_TROUBLE_LIMIT): string {
  return listLength >= limit ? `${formatExact(count)}+` : formatExact(count);
}

export interface StorageUse {
  kind: "node" | "account";
  name: string;
  usedBytes: number;
  limitBytes: number;
  percent: number;
  /** A node's figure from an earlier poll: it does not answer now. */
  stale: boolean;
}

/** JetStream file storage of nodes and accounts against their limits, fullest first. */
export function storageNearestFull(nodes: readonly NodeView[], accounts: readonly AccountView[]): StorageUse[] {
  const uses: StorageUse[] = [];
  for (const n of nodes) {
    const js = n.jetstream;
    if (js?.storageLimitBytes)
      uses.push({ kind: "node", name: n.name, usedBytes: js.storageBytes, limitBytes: js.storageLimitBytes, percent: (js.storageBytes / js.storageLimitBytes) * 100, stale: n.stale });
  }
  for (const a of accounts) {
    if (a.storageLimitBytes)
      uses.push({ kind: "account", name: a.name, usedBytes: a.storageBytes, limitBytes: a.storageLimitBytes, percent: (a.storageBytes / a.storageLimitBytes) * 100, stale: false });
  }
  return uses.sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name));
}

/** Which panel is on screen: every wall with the same settings shows the same one at the same time. */
export function wallPanelAt(now: number, settings: WallSettings): WallPanel {
  const panels = settings.panels.length ? settings.panels : DEFAULT_WALL_SETTINGS.panels;
  if (!settings.rotateSeconds || panels.length < 2) return panels[0];
  return panels[Math.floor(now / (settings.rotateSeconds * 1000)) % panels.length];
}

/** How long the current panel stays: until the next multiple of the rotation period. */
export function msUntilNextPanel(now: number, settings: WallSettings): number | null {
  if (!settings.rotateSeconds || settings.panels.length < 2) return null;
  const period = settings.rotateSeconds * 1000;
  return period - (now % period);
}

export const BURN_IN_STEP_MS = 3 * 60_000;
export const BURN_IN_AMPLITUDE_PX = 8;

/**
 * The whole layout's offset against burn-in: every few minutes it moves one step along a
 * serpentine path over a 5 × 5 grid within ±8 px, so no edge stays on the same pixels for hours
 * and each move is too small to notice. A full cycle takes 25 steps (75 minutes).
 */
export function burnInOffset(now: number, stepMs = BURN_IN_STEP_MS, amplitudePx = BURN_IN_AMPLITUDE_PX): { x: number; y: number } {
  const side = 5;
  const index = Math.floor(now / stepMs) % (side * side);
  const row = Math.floor(index / side);
  const col = row % 2 === 0 ? index % side : side - 1 - (index % side);
  const unit = (2 * amplitudePx) / (side - 1);
  return { x: Math.round(col * unit - amplitudePx), y: Math.round(row * unit - amplitudePx) };
}

export const SPARKLINE_WINDOW_MS = 15 * 60_000;

export interface SparkPoint {
  t: number;
  v: number;
}

/** Throughput in and out over the window that ends at the newest sample. */
export function throughputSeries(samples: readonly ThroughputSample[], windowMs = SPARKLINE_WINDOW_MS): { in: SparkPoint[]; out: SparkPoint[] } {
  const last = samples.at(-1);
  if (!last) return { in: [], out: [] };
  const from = Date.parse(last.at) - windowMs;
  const recent = samples.filter((s) => Date.parse(s.at) >= from);
  return {
    in: recent.map((s) => ({ t: Date.parse(s.at), v: s.inMsgsPerSec })),
    out: recent.map((s) => ({ t: Date.parse(s.at), v: s.outMsgsPerSec })),
  };
}

/**
 * SVG polyline points for a sparkline in a `width` × `height` box: time on x over [fromMs, toMs],
 * 0…maxValue on y (upwards). Fewer than two points draw nothing.
 */
export function sparklinePoints(points: readonly SparkPoint[], box: { fromMs: number; toMs: number; maxValue: number; width: number; height: number }): string {
  if (points.length < 2) return "";
  const span = Math.max(1, box.toMs - box.fromMs);
  const max = box.maxValue > 0 ? box.maxValue : 1;
  const round = (n: number) => Math.round(n * 10) / 10;
  return points
    .map((p) => {
      const x = ((Math.min(Math.max(p.t, box.fromMs), box.toMs) - box.fromMs) / span) * box.width;
      const y = box.height - (Math.min(Math.max(p.v, 0), max) / max) * box.height;
      return `${round(x)},${round(y)}`;
    })
    .join(" ");
}
