/**
 * The latency book: every probe outcome the canary reports, kept in 10-second slots by the
 * wall-clock time the probe started. From it come the figures of the last five minutes (the pages,
 * the alert rules, the metrics) and, once every probe started in a minute has had its time to
 * answer, that minute's HDR histograms for the history store. A slot keeps its latencies as they
 * came (a few hundred numbers at the canary's pace) and histograms are made from them when figures
 * are: merging one histogram per slot and series cost seconds per poll. Pure apart from its own
 * state: time comes in as arguments.
 */
import type { Measurement } from "../../sources/canary/measurement";
import type { AckLatency, LatencyFigures, PairLatency } from "../types";
import { encodeHistogram, figuresOf, newTally, recordUs, type Tally } from "./histogram";

export const SLOT_MS = 10_000;
export const MINUTE_MS = 60_000;
/** The window of the live figures and of the alert rule. */
export const LATENCY_WINDOW_MS = 5 * MINUTE_MS;

/** The series a minute is stored under (history) and the book keeps (here). */
export const SERIES = {
  write: "write",
  endToEnd: "e2e",
  writeVia: (node: string) => `write@${node}`,
  pair: (from: string, to: string) => `pair:${from}>${to}`,
  rtt: (node: string) => `rtt:${node}`,
  ack: (stream: string, consumer: string) => `ack:${stream}/${consumer}`,
};

/** Whether `name` is a series the book keeps (as the history API takes it). */
export function isLatencySeries(name: string): boolean {
  return /^(write|e2e|write@[^>/]+|pair:[^>]+>[^>]+|rtt:.+|ack:[^/]+\/.+)$/.test(name);
}

/** One series' histogram of one minute, as the history store keeps it. */
export interface LatencyMinute {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  series: string;
  count: number;
  timeouts: number;
  errors: number;
  /** The histogram (microseconds), compressed and base64-encoded; see histogram.ts. */
  hist: string;
}

/** A series' outcomes in one slot: the latencies (µs) as measured, the failures counted. */
interface Outcomes {
  us: number[];
  timeouts: number;
  errors: number;
}

interface Slot {
  start: number;
  series: Map<string, Outcomes>;
  /** Sampled acks of redelivered messages, per ack series. */
  redelivered: Map<string, number>;
}

/** Each series' outcomes of `slots` in one tally (an HDR histogram and the failures). */
function tallies(slots: Iterable<Slot>): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const slot of slots)
    for (const [series, o] of slot.series) {
      let tally = out.get(series);
      if (!tally) {
        tally = newTally();
        out.set(series, tally);
      }
      for (const us of o.us) recordUs(tally.hist, us);
      tally.timeouts += o.timeouts;
      tally.errors += o.errors;
    }
  return out;
}

export function seriesOf(m: Measurement): string[] {
  switch (m.kind) {
    case "write":
      return [SERIES.write, SERIES.writeVia(m.via)];
    case "e2e":
      return [SERIES.endToEnd, SERIES.pair(m.from, m.to)];
    case "rtt":
      return [SERIES.rtt(m.node)];
    case "ack":
      return [SERIES.ack(m.stream, m.consumer)];
  }
}

export interface WindowTallies {
  /** Where the window starts: its length, or less when the book began measuring later. */
  from: number;
  tallies: Map<string, Tally>;
  redelivered: Map<string, number>;
}

export class LatencyBook {
  private readonly slots = new Map<number, Slot>();
  /** Minutes before this one are closed: handed to the store, and late outcomes for them are dropped. */
  private closedBefore: number;
  private firstAt: number | null = null;
  /** Outcomes that arrived for a minute already closed (a probe outliving its grace): counted, not kept. */
  late = 0;

  constructor(
    now: number,
    /** How long after a minute ends its last probes may still report (the probe timeout plus delivery). */
    private readonly graceMs: number,
  ) {
    this.closedBefore = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  }

  record(m: Measurement): void {
    if (m.at < this.closedBefore) {
      this.late++;
      return;
    }
    const start = Math.floor(m.at / SLOT_MS) * SLOT_MS;
    let slot = this.slots.get(start);
    if (!slot) {
      slot = { start, series: new Map(), redelivered: new Map() };
      this.slots.set(start, slot);
    }
    this.firstAt = this.firstAt === null ? m.at : Math.min(this.firstAt, m.at);
    for (const series of seriesOf(m)) {
      let o = slot.series.get(series);
      if (!o) {
        o = { us: [], timeouts: 0, errors: 0 };
        slot.series.set(series, o);
      }
      if (m.outcome === "ok" && m.us !== null) o.us.push(m.us);
      else if (m.outcome === "timeout") o.timeouts++;
      else o.errors++;
      if (m.kind === "ack" && m.deliveries > 1) slot.redelivered.set(series, (slot.redelivered.get(series) ?? 0) + 1);
    }
  }

