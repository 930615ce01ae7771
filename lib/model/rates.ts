/**
 * Per-second rates from monotonic server counters. A counter that goes down, or a changed server
 * start time, means the server restarted: that interval has no trustworthy rate, so it yields null
 * rather than a huge negative or made-up number.
 */
import type { Varz } from "../sources/monitor-schemas";
import type { NodeRates } from "./types";

export interface CounterSample {
  /** Server start time as reported (RFC 3339); a change means a restart. */
  start: string | null;
  /** The server's own clock at sampling time, in ms since the epoch. */
  atMs: number;
  inMsgs: number;
  outMsgs: number;
  inBytes: number;
  outBytes: number;
  inClientMsgs: number | null;
  outClientMsgs: number | null;
}

export function counterSample(varz: Varz): CounterSample {
  return {
    start: varz.start ?? null,
    atMs: Date.parse(varz.now),
    inMsgs: varz.in_msgs ?? 0,
    outMsgs: varz.out_msgs ?? 0,
    inBytes: varz.in_bytes ?? 0,
    outBytes: varz.out_bytes ?? 0,
    inClientMsgs: varz.in_client_msgs ?? null,
    outClientMsgs: varz.out_client_msgs ?? null,
  };
}

/** Rate of one counter, or null if it went backwards (reset). */
function perSecond(previous: number, current: number, seconds: number): number | null {
  if (current < previous) return null;
  return (current - previous) / seconds;
}

export function computeRates(previous: CounterSample | undefined, current: CounterSample): NodeRates | null {
  if (!previous) return null;
  if (previous.start !== current.start) return null;
  const seconds = (current.atMs - previous.atMs) / 1000;
  if (!(seconds > 0)) return null;
  const inMsgs = perSecond(previous.inMsgs, current.inMsgs, seconds);
  const outMsgs = perSecond(previous.outMsgs, current.outMsgs, seconds);
  const inBytes = perSecond(previous.inBytes, current.inBytes, seconds);
  const outBytes = perSecond(previous.outBytes, current.outBytes, seconds);
  if (inMsgs === null || outMsgs === null || inBytes === null || outBytes === null) return null;
  const clientRate = (p: number | null, c: number | null) => (p === null || c === null ? null : perSecond(p, c, seconds));
  return {
    inMsgsPerSec: inMsgs,
    outMsgsPerSec: outMsgs,
    inBytesPerSec: inBytes,
    outBytesPerSec: outBytes,
    inClientMsgsPerSec: clientRate(previous.inClientMsgs, current.inClientMsgs),
    outClientMsgsPerSec: clientRate(previous.outClientMsgs, current.outClientMsgs),
  };
}
