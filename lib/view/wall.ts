/**
 * What the wall display shows, as pure functions: the one status word (STALE when the data cannot
 * be trusted to be current, see freshness.ts), alerts in the order on-call reads them, replicas
 * behind, storage nearest full, the rotating panel and the burn-in shift. Which assets are in
 * trouble is the model's (lib/model/trouble.ts).
 */
import { formatExact } from "../format";
import { isReplicaLagging, WALL_TROUBLE_LIMIT } from "../model/trouble";
import type { AccountView, AlertView, ClusterSnapshot, ClusterStatus, NodeView, StreamView, ThroughputSample } from "../model/types";
import type { StaleReason, WallFreshness } from "./freshness";
import { storageLevel, usedPercent, type StorageLevel, type StorageLevels } from "./storage";
import { DEFAULT_WALL_SETTINGS, type WallPanel, type WallSettings } from "./wall-settings";

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
  /** As the storage alert judges it (the storage page's levels). */
  level: StorageLevel;
  /** A node's figure from an earlier poll: it does not answer now. */
  stale: boolean;
}

/** JetStream file storage of nodes and accounts against their limits, fullest first. */
export function storageNearestFull(nodes: readonly NodeView[], accounts: readonly AccountView[], levels: StorageLevels): StorageUse[] {
  const use = (kind: StorageUse["kind"], name: string, usedBytes: number, limitBytes: number | null, stale: boolean): StorageUse[] => {
    const percent = usedPercent(usedBytes, limitBytes);
    if (percent === null || limitBytes === null) return [];
    return [{ kind, name, usedBytes, limitBytes, percent, level: storageLevel(percent, levels)!, stale }];
  };
  const uses = [
    ...nodes.flatMap((n) => (n.jetstream ? use("node", n.name, n.jetstream.storageBytes, n.jetstream.storageLimitBytes, n.stale) : [])),
    ...accounts.flatMap((a) => use("account", a.name, a.storageBytes, a.storageLimitBytes, false)),
  ];
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