  /** Every series merged over the slots that started within the last `windowMs` before `now`. */
  window(now: number, windowMs = LATENCY_WINDOW_MS): WindowTallies {
    const earliest = Math.ceil((now - windowMs) / SLOT_MS) * SLOT_MS;
    const inWindow = [...this.slots.values()].filter((slot) => slot.start >= earliest && slot.start <= now);
    const redelivered = new Map<string, number>();
    for (const slot of inWindow) for (const [series, n] of slot.redelivered) redelivered.set(series, (redelivered.get(series) ?? 0) + n);
    return { from: Math.max(earliest, this.firstAt ?? now), tallies: tallies(inWindow), redelivered };
  }

  /** The minutes whose probes have all reported by `now`, each series' histogram; their slots are let go. */
  closeMinutes(now: number): LatencyMinute[] {
    const out: LatencyMinute[] = [];
    const closable = Math.floor((now - this.graceMs) / MINUTE_MS) * MINUTE_MS;
    const minutes = new Set(
      [...this.slots.keys()].filter((start) => start >= this.closedBefore && start < closable).map((start) => Math.floor(start / MINUTE_MS) * MINUTE_MS),
    );
    for (const minute of [...minutes].sort((a, b) => a - b)) {
      const sums = tallies([...this.slots.values()].filter((slot) => slot.start >= minute && slot.start < minute + MINUTE_MS));
      for (const [series, t] of [...sums].sort(([a], [b]) => a.localeCompare(b)))
        out.push({ minute, series, count: t.hist.totalCount, timeouts: t.timeouts, errors: t.errors, hist: encodeHistogram(t.hist) });
    }
    this.closedBefore = Math.max(this.closedBefore, closable);
    // Slots still inside the live window stay after their minute is stored.
    const keepFrom = now - LATENCY_WINDOW_MS - SLOT_MS;
    for (const start of [...this.slots.keys()]) if (start < this.closedBefore && start < keepFrom) this.slots.delete(start);
    return out;
  }
}

const figures = (tallies: Map<string, Tally>, series: string): LatencyFigures => figuresOf(tallies.get(series) ?? newTally());

function suffixes(tallies: Map<string, Tally>, prefix: string): string[] {
  return [...tallies.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/** The figures of a window: overall, by entry node, by pair, by node's round trip, and per consumer acked. */
export function windowFigures(w: WindowTallies, nodeOrder: string[]) {
  const rank = (node: string) => {
    const i = nodeOrder.indexOf(node);
    return i < 0 ? nodeOrder.length : i;
  };
  const byNode = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
  const pairs: PairLatency[] = suffixes(w.tallies, "pair:")
    .map((key) => {
      const cut = key.indexOf(">");
      return { from: key.slice(0, cut), to: key.slice(cut + 1), figures: figures(w.tallies, `pair:${key}`) };
    })
    .sort((a, b) => byNode(a.from, b.from) || byNode(a.to, b.to));
  const acks: Omit<AckLatency, "account">[] = suffixes(w.tallies, "ack:")
    .map((key) => {
      const cut = key.indexOf("/");
      return { stream: key.slice(0, cut), consumer: key.slice(cut + 1), figures: figures(w.tallies, `ack:${key}`), redelivered: w.redelivered.get(`ack:${key}`) ?? 0 };
    })
    .sort((a, b) => a.stream.localeCompare(b.stream) || a.consumer.localeCompare(b.consumer));
  return {
    write: figures(w.tallies, SERIES.write),
    writeByNode: suffixes(w.tallies, "write@")
      .sort(byNode)
      .map((node) => ({ node, figures: figures(w.tallies, SERIES.writeVia(node)) })),
    endToEnd: figures(w.tallies, SERIES.endToEnd),
    pairs,
    rtt: suffixes(w.tallies, "rtt:")
      .sort(byNode)
      .map((node) => ({ node, figures: figures(w.tallies, SERIES.rtt(node)) })),
    acks,
  };
}
