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

export const PEER_TABLE_HEADER = [
  "answer",
  "asked as",
  "wall, median (p95)",
  "its CPU",
  "nats-servers' CPU",
  "answer size",
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

function failureNote(label: string, failures: string[], measured: number): string[] {
  if (!failures.length) return [];
  const distinct = [...new Set(failures)];
  return [`${label}: ${failures.length} of ${failures.length + measured} runs failed or were left out (${distinct.slice(0, 3).join("; ")})`];
}

export interface PeerTable {
  rows: string[][];
  notes: string[];
}

export function peerTable(peers: PeerResults, apiCost: ApiCost[] | null): PeerTable {
  const reference = peers.measures.find((m) => m.id === REFERENCE_PROBE);
  const refWall = median(reference?.wallMs ?? []);
  const refServer = median(reference?.serverCpuMs ?? []);
  const probeRow = (m: PeerMeasure): string[] => {
    const serverCpu = median(m.serverCpuMs);
    const fresh = m.tool === "dashboard" ? "new snapshot" : "asked now";
    return [
      `${m.tool === "dashboard" ? "" : `${m.tool}: `}${m.id.replace(/^natscli /, "")}`,
      m.as,
      wallText(m.wallMs),
      msText(median(m.cpuMs)),
      msText(serverCpu),
      m.outputBytes.length ? formatBytes(median(m.outputBytes) as number) : "n/a",
      fresh,
      ratio(median(m.wallMs), refWall),
      ratio(serverCpu, refServer),
    ];
  };
  const sizeText = (cost: ApiCost): string => {
    const decoded = median(cost.decodedBytes);
    const wire = median(cost.wireBytes);
    if (decoded === null || wire === null) return "n/a";
    // Within a few bytes of the body: sent as it is (Next.js compresses only the types it knows to be compressible).
    return wire >= decoded * 0.95 ? `${formatBytes(decoded)} (not compressed)` : `${formatBytes(decoded)} (${formatBytes(wire)} gzip)`;
  };
  const apiRow = (cost: ApiCost): string[] => [
    `dashboard: ${cost.label}`,
    "viewer token",
    wallText(cost.wallMs),
    msText(median(cost.dashboardCpuMs)),
    "0 (no request to a node)",
    sizeText(cost),
    msText(median(cost.snapshotAgeMs)),
    ratio(median(cost.wallMs), refWall),
    "0",
  ];
  const rows = [
    ...peers.measures.filter((m) => m.tool === "dashboard").map(probeRow),
    ...(apiCost ?? []).map(apiRow),
    ...peers.measures.filter((m) => m.tool !== "dashboard").map(probeRow),
    ...peers.unavailable.map(({ tool }) => [tool, "", "not measured (see below)", "", "", "", "", "", ""]),
  ];
  const notes = [
    `${peers.rounds} rounds after a warm-up, the probes taking turns; medians. "its CPU": the tool's process tree (bash's times), the collector's whole process (every thread), the dashboard server's process tree less its own polling.`,
    `"nats-servers' CPU": summed over the nodes during the answer, less their upkeep over an equally long pause after it (${peers.serverRestPercent.toFixed(0)} % of one core at rest); clock ticks are 10 ms, so small values are coarse.`,
    "figures' age: a peer asks the servers when run; the dashboard answers from its last poll, so its figures are as old as the time since that poll ended (at most the poll interval plus one cycle).",
    ...peers.unavailable.map(({ tool, reason }) => `${tool} not measured: ${reason}`),
    ...peers.measures.flatMap((m) => failureNote(m.id, m.failures, m.wallMs.length)),
    ...(apiCost ?? []).flatMap((cost) => failureNote(cost.label, cost.failures, cost.wallMs.length)),
  ];
  return { rows, notes };
}
