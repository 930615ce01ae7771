/**
 * The trial-run report: what managers read ("54 million messages, 0 cluster outages, 2 alerts"),
 * computed from the history store for a period, each figure with its definition, and judged
 * against the configured targets. Times in the output are ISO 8601; durations in ms.
 */
import { csvLine } from "../format";
import { SERIES } from "../model/latency/book";
import { figuresOf } from "../model/latency/histogram";
import type { LatencyFigures } from "../model/types";
import { DEFAULT_LATENCY_TARGETS, type LatencyTargets } from "../sources/canary/config";
import type { ReportTargets } from "./config";
import type { HistoryStore, LatencyTotal, Outage, Session, StoredAlertTransition } from "./store";

export interface ReportInterval {
  start: string;
  end: string | null;
  durationMs: number;
}

export interface ReportOutage extends ReportInterval {
  node: string | null;
  reason: string;
  /** False when the dashboard stopped before the outage ended: the end is when it last looked. */
  endObserved: boolean;
}

export interface ReportElection {
  kind: "stream" | "consumer" | "meta";
  account: string | null;
  stream: string | null;
  consumer: string | null;
  from: string | null;
  to: string | null;
  at: string;
  /** How long the asset had no reachable leader (the measured RTO); null when it was not measured. */
  leaderlessMs: number | null;
}

export interface ReportAlert {
  id: string;
  rule: string;
  severity: "warning" | "critical";
  subject: string;
  message: string;
  firingSince: string;
  resolvedAt: string | null;
  firingMs: number;
}

export interface ReportTarget {
  name: string;
  /** "≥" or "≤" or "<": how actual is compared with target. */
  comparison: ">=" | "<=" | "<";
  target: number;
  actual: number | null;
  unit: string;
  /** null when there was nothing to measure. */
  pass: boolean | null;
  /** What the figure was read from, where that matters (the latency targets: their samples and the share of the period measured). */
  samples?: number;
  measuredPercent?: number;
  note?: string;
}

/** A latency figure of the period: the merged minutes of its series, and how much of the period they cover. */
export interface ReportLatency extends LatencyFigures {
  minutes: number;
  measuredPercent: number;
}

/** Settings of the cluster's latency canary the report judges by; null when none is configured. */
export interface ReportCanary {
  targets: LatencyTargets;
  stream: string;
}

/** What a report is judged against. */
export interface ReportJudging {
  targets: ReportTargets;
  canary: ReportCanary | null;
}

/** The configured targets, and the cluster's canary (its latency targets and stream) when it has one. */
export function reportJudging(targets: ReportTargets, canary: { targets: LatencyTargets; stream: string } | undefined): ReportJudging {
  return { targets, canary: canary ? { targets: canary.targets, stream: canary.stream } : null };
}

export interface TrialReport {
  cluster: string;
  generatedAt: string;
  period: { from: string; to: string };
  definitions: Record<string, string>;
  observation: { observedMs: number; coveragePercent: number; notObserved: ReportInterval[] };
  messagesStored: number;
  /** How far either end of messagesStored may be off: one poll interval (one minute where only rollups are left). */
  messagesStoredPrecisionMs: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  throughput: { avgMsgsPerSec: number; peakMsgsPerSec: number | null; avgInMsgsPerSec: number; peakInMsgsPerSec: number | null };
  topStreams: { account: string; name: string; messagesStored: number; avgMsgsPerSec: number }[];
  nodeOutages: ReportOutage[];
  clusterOutages: ReportOutage[];
  uptime: { clusterPercent: number | null; nodes: { node: string; percent: number | null }[] };
  restarts: { node: string; at: string }[];
  elections: ReportElection[];
  electionSummary: { count: number; measured: number; worstLeaderlessMs: number | null; p95LeaderlessMs: number | null };
  alerts: {
    total: number;
    byRule: Record<string, number>;
    bySeverity: { warning: number; critical: number };
    firingMs: number;
    list: ReportAlert[];
  };
  consumers: { account: string; stream: string; name: string; maxPending: number; maxRedelivered: number; maxAckPending: number }[];
  storage: { node: string; startBytes: number | null; endBytes: number | null; growthBytes: number | null; peakBytes: number | null; limitBytes: number | null; peakPercent: number | null }[];
  latency: {
    /** Whether this cluster has a canary now; the figures are what was recorded, whether or not. */
    configured: boolean;
    write: ReportLatency | null;
    endToEnd: ReportLatency | null;
    /** Node pairs, worst p99 first (kept as long as raw samples). */
    pairs: { from: string; to: string; figures: ReportLatency }[];
  };
  targets: ReportTarget[];
}

