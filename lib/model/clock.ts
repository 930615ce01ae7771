/**
 * A node's clock against the dashboard's. The node wrote its time (varz `now`) at some instant
 * between the request leaving and its answer arriving, so the dashboard's clock at that instant is
 * the middle of the round trip, give or take half of it: skew = now − (sent + rtt/2) ± rtt/2.
 * This compares two clocks on purpose; latencies never do (they are timed on one monotonic clock).
 */
import type { ClockSkew } from "./types";

export function clockSkew(nodeNow: string | undefined, sentAt: number | undefined, roundTripMs: number): ClockSkew | null {
  if (nodeNow === undefined || sentAt === undefined) return null;
  const nodeMs = Date.parse(nodeNow);
  if (!Number.isFinite(nodeMs)) return null;
  return { skewMs: Math.round(nodeMs - (sentAt + roundTripMs / 2)), errorMs: Math.ceil(roundTripMs / 2) };
}

/** Whether a skew is beyond `limitMs` by more than its error bound: certainly out, not just possibly. */
export function skewBeyond(clock: ClockSkew, limitMs: number): boolean {
  return Math.abs(clock.skewMs) - clock.errorMs > limitMs;
}
