/**
 * When figures on a screen stop being current: no update for a few poll intervals, or updates that
 * no node answered. One rule for every page's live stream and for the wall display.
 */
import { formatDurationMs } from "../format";
import { isAnswering } from "../model/assets";
import type { ClusterSnapshot } from "../model/types";

/** No update for this many poll intervals makes a screen STALE. */
export const STALE_AFTER_INTERVALS = 3;

/** The time from which data received at `receivedAt` counts as stale. */
export const staleFrom = (receivedAt: number, pollIntervalMs: number) => receivedAt + STALE_AFTER_INTERVALS * pollIntervalMs;

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
  if (now > staleFrom(receivedAt, pollIntervalMs)) return { stale: true, reason: "no-update", dataAgeMs: sinceUpdate };
  return { stale: false, reason: null, dataAgeMs: sinceUpdate };
}

/** "data 47 s old" */
export function dataAgeLabel(ageMs: number | null): string {
  return ageMs === null ? "no data" : `data ${formatDurationMs(Math.max(1000, ageMs))} old`;
}
