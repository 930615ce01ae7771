/**
 * bench/results.md: the peer table of one run with everything needed to judge and rerun it (date,
 * machine, versions, cluster shape, every command), for the README to quote.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { answerSizeText, PEER_TABLE_HEADER, peerTable, REFERENCE_PROBE } from "./peer-table";
import type { BenchResults } from "./results";
import { formatMs, summarize } from "./stats";

export const RESULTS_FILE = path.resolve(__dirname, "..", "..", "bench", "results.md");

const cell = (text: string) => text.replace(/\|/g, "\\|");
const markdownRow = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;

function markdownTable(header: string[], rows: string[][]): string[] {
  return [markdownRow(header), markdownRow(header.map(() => "---")), ...rows.map(markdownRow)];
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(0)} GiB`;
const tilde = (file: string) => (file.startsWith(`${homedir()}/`) ? `~${file.slice(homedir().length)}` : file);

function medianOf(values: number[], format: (value: number) => string): string {
  const s = summarize(values);
  return s ? format(s.median) : "n/a";
}

export function resultsMarkdown(results: BenchResults, summary: string[]): string {
  const { options, populate, peers, apiCost } = results;
  if (!peers) throw new Error("no peer results to write");
  const table = peerTable(peers, apiCost);
  const scrape = apiCost?.find((cost) => cost.label.includes("/api/v1/metrics"));
  const replicas = Math.min(3, options.nodes);
  const lines = [
    "# The dashboard against natscli, on one cluster in one run",
    "",
    `Written by \`npm run bench\` on ${results.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC; the whole run took ${((results.totalSeconds ?? 0) / 60).toFixed(0)} min.`,
    "The machine is shared with other work, so absolute times wander between runs; compare the ratios, which were measured side by side.",
    "",
    "## Setup",
    "",
    `- machine: ${results.cores} cores (${results.cpuModel}), ${gib(results.memoryBytes)} RAM; load average ${results.loadAverageAtStart.toFixed(1)} at the start, ${results.loadAverageAtEnd?.toFixed(1) ?? "?"} at the end`,
    `- Node ${results.nodeVersion}; ${peers.toolVersions.go ?? "Go ?"}; natscli ${peers.toolVersions.natscli ?? "not built"}`,
    `- nats-server ${results.natsServerVersion} (\`${tilde(results.natsServerBin)}\`), ${options.nodes} nodes on loopback, nginx (TLS, basic auth, gzip) in front of each monitoring port`,
    `- ${populate?.streams ?? "?"} R${replicas} file streams × ${options.consumersPerStream} durable pull consumers (${populate?.consumers ?? "?"}) in account APP` +
      (populate ? `, ${populate.sampleMessages} messages in every tenth stream, created in ${populate.seconds.toFixed(0)} s` : ""),
    `- the dashboard polls every ${options.pollIntervalMs} ms; nothing else ran against the cluster during the peer rounds (the dashboard server was not started yet)`,
    "",
    "## The table",
    "",
    `Ratios are to the first row (${REFERENCE_PROBE}).`,
    "",
    ...markdownTable(PEER_TABLE_HEADER, table.rows),
    "",
    ...table.notes.map((note) => `- ${note}`),
    "",
    "What each answer holds:",
    "",
    ...peers.measures.map((m) => `- ${m.id}: ${m.answers}`),
    ...(apiCost ?? []).map((cost) => `- ${cost.label}: ${cost.answers}`),
    "",
  ];
  if (scrape?.wallMs.length) {
    lines.push(
      `## A Prometheus scrape at ${populate?.streams ?? "?"} streams`,
      "",
      `- ${scrape.series ?? "?"} series, ${answerSizeText(scrape)}, OpenMetrics as Prometheus asks for it`,
      `- answered in ${medianOf(scrape.wallMs, formatMs)} (median of ${scrape.wallMs.length}, p95 ${formatMs(summarize(scrape.wallMs)?.p95 ?? NaN)}); the dashboard's own \`jsw_metrics_scrape_seconds\`: ${medianOf(scrape.selfReportedMs, formatMs)}`,
      `- figures ${medianOf(scrape.snapshotAgeMs, formatMs)} old when scraped (median); no request reached a node`,
      "",
    );
  }
  lines.push(
    "## Commands",
    "",
    "```sh",
    `NATS_SERVER_BIN=${tilde(results.natsServerBin)} npm run bench -- ${results.argv.join(" ")}`.trimEnd(),
    ...peers.measures.filter((m) => m.tool !== "dashboard").map((m) => m.command),
    ...(apiCost ?? []).map((cost) => cost.command),
    "```",
    "",
    "The collector rows run the production `ClusterCollector.collectOnce()` in the bench's own process: " +
      "through the nginx proxies as the bench's dashboard is configured, and with only a `system` source (the same least-privilege user natscli used). " +
      "natscli gets its credentials from `NATS_USER`/`NATS_PASSWORD` (the run's random passwords are not kept); `nats stream report` needs a user of the account that holds the streams, the server reports one of the system account.",
    "",
    "## The rest of this run",
    "",
    "```text",
    ...summary,
    "```",
    "",
  );
  return lines.join("\n");
}

export async function writeResultsMarkdown(results: BenchResults, summary: string[]): Promise<string> {
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, resultsMarkdown(results, summary));
  return RESULTS_FILE;
}