export const REPORT_DEFINITIONS: Record<string, string> = {
  messagesStored:
    "Messages written to JetStream: for every stream, the advance of its last sequence, summed poll by poll over the period (a stream created while the dashboard watched counts from zero; a re-created stream counts from its restart). Exact to one poll interval at each end. The latency canary's own stream is not counted.",
  messagesIn: "Messages received by the servers (varz in_msgs), summed over nodes as counter advances; a counter that restarts with its server counts from zero. Includes route traffic on servers before 2.12.",
  messagesOut: "Messages sent by the servers (varz out_msgs), counted like messages in.",
  throughput: "Average: messages stored divided by the period. Peak: the highest rate of messages stored between two polls.",
  nodeOutages: "A node is out from the first poll it did not answer to the first poll it answered again (precision: one poll interval).",
  clusterOutages: "The cluster is out while no JetStream meta leader answers or fewer than a quorum of its nodes answer.",
  notObserved: "Time the dashboard itself was not running; nothing is claimed about the cluster then, and it does not count as an outage.",
  elections: "Leader elections of streams, consumers and the meta group; leaderless time runs from when the dashboard first saw the asset without a reachable leader (or heard a quorum-lost or shutdown advisory) to the election.",
  alerts: "Alerts that were firing at any time in the period; time firing is clipped to the period.",
  consumers: "The highest unprocessed (num_pending), redelivered and ack-pending figures each consumer reached in the period.",
  storage: "JetStream file storage used per node at the start and end of the period, and its peak.",
  latency:
    "From the latency canary: JetStream write latency is publish → ack of a write to its own replicated stream; end-to-end latency is publish on a connection to one node → delivery on a connection to another (every pair). Percentiles are read from the merged per-minute HDR histograms (within 0.1 %) of the minutes that overlap the period. A probe that timed out or failed is never a latency: the judged p99 ranks it above every completed probe, and there is none when more than 1 % failed.",
};

const iso = (ms: number) => new Date(ms).toISOString();

function overlapMs(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/** The run that is still recording (its last poll is recent): it observes up to now, not just to its last poll. */
function currentRun(sessions: Session[], now: number): Session | null {
  const latest = sessions.at(-1);
  return latest && now - latest.last < 3 * latest.pollIntervalMs + 5_000 ? latest : null;
}

/** Time inside [from, to] that the dashboard was running, as intervals. */
function observedIntervals(sessions: Session[], from: number, to: number, now: number): [number, number][] {
  const current = currentRun(sessions, now);
  return sessions
    .map((s) => [Math.max(from, s.started), Math.min(to, s === current ? now : s.last)] as [number, number])
    .filter(([a, b]) => b > a);
}

function gaps(intervals: [number, number][], from: number, to: number): ReportInterval[] {
  const out: ReportInterval[] = [];
  let cursor = from;
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (a > cursor) out.push({ start: iso(cursor), end: iso(a), durationMs: a - cursor });
    cursor = Math.max(cursor, b);
  }
  if (to > cursor) out.push({ start: iso(cursor), end: iso(to), durationMs: to - cursor });
  return out;
}

function reportOutage(o: Outage, now: number): ReportOutage {
  const end = o.end ?? now;
  return { node: o.node, start: iso(o.start), end: o.end === null ? null : iso(o.end), durationMs: end - o.start, reason: o.reason, endObserved: o.endObserved };
}

