/**
 * The peer table: natscli's reports and the dashboard's ways of answering, measured in the same run,
 * as ratios to the dashboard's own collector cycle (the machine is shared: absolute times wander
 * between runs, ratios within one run much less). The terminal report and bench/results.md both
 * print it from here.
 */
import type { ApiCost } from "./api-cost";
import type { PeerMeasure, PeerResults } from "./peers";
import { formatBytes, formatMs, summarize } from "./stats";

/** The reference row: how the bench's dashboard polls the cluster. */
export const REFERENCE_PROBE = "dashboard collector, HTTP via nginx";
/** The same collector with only the system-account source. */
export const SYSTEM_PROBE = "dashboard collector, system account";

export const PEER_TABLE_HEADER = [
  "answer",
  "asked as",
  "wall, median (p95)",
  "its CPU",
  "nats-servers' CPU",
  "answer size",
  "complete answers",
  "figures' age",
  "wall ÷ cycle",
  "servers' CPU ÷ cycle",
];

const median = (values: number[]) => summarize(values)?.median ?? null;
const msText = (value: number | null) => (value === null ? "n/a" : formatMs(value));

function ratio(value: number | null, reference: number | null): string {
  if (value === null || reference === null || reference <= 0) return "n/a";
  return `${(value / reference).toFixed(2)}×`;
}

function wallText(values: number[]): string {
  const s = summarize(values);
  return s ? `${formatMs(s.median)} (${formatMs(s.p95)})` : "n/a";
}

const someOf = (reasons: string[]) => [...new Set(reasons)].slice(0, 3).join("; ");

function failureNote(label: string, failures: string[], answered: number): string[] {
  return failures.length ? [`${label}: ${failures.length} of ${failures.length + answered} runs gave no answer, not timed (${someOf(failures)})`] : [];
}

function incompleteNote(label: string, incomplete: string[], answered: number): string[] {
  return incomplete.length ? [`${label}: ${incomplete.length} of ${answered} answers lacked part of the cluster, timed like the others (${someOf(incomplete)})`] : [];
}

/**
 * A run's cost to the nats-servers can be told from their upkeep only when it is larger than the
 * upkeep's own spread over as long a time: twice the standard error of the median run's length.
 */
function serverCpuNoiseMs(m: PeerMeasure, restSpreadPercent: number): number | null {
  const wall = median(m.wallMs);
  return wall === null ? null : (2 * (restSpreadPercent / 100) * wall) / Math.sqrt(m.wallMs.length);
}

/** The median cost to the servers, or null where it is within the upkeep's noise. */
export function serverCpuBeyondNoise(m: PeerMeasure, restSpreadPercent: number): number | null {
  const cost = median(m.serverCpuMs);
  const noise = serverCpuNoiseMs(m, restSpreadPercent);
  return cost === null || noise === null || Math.abs(cost) <= noise ? null : cost;
}

/** An answer's size, and on the wire when it was compressed (medians). */
export function answerSizeText(cost: ApiCost): string {
  const decoded = median(cost.decodedBytes);
  const wire = median(cost.wireBytes);
  if (decoded === null || wire === null) return "n/a";
  // Within a few bytes of the body: sent as it is (Next.js compresses only the types it knows to be compressible).
  return wire >= decoded * 0.95 ? `${formatBytes(decoded)} (not compressed)` : `${formatBytes(decoded)} (${formatBytes(wire)} gzip)`;
}

export interface PeerTable {
  rows: string[][];
  notes: string[];
}

export function peerTable(peers: PeerResults, apiCost: ApiCost[] | null): PeerTable {
  const reference = peers.measures.find((m) => m.id === REFERENCE_PROBE);
  const refWall = median(reference?.wallMs ?? []);
  const refServer = reference ? serverCpuBeyondNoise(reference, peers.serverRestSpreadPercent) : null;
  const serverCpuText = (m: PeerMeasure): string => {
    const cost = median(m.serverCpuMs);
    const noise = serverCpuNoiseMs(m, peers.serverRestSpreadPercent);
    if (cost === null || noise === null) return "n/a";
    const band = `±${formatMs(noise)}`;
    return serverCpuBeyondNoise(m, peers.serverRestSpreadPercent) === null ? `within noise (${formatMs(cost)}, ${band})` : `${formatMs(cost)} (${band})`;
  };
  const probeRow = (m: PeerMeasure): string[] => {
    const answered = m.wallMs.length;
    return [
      `${m.tool === "dashboard" ? "" : `${m.tool}: `}${m.id.replace(/^natscli /, "")}`,
      m.as,
      wallText(m.wallMs),
      msText(median(m.cpuMs)),
      serverCpuText(m),
      m.outputBytes.length ? formatBytes(median(m.outputBytes) as number) : "n/a",
      `${answered - m.incomplete.length} of ${answered + m.failures.length}`,
      m.tool === "dashboard" ? "new snapshot" : "asked now",
      ratio(median(m.wallMs), refWall),
      ratio(serverCpuBeyondNoise(m, peers.serverRestSpreadPercent), refServer),
    ];
  };
  const apiRow = (cost: ApiCost): string[] => [
    `dashboard: ${cost.label}`,
    "viewer token",
    wallText(cost.wallMs),
    msText(median(cost.dashboardCpuMs)),
    "0 (no request to a node)",
    answerSizeText(cost),
    `${cost.wallMs.length} of ${cost.wallMs.length + cost.failures.length}`,
    msText(median(cost.snapshotAgeMs)),
    ratio(median(cost.wallMs), refWall),
    "0",
  ];
  const rows = [
    ...peers.measures.filter((m) => m.tool === "dashboard").map(probeRow),
    ...(apiCost ?? []).map(apiRow),
    ...peers.measures.filter((m) => m.tool !== "dashboard").map(probeRow),
    ...peers.unavailable.map(({ tool }) => [tool, "", "not measured (see below)", ...PEER_TABLE_HEADER.slice(3).map(() => "")]),
  ];
  const notes = [
    `${peers.rounds} rounds after a warm-up, the probes taking turns; medians. "its CPU": the tool's process tree (bash's times), the collector's whole process (every thread), the dashboard server's process tree less its own polling.`,
    `"nats-servers' CPU": summed over the nodes during the answer, less their upkeep for as long (${peers.serverRestPercent.toFixed(0)} % of one core, measured in the pauses after each answer, ±${peers.serverRestSpreadPercent.toFixed(0)} % from pause to pause). ` +
      "± is twice the standard error of that upkeep over the median answer's length; a cost within it cannot be told from the upkeep (on a loaded machine a client's own CPU also slows the servers' upkeep, which can push the figure below zero).",
    `"complete answers": answers with every node in them, of all runs; an answer lacking a node is timed like the others, a run with no answer is not.`,
    "figures' age: a peer asks the servers when run; the dashboard answers from its last poll, so its figures are as old as the time since that poll ended (at most the poll interval plus one cycle).",
    ...peers.unavailable.map(({ tool, reason }) => `${tool} not measured: ${reason}`),
    ...peers.measures.flatMap((m) => [...incompleteNote(m.id, m.incomplete, m.wallMs.length), ...failureNote(m.id, m.failures, m.wallMs.length)]),
    ...(apiCost ?? []).flatMap((cost) => failureNote(cost.label, cost.failures, cost.wallMs.length)),
  ];
  return { rows, notes };
}