/** Outage time inside the observed part of the period. */
function observedOutageMs(outages: Outage[], observed: [number, number][], now: number): number {
  let total = 0;
  for (const o of outages) for (const [a, b] of observed) total += overlapMs(o.start, o.end ?? now, a, b);
  return total;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Firing episodes of alerts from their transitions; one still open when a run ended ends with that run, unless the next run restored it. */
function alertEpisodes(transitions: StoredAlertTransition[], sessions: Session[], now: number): ReportAlert[] {
  const runEnd = (t: number) => sessions.find((s) => s.started <= t && t <= s.last)?.last ?? now;
  // `seenMs`: the latest time the alert is known to fire, which places it in a run (a restart carries it over).
  const open = new Map<string, { alert: ReportAlert; startMs: number; seenMs: number }>();
  const done: ReportAlert[] = [];
  const close = (id: string, endMs: number | null) => {
    const e = open.get(id);
    if (!e) return;
    open.delete(id);
    done.push({ ...e.alert, resolvedAt: endMs === null ? null : iso(endMs), firingMs: (endMs ?? now) - e.startMs });
  };
  for (const t of transitions) {
    if (t.to === "firing") {
      const earlier = open.get(t.id);
      if (earlier) close(t.id, Math.min(t.atMs, runEnd(earlier.seenMs)));
      open.set(t.id, {
        alert: { id: t.id, rule: t.rule, severity: t.severity, subject: t.subjectLabel, message: t.message, firingSince: t.at, resolvedAt: null, firingMs: 0 },
        startMs: t.atMs,
        seenMs: t.atMs,
      });
    } else if (t.to === "restored") {
      const e = open.get(t.id);
      if (e) e.seenMs = t.atMs;
    } else if (t.to === "escalated") {
      const e = open.get(t.id);
      if (e) Object.assign(e.alert, { severity: "critical", message: t.message });
    } else if (t.to === "resolved") close(t.id, t.atMs);
  }
  // Still open: firing now if the last run that saw it is the current one, otherwise it ended (unseen) with that run.
  const current = currentRun(sessions, now);
  for (const [id, e] of [...open]) {
    // The first run that had not ended by then: a restored alert is noted just before its run's session begins.
    const run = sessions.find((s) => e.seenMs <= s.last);
    close(id, run && run !== current ? run.last : null);
  }
  return done;
}

const LOOKBACK_FOR_ALERTS_MS = 31 * 24 * 3_600_000;

export async function buildReport(
  store: HistoryStore,
  cluster: string,
  period: { from: number; to: number },
  judging: ReportJudging,
  now = Date.now(),
): Promise<TrialReport> {
  const targets = judging.targets;
  const from = period.from;
  const to = Math.min(period.to, now);
  const seconds = Math.max(1, (to - from) / 1000);
  // Every read at once: a store across the network answers them side by side.
  const [sessions, allAdvances, stored, counters, peaks, outages, storage, events, transitions, totals, pairTotals, worstConsumers] = await Promise.all([
    store.sessions(cluster, from - LOOKBACK_FOR_ALERTS_MS, to),
    store.streamAdvances(cluster, from, to),
    store.storedMessages(cluster, from, to),
    store.counterTotals(cluster, from, to),
    store.peakRates(cluster, from, to),
    store.outages(cluster, from, to),
    store.nodeStorage(cluster, from, to),
    store.events(cluster, from, to, ["stream-leader-elected", "consumer-leader-elected", "meta-leader-elected", "node-restarted"]),
    store.alertTransitions(cluster, from - LOOKBACK_FOR_ALERTS_MS, to),
    store.latencyTotals(cluster, [SERIES.write, SERIES.endToEnd], from, to),
    store.latencySeriesNames(cluster, "pair:", from, to).then((names) => store.latencyTotals(cluster, names, from, to)),
    store.worstConsumers(cluster, from, to, 10),
  ]);
  const observed = observedIntervals(sessions, from, to, now);
  const observedMs = observed.reduce((sum, [a, b]) => sum + (b - a), 0);

  const canaryStream = judging.canary?.stream ?? null;
  const advances = allAdvances.filter((a) => a.name !== canaryStream);
  const messagesStored = stored.messages;

  const nodeOutages = outages.filter((o) => o.scope === "node");
  const clusterOutages = outages.filter((o) => o.scope === "cluster");
  const nodeNames = [...new Set([...storage.map((s) => s.node), ...nodeOutages.map((o) => o.node!)])].sort();
  const uptimePercent = (list: Outage[]) => (observedMs > 0 ? (100 * (observedMs - observedOutageMs(list, observed, now))) / observedMs : null);

  const elections: ReportElection[] = events
    .filter((e) => e.kind !== "node-restarted")
    .map((e) => ({
      kind: e.kind === "stream-leader-elected" ? "stream" : e.kind === "consumer-leader-elected" ? "consumer" : "meta",
      account: e.account,
      stream: e.stream,
      consumer: e.consumer,
      from: e.fromLeader,
      to: e.toLeader,
      at: e.at,
      leaderlessMs: e.leaderlessMs,
    }));
  const measured = elections.filter((e) => e.kind === "stream" && e.leaderlessMs !== null).map((e) => e.leaderlessMs!);

  const alertList = alertEpisodes(transitions, sessions, now)
    .filter((a) => Date.parse(a.firingSince) <= to && (a.resolvedAt === null || Date.parse(a.resolvedAt) >= from))
    .sort((a, b) => a.firingSince.localeCompare(b.firingSince));
  const byRule: Record<string, number> = {};
  for (const a of alertList) byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
  const firingMs = alertList.reduce((sum, a) => sum + overlapMs(Date.parse(a.firingSince), a.resolvedAt ? Date.parse(a.resolvedAt) : to, from, to), 0);

  const peakMsgsPerSec = peaks.storedMsgsPerSec;
  const worstLeaderlessMs = measured.length ? Math.max(...measured) : null;
  const judged: ReportTarget[] = [];
  const judge = (name: string, target: number | null, actual: number | null, comparison: ReportTarget["comparison"], unit: string) => {
    if (target === null) return;
    const pass = actual === null ? null : comparison === ">=" ? actual >= target : comparison === "<=" ? actual <= target : actual < target;
    judged.push({ name, comparison, target, actual, unit, pass });
  };
  judge("peak throughput (messages stored/s)", targets.throughputMsgsPerSec, peakMsgsPerSec, ">=", "msgs/s");
  judge("failover time (worst stream leaderless time)", targets.failoverMs, worstLeaderlessMs, "<", "ms");
  judge("cluster outages", targets.clusterOutages, clusterOutages.length, "<=", "count");
  judge("alerts", targets.alerts, alertList.length, "<=", "count");

  const periodMs = Math.max(1, to - from);
  const latencyOf = (t: LatencyTotal | undefined): ReportLatency | null =>
    t ? { ...figuresOf(t.tally), minutes: t.minutes, measuredPercent: (100 * t.measuredMs) / periodMs } : null;
  const write = latencyOf(totals.get(SERIES.write));
  const endToEnd = latencyOf(totals.get(SERIES.endToEnd));
  const pairs = [...pairTotals]
    .map(([name, t]) => {
      const [pairFrom, pairTo] = name.slice("pair:".length).split(">");
      return { from: pairFrom, to: pairTo, figures: latencyOf(t)! };
    })
    .sort((a, b) => (b.figures.p99Ms ?? -1) - (a.figures.p99Ms ?? -1) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const latencyTargets = judging.canary?.targets ?? DEFAULT_LATENCY_TARGETS;
  const judgeLatency = (name: string, target: number, figures: ReportLatency | null, what: string) => {
    const attempts = figures ? figures.count + figures.timeouts + figures.errors : 0;
    const failed = figures ? figures.timeouts + figures.errors : 0;
    const note = !figures
      ? judging.canary
        ? "no canary minutes recorded in the period"
        : "not measured: no latency canary is configured for this cluster (clusters[].canary)"
      : `${attempts} ${what}${failed ? `, ${failed} timed out or failed (counted as slower than any latency)` : ""}; measured ${figures.measuredPercent.toFixed(1)} % of the period`;
    judged.push({
      name,
      comparison: "<=",
      target,
      actual: figures?.p99AttemptsMs ?? null,
      unit: "ms",
      pass: !figures || attempts === 0 ? null : figures.p99AttemptsMs !== null && figures.p99AttemptsMs <= target,
      samples: attempts,
      measuredPercent: figures?.measuredPercent ?? 0,
      note,
    });
  };
  judgeLatency("JetStream write p99 (canary)", latencyTargets.writeP99Ms, write, "canary writes");
  judgeLatency("end-to-end p99 (canary, every node pair)", latencyTargets.endToEndP99Ms, endToEnd, "deliveries");

  return {
    cluster,
    generatedAt: iso(now),
    period: { from: iso(from), to: iso(to) },
    definitions: REPORT_DEFINITIONS,
    observation: {
      observedMs,
      coveragePercent: (100 * observedMs) / Math.max(1, to - from),
      notObserved: gaps(observed, from, to),
    },
    messagesStored,
    messagesStoredPrecisionMs: stored.precisionMs,
    messagesIn: counters.inMsgs,
    messagesOut: counters.outMsgs,
    bytesIn: counters.inBytes,
    bytesOut: counters.outBytes,
    throughput: {
      avgMsgsPerSec: messagesStored / seconds,
      peakMsgsPerSec,
      avgInMsgsPerSec: counters.inMsgs / seconds,
      peakInMsgsPerSec: peaks.inMsgsPerSec,
    },
    topStreams: advances
      .filter((a) => a.stored > 0)
      .sort((a, b) => b.stored - a.stored || a.name.localeCompare(b.name))
      .slice(0, 10)
      .map((a) => ({ account: a.account, name: a.name, messagesStored: a.stored, avgMsgsPerSec: a.stored / seconds })),
    nodeOutages: nodeOutages.map((o) => reportOutage(o, now)),
    clusterOutages: clusterOutages.map((o) => reportOutage(o, now)),
    uptime: {
      clusterPercent: uptimePercent(clusterOutages),
      nodes: nodeNames.map((node) => ({ node, percent: uptimePercent(nodeOutages.filter((o) => o.node === node)) })),
    },
    restarts: events.filter((e) => e.kind === "node-restarted").map((e) => ({ node: e.server ?? "?", at: e.at })),
    elections,
    electionSummary: { count: elections.length, measured: measured.length, worstLeaderlessMs, p95LeaderlessMs: percentile(measured, 95) },
    alerts: {
      total: alertList.length,
      byRule,
      bySeverity: { warning: alertList.filter((a) => a.severity === "warning").length, critical: alertList.filter((a) => a.severity === "critical").length },
      firingMs,
      list: alertList,
    },
    consumers: worstConsumers,
    storage: storage.map((s) => ({
      node: s.node,
      startBytes: s.first,
      endBytes: s.last,
      growthBytes: s.first !== null && s.last !== null ? s.last - s.first : null,
      peakBytes: s.peak,
      limitBytes: s.limit,
      peakPercent: s.peak !== null && s.limit ? (100 * s.peak) / s.limit : null,
    })),
    latency: { configured: judging.canary !== null, write, endToEnd, pairs: pairs.slice(0, 20) },
    targets: judged,
  };
}

/** One table: section, item, value, unit, detail — opens as-is in a spreadsheet. */
export function reportCsv(r: TrialReport): string {
  const rows: unknown[][] = [["section", "item", "value", "unit", "detail"]];
  const add = (...row: unknown[]) => rows.push(row);
  add("period", "from", r.period.from, "", "");
  add("period", "to", r.period.to, "", "");
  add("period", "observed", r.observation.observedMs, "ms", `${r.observation.coveragePercent.toFixed(2)} % of the period`);
  for (const g of r.observation.notObserved) add("not observed", g.start, g.durationMs, "ms", `until ${g.end}`);
  add("messages", "stored", r.messagesStored, "msgs", `exact to ${r.messagesStoredPrecisionMs} ms at each end. ${REPORT_DEFINITIONS.messagesStored}`);
  add("messages", "in", r.messagesIn, "msgs", REPORT_DEFINITIONS.messagesIn);
  add("messages", "out", r.messagesOut, "msgs", REPORT_DEFINITIONS.messagesOut);
  add("messages", "bytes in", r.bytesIn, "bytes", "");
  add("messages", "bytes out", r.bytesOut, "bytes", "");
  add("throughput", "average", r.throughput.avgMsgsPerSec, "msgs/s", "messages stored");
  add("throughput", "peak", r.throughput.peakMsgsPerSec, "msgs/s", "messages stored, between two polls");
  for (const s of r.topStreams) add("top streams", `${s.account} > ${s.name}`, s.messagesStored, "msgs", `${s.avgMsgsPerSec.toFixed(2)} msgs/s`);
  add("availability", "cluster uptime", r.uptime.clusterPercent, "%", "of the observed time");
  for (const n of r.uptime.nodes) add("availability", `${n.node} uptime`, n.percent, "%", "of the observed time");
  for (const o of r.clusterOutages) add("cluster outages", o.start, o.durationMs, "ms", `${o.reason}; until ${o.end ?? "now"}${o.endObserved ? "" : " (end not observed)"}`);
  for (const o of r.nodeOutages) add("node outages", o.node, o.durationMs, "ms", `${o.start} → ${o.end ?? "now"}${o.endObserved ? "" : " (end not observed)"}; ${o.reason}`);
  for (const x of r.restarts) add("restarts", x.node, x.at, "", "");
  add("elections", "count", r.electionSummary.count, "", `${r.electionSummary.measured} with a measured leaderless time`);
  add("elections", "worst leaderless", r.electionSummary.worstLeaderlessMs, "ms", "");
  add("elections", "p95 leaderless", r.electionSummary.p95LeaderlessMs, "ms", "");
  for (const e of r.elections)
    add("election", e.at, e.leaderlessMs, "ms", `${e.kind} ${[e.account, e.stream, e.consumer].filter(Boolean).join(" > ")}: ${e.from ?? "none"} → ${e.to ?? "none"}`);
  add("alerts", "total", r.alerts.total, "", `${r.alerts.bySeverity.critical} critical, ${r.alerts.bySeverity.warning} warning`);
  add("alerts", "time firing", r.alerts.firingMs, "ms", "");
  for (const [rule, count] of Object.entries(r.alerts.byRule)) add("alerts by rule", rule, count, "", "");
  for (const a of r.alerts.list) add("alert", a.firingSince, a.firingMs, "ms", `${a.severity} ${a.rule} ${a.subject}: ${a.message}`);
  for (const c of r.consumers) add("consumers", `${c.account} > ${c.stream} > ${c.name}`, c.maxPending, "msgs unprocessed (max)", `redelivered max ${c.maxRedelivered}; ack pending max ${c.maxAckPending}`);
  for (const s of r.storage) add("storage", s.node, s.peakBytes, "bytes (peak)", `start ${s.startBytes ?? ""}; end ${s.endBytes ?? ""}; growth ${s.growthBytes ?? ""}; limit ${s.limitBytes ?? ""}`);
  const latencyRow = (item: string, f: ReportLatency | null) =>
    f && add("latency", item, f.p99Ms, "ms (p99)", `p50 ${f.p50Ms ?? ""}; max ${f.maxMs ?? ""}; ${f.count} completed, ${f.timeouts} timed out, ${f.errors} failed; measured ${f.measuredPercent.toFixed(1)} % of the period`);
  latencyRow("JetStream write", r.latency.write);
  latencyRow("end to end", r.latency.endToEnd);
  for (const p of r.latency.pairs) latencyRow(`${p.from} > ${p.to}`, p.figures);
  for (const t of r.targets)
    add("targets", t.name, t.actual, t.unit, `${t.comparison} ${t.target}: ${t.pass === null ? "not measured" : t.pass ? "pass" : "fail"}${t.note ? `; ${t.note}` : ""}`);
  return rows.map(csvLine).join("");
}
