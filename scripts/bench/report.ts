/** Prints the results: one table per measurement, then a summary block for a closing note. */
import { CYCLE_STEPS } from "../../lib/collector/cycle";
import { collectorRows } from "./collector";
import { floorRows, type FloorResult } from "./floor";
import type { BenchOptions } from "./options";
import { pageRows, type PageTiming } from "./pages";
import { answerSizeText, PEER_TABLE_HEADER, peerTable, REFERENCE_PROBE, serverCpuBeyondNoise, SYSTEM_PROBE } from "./peer-table";
import type { PeerMeasure } from "./peers";
import type { BenchResults, SseWindow } from "./results";
import { describeVolatility, type Volatility } from "./volatility";
import { describeRssFlatness, describeRssTimeline, rssFlatness } from "./rss-timeline";
import { describeRecording, eventsOfType, otherEventTypes, sseRows, updateEvents, type SseRecording } from "./sse";
import { formatBytes, formatMs, formatPercent, medianP95Text, medianText, row, summarize, summaryTable, textTable } from "./stats";
import { benchTargets, BOUNDS, collectorOverFloor, medianRatio, pollOverFullFetch, systemOverFullFetch, targetLines } from "./targets";

// design.md §3: the same cluster shape measured by hand on this kind of machine.
const DESIGN_FLOOR = "8.7 MB decoded, 157 ms wall / 66 ms CPU (design.md §3, 2.9.10, 1000 streams, 3000 consumers)";

const heading = (title: string) => `\n== ${title} ==`;

function setupLines(results: BenchResults): string[] {
  const { options, populate } = results;
  const lines = [
    results.upstreamKind === "cluster" ? `${results.upstream} (${results.natsServerBin})` : results.upstream,
    `machine: ${results.cores} cores, load average ${results.loadAverageAtStart.toFixed(2)} at start` +
      (results.loadAverageAtEnd === null ? "" : `, ${results.loadAverageAtEnd.toFixed(2)} at end`) +
      " — shared with other work: timings are noisy",
    `dashboard build ${results.buildId}, poll interval ${options.pollIntervalMs} ms, ${options.reps} repetitions per timing after one warm-up`,
  ];
  if (populate) {
    lines.push(
      `created ${populate.streams} R${Math.min(3, options.nodes)} file streams and ${populate.consumers} durable pull consumers in ` +
        `${populate.seconds.toFixed(0)} s (${options.concurrency} in flight, ${populate.retries} retries); ` +
        `${populate.sampleMessages} messages in every tenth stream`,
    );
  }
  if (results.natsCpuAtRestPercent !== null) {
    lines.push(`nats-servers at rest (nobody polling): ${formatPercent(results.natsCpuAtRestPercent)} of one core, summed over the nodes`);
  }
  if (results.totalSeconds !== null) lines.push(`whole run: ${(results.totalSeconds / 60).toFixed(1)} min`);
  return lines;
}

/** A poll's bytes against the full fetch with configs from the same target, decoded and on the wire. */
function pollOverFullFetchLine(poll: FloorResult, full: FloorResult | undefined): string {
  if (!full) return `${poll.label}: the full fetch with configs was not measured`;
  const ratio = (bytes: "decodedBytes" | "wireBytes") => {
    const value = medianRatio(poll[bytes], full[bytes]);
    return value === null ? "n/a" : `${value.toFixed(2)}×`;
  };
  return (
    `${poll.label}: a poll reads ${ratio("decodedBytes")} of a full fetch with configs decoded ` +
    `(${medianText(poll.decodedBytes, "bytes")} of ${medianText(full.decodedBytes, "bytes")}), ${ratio("wireBytes")} on the wire ` +
    `(${medianText(poll.wireBytes, "bytes")} of ${medianText(full.wireBytes, "bytes")}); target ≤ ${BOUNDS.pollOverFullFetch}×`
  );
}

function floorSection(results: BenchResults): string[] {
  const floor = results.floor;
  if (!floor.length) return ["not measured"];
  const jsz = floor[0].jszBytesPerNode.map(formatBytes).join(", ");
  const jszFull = results.fullFetch[0]?.jszBytesPerNode.map(formatBytes).join(", ");
  return [
    summaryTable([...floor, ...results.fullFetch].flatMap(floorRows)),
    `/jsz per node (decoded): ${jsz}${jszFull ? `; with configs: ${jszFull}` : ""}`,
    ...floor.map((f, i) => pollOverFullFetchLine(f, results.fullFetch[i])),
    ...floor.map((f, i) => `${results.upstreamPidsLabel} spent ${formatMs(results.upstreamCpuPerFloorPollMs[i] ?? NaN)} CPU per poll ${f.label} (all nodes and endpoints; not the dashboard's)`),
    ...(results.upstreamKind === "cluster" ? [`reference: ${DESIGN_FLOOR}`] : []),
  ];
}

/** collectOnce()'s CPU over the raw fetch + parse of the same answers from the same target, with its target. */
function collectorOverFloorText(results: BenchResults): string | null {
  const floor = results.floor.at(-1);
  const ratio = collectorOverFloor(results.collector, floor);
  if (!floor || ratio === null) return null;
  const met = ratio <= BOUNDS.collectorOverFloor ? "met" : "not met";
  return `${ratio.toFixed(2)}× the CPU of the raw fetch + JSON.parse ${floor.label}, medians; target ≤ ${BOUNDS.collectorOverFloor}×, ${met}`;
}

function collectorSection(results: BenchResults): string[] {
  const collector = results.collector;
  if (!collector) return ["not measured"];
  const ratio = collectorOverFloorText(results);
  const lines = [
    summaryTable(collectorRows(collector)),
    `snapshot: ${collector.streams} streams, ${collector.consumers} consumers, status ${collector.status}`,
    ...(ratio ? [`collectOnce() CPU: ${ratio}`] : []),
  ];
  if (collector.volatilityCaveat) lines.push(`NOTE: ${collector.volatilityCaveat}`);
  if (collector.volatility) lines.push(...describeVolatility(collector.volatility));
  const distinct = [...new Set(collector.failures)];
  if (distinct.length) lines.push(`failed fetches (production deadline 1500 ms): ${distinct.slice(0, 5).join("; ")}`);
  return lines;
}

const allRecordings = (windows: SseWindow[]) => windows.flatMap((window) => window.recordings);

function sseSection(windows: SseWindow[], simulated: boolean): string[] {
  if (!windows.length) return ["not measured"];
  const recordings = allRecordings(windows);
  const lines = [summaryTable(recordings.flatMap(sseRows)), ...recordings.map(describeRecording)];
  for (const window of windows) {
    const traffic = window.traffic
      ? `; ${window.traffic.published} messages ${simulated ? "published by the simulator" : "acknowledged"} (${(window.traffic.published / window.traffic.seconds).toFixed(0)}/s), ` +
        `${window.traffic.failed} failed, ${window.traffic.skipped} skipped, over ${window.traffic.streams} streams`
      : "";
    lines.push(`${window.label}: dashboard CPU ${formatPercent(window.dashboardCpuPercent)} of one core with these two viewers${traffic}`);
  }
  if (!recordings.some((recording) => eventsOfType(recording, "delta").length)) {
    lines.push("NOTE: the server sent only `snapshot` events (no `delta` yet): every update is a full snapshot.");
  }
  return lines;
}

function serverSection(results: BenchResults): string[] {
  const server = results.server;
  if (!server) return ["not measured"];
  const cells = [
    ["RSS after warm-up", formatBytes(server.rssAfterWarmupBytes)],
    [`RSS after ${server.idleSeconds} s of polling`, formatBytes(server.rssAfterIdleBytes)],
    ["RSS at the end (after SSE and pages)", server.rssAtEndBytes === null ? "n/a" : formatBytes(server.rssAtEndBytes)],
    [`CPU while polling, no viewer (${server.idleSeconds} s)`, `${formatPercent(server.idleCpuPercent)} of one core`],
    ...results.sse.map((window) => [`CPU with 2 SSE viewers, ${window.label}`, `${formatPercent(window.dashboardCpuPercent)} of one core`]),
    [`${results.upstreamPidsLabel} CPU while polled${results.upstreamKind === "cluster" ? " (summed)" : ""}`, `${formatPercent(server.upstreamCpuWhilePolledPercent)} of one core (not counted above)`],
  ];
  return [
    textTable(["measure", "value"], cells),
    summaryTable([row("GET /api/health while polling, back to back", "ms", server.healthLatencyMs)]),
    ...describeRssTimeline(results.rssTimeline),
    ...(server.idleEndSeconds === null ? [] : [describeRssFlatness(rssFlatness(results.rssTimeline, server.idleEndSeconds)) + `; target within ${BOUNDS.rssDrift * 100} %`]),
    "a slow tail here is the HTTP server waiting for the collector's work on its main thread",
    `processes measured: ${server.pids.join(", ")} (the next start process and its descendants)`,
  ];
}

function pauseText(pauseMs: number): string {
  return pauseMs > 0 ? `each load starts ${pauseMs} ms after the previous page was left` : "loads back to back";
}

function pagesSection(pages: PageTiming[] | null, options: BenchOptions): string[] {
  if (!options.browser) return ["skipped (--no-browser)"];
  if (!pages) return ["not measured"];
  return [
    summaryTable(pageRows(pages)),
    `until shown = page.goto() until the element (and its first row) is visible; ${pauseText(options.pagePauseMs)}; the first load is kept out of the figures`,
  ];
}

function sseSummary(recording: SseRecording | undefined): string {
  if (!recording) return "n/a";
  if (recording.status !== 200) return `HTTP ${recording.status ?? "no answer"}`;
  const first = eventsOfType(recording, "snapshot")[0];
  const updates = updateEvents(recording);
  const deltas = updates.filter((event) => event.type === "delta");
  const perUpdate = deltas.length
    ? `delta ${medianP95Text(deltas.map((e) => e.bytes), "bytes")}`
    : `snapshot ${medianText(updates.map((e) => e.bytes), "bytes")} (no delta events)`;
  const others = otherEventTypes(recording).map((type) => {
    const events = eventsOfType(recording, type);
    return `; plus ${events.length} ${type} events (${formatBytes(events.reduce((sum, e) => sum + e.bytes, 0))})`;
  });
  return `first snapshot ${first ? formatBytes(first.bytes) : "n/a"}, then per update ${perUpdate}${others.join("")} in ${recording.seconds} s`;
}

function pageSummary(pages: PageTiming[] | null, browser: boolean): string {
  if (!browser) return "skipped";
  if (!pages) return "not measured";
  return pages.map((timing) => `${timing.spec.label} ${timing.missing ?? medianText(timing.loadMs, "ms")}`).join("; ");
}

function churnSummary(volatility: Volatility): string {
  const part = (kind: string, v: Volatility["streams"]) =>
    `${v.changed}/${v.compared} ${kind} changed between two quiet cycles${v.fields.length ? ` (most: ${v.fields.slice(0, 3).map((f) => f.field).join(", ")})` : ""}`;
  return `${part("streams", volatility.streams)}; ${part("consumers", volatility.consumers)}`;
}

function peersSection(results: BenchResults): string[] {
  if (!results.options.peers) return ["skipped (--no-peers)"];
  if (results.upstreamKind === "simulator") return ["skipped: the simulator has no NATS port for natscli"];
  if (!results.peers) return ["not measured"];
  const table = peerTable(results.peers, results.apiCost);
  return [`ratios to the first row (${REFERENCE_PROBE}), medians`, textTable(PEER_TABLE_HEADER, table.rows), ...table.notes, systemBytesLine(results)];
}

/** What the system-account collector received per cycle, against the full HTTP fetch with configs. */
function systemBytesLine(results: BenchResults): string {
  const received = results.peers?.measures.find((measure) => measure.id === SYSTEM_PROBE)?.receivedBytes ?? [];
  const full = results.fullFetch[0];
  const ratio = systemOverFullFetch(results.peers, full);
  return (
    `${SYSTEM_PROBE}: ${medianP95Text(received, "bytes")} received per cycle (nats.js's count: message headers and gzip payloads, without protocol lines)` +
    (ratio === null || !full ? "" : `, ${ratio.toFixed(3)}× of a full HTTP fetch with configs (${medianText(full.decodedBytes, "bytes")} from ${full.label}); target ≤ ${BOUNDS.systemOverFullFetch}×`)
  );
}

function apiCostSection(results: BenchResults): string[] {
  if (!results.apiCost) return ["not measured"];
  const scrape = results.apiCost.find((cost) => cost.label.includes("/api/v1/metrics"));
  return [
    summaryTable(
      results.apiCost.flatMap((cost) => [
        row(`${cost.label}: wall`, "ms", cost.wallMs, { note: cost.failures.length ? `${cost.failures.length} failed` : undefined }),
        row(`${cost.label}: dashboard CPU`, "ms", cost.dashboardCpuMs),
        row(`${cost.label}: decoded`, "bytes", cost.decodedBytes),
        row(`${cost.label}: on the wire`, "bytes", cost.wireBytes),
        row(`${cost.label}: snapshot age`, "ms", cost.snapshotAgeMs),
      ]),
    ),
    ...(scrape ? [`a scrape: ${scrape.series ?? "?"} series; the dashboard's own jsw_metrics_scrape_seconds ${medianText(scrape.selfReportedMs, "ms")} (median)`] : []),
    "dashboard CPU: its process tree during the request, less its polling over an equally long pause after it",
  ];
}

function scrapeSummary(results: BenchResults): string {
  const scrape = results.apiCost?.find((cost) => cost.label.includes("/api/v1/metrics"));
  if (!scrape?.wallMs.length) return "n/a";
  return `GET /api/v1/metrics ${medianP95Text(scrape.wallMs, "ms")}, ${scrape.series ?? "?"} series, ${answerSizeText(scrape)}, figures ${medianText(scrape.snapshotAgeMs, "ms")} old`;
}

function peerSummary(results: BenchResults): string {
  const peers = results.peers;
  const reference = peers?.measures.find((m) => m.id === REFERENCE_PROBE);
  const refWall = summarize(reference?.wallMs ?? [])?.median;
  if (!peers || !reference || refWall === undefined) return "n/a";
  const serverText = (m: PeerMeasure) => {
    const cost = serverCpuBeyondNoise(m, peers.serverRestSpreadPercent);
    return cost === null ? "servers' CPU within noise" : `servers' CPU ${formatMs(cost)}`;
  };
  const complete = (m: PeerMeasure) => `${m.wallMs.length - m.incomplete.length}/${m.wallMs.length + m.failures.length} complete`;
  const parts = peers.measures
    .filter((m) => m !== reference)
    .map((m) => {
      const wall = summarize(m.wallMs)?.median;
      return wall === undefined ? `${m.id}: n/a` : `${m.id} ${formatMs(wall)} (${(wall / refWall).toFixed(2)}× wall, ${serverText(m)}, ${complete(m)})`;
    });
  return `collector cycle via nginx ${formatMs(refWall)} (${serverText(reference)}, ${complete(reference)}); ${parts.join("; ")}`;
}

function requestsSummary(results: BenchResults): string {
  const [poll, full] = [results.floor[0], results.fullFetch[0]];
  const ratio = pollOverFullFetch(poll, full);
  if (!poll || !full || ratio === null) return "n/a";
  return `a poll reads ${medianText(poll.decodedBytes, "bytes")}, ${ratio.toFixed(2)}× of a full fetch with configs (${medianText(full.decodedBytes, "bytes")}), decoded, ${poll.label}`;
}

export function summaryLines(results: BenchResults): string[] {
  const { options, populate, collector, server } = results;
  const floorText = (label: string) => {
    const floor = results.floor.find((f) => f.label.startsWith(label));
    if (!floor) return "n/a";
    return (
      `${medianText(floor.decodedBytes, "bytes")} decoded, ${medianText(floor.wireBytes, "bytes")} on the wire, ` +
      `${medianP95Text(floor.wallMs, "ms")} wall, ${medianP95Text(floor.cpuMs, "ms")} CPU, of which JSON.parse ${medianText(floor.parseMs, "ms")}`
    );
  };
  const window = (label: SseWindow["label"]) => results.sse.find((w) => w.label === label);
  const recordingOf = (label: SseWindow["label"], index: number) => window(label)?.recordings[index];
  const simulated = results.upstreamKind === "simulator";
  const ratio = collectorOverFloorText(results);
  return [
    (simulated
      ? `setup:      ${results.upstream}`
      : `setup:      nats-server ${results.natsServerVersion}, ${options.nodes} nodes behind nginx; ${populate?.streams ?? "?"} R${Math.min(3, options.nodes)} streams × ${options.consumersPerStream} pull consumers` +
        (populate ? `, created in ${populate.seconds.toFixed(0)} s (${options.concurrency} in flight)` : "")) +
      `; ${results.cores} cores, load ${results.loadAverageAtStart.toFixed(1)}, shared machine: timings noisy; medians of ${options.reps} (p95)`,
    `floor:      direct ${floorText("direct")}`,
    ...(simulated
      ? [`            the simulator's own CPU per poll: ${formatMs(results.upstreamCpuPerFloorPollMs[0] ?? NaN)}` + (server ? `; ${formatPercent(server.upstreamCpuWhilePolledPercent)} of one core while the dashboard polled` : "")]
      : [`            via nginx ${floorText("via nginx")}  [design §3: 8.7 MB, 157 ms / 66 ms]`]),
    `requests:   ${requestsSummary(results)}`,
    `collector:  ` +
      (collector
        ? `collectOnce() ${simulated ? "direct" : "via nginx"} ${medianP95Text(collector.wallMs, "ms")} wall, ${medianP95Text(collector.cpuMs, "ms")} CPU${ratio ? ` (${ratio})` : ""}, ` +
          `main thread busy ${medianP95Text(collector.mainThreadMs, "ms")}, merge thread (${collector.runner}) busy ${medianP95Text(collector.builderBusyMs, "ms")}, ` +
          `its heap ${medianText(collector.builderHeapBytes, "bytes")} after a cycle (max ${formatBytes(Math.max(...collector.builderHeapBytes))}); ` +
          `snapshot ${medianText(collector.snapshotBytes, "bytes")} JSON; ${collector.failures.length} failed fetches`
        : "n/a"),
    ...(collector?.stepsMs.length
      ? [`            its steps (medians): ${CYCLE_STEPS.map((step) => `${step} ${medianText(collector.stepsMs.map((steps) => steps[step]), "ms")}`).join(", ")}`]
      : []),
    ...(collector?.volatility
      ? [`            churn: ${churnSummary(collector.volatility)}${collector.volatilityCaveat ? " (pair with failed fetches)" : ""}`]
      : []),
    `browser:    streams+consumers quiet: ${sseSummary(recordingOf("quiet", 0))}`,
    `            streams+consumers with ${options.trafficRate} msg/s: ${sseSummary(recordingOf("with traffic", 0))}`,
    `            overview quiet: ${sseSummary(recordingOf("quiet", 1))}`,
    `            overview with traffic: ${sseSummary(recordingOf("with traffic", 1))}`,
    `server:     ` +
      (server
        ? `dashboard RSS ${formatBytes(server.rssAfterWarmupBytes)} after warm-up, ${formatBytes(server.rssAfterIdleBytes)} after ${server.idleSeconds} s` +
          (server.rssAtEndBytes === null ? "" : `, ${formatBytes(server.rssAtEndBytes)} at the end`) +
          `; CPU ${formatPercent(server.idleCpuPercent)} of one core polling every ${options.pollIntervalMs} ms with no viewer` +
          results.sse.map((w) => `, ${formatPercent(w.dashboardCpuPercent)} with 2 viewers ${w.label}`).join("") +
          `; /api/health ${medianP95Text(server.healthLatencyMs, "ms")}, max ${formatMs(summarize(server.healthLatencyMs)?.max ?? 0)} while polling`
        : "n/a"),
    `memory:     ${describeRssTimeline(results.rssTimeline).at(-1)}`,
    ...(server?.idleEndSeconds == null ? [] : [`            ${describeRssFlatness(rssFlatness(results.rssTimeline, server.idleEndSeconds))}`]),
    `pages:      ${pageSummary(results.pages, options.browser)}${results.pages ? ` (median of ${options.pageReps}, goto → first row, ${pauseText(options.pagePauseMs)})` : ""}`,
    ...(results.peers ? [`peers:      ${peerSummary(results)}`] : []),
    `scrape:     ${scrapeSummary(results)}`,
    ...(results.problems.length ? [`problems:   ${results.problems.join(" | ")}`] : []),
  ];
}

/** The summary, then the targets: what a closing note quotes, and bench/results.md keeps. */
export function closingNote(results: BenchResults): string[] {
  return [...summaryLines(results), "", ...targetLines(results, benchTargets(results))];
}

export function printReport(results: BenchResults): void {
  const out: string[] = [
    heading("setup"),
    ...setupLines(results),
    heading("a. floor: /varz + /jsz?accounts&streams&consumers + /healthz + /connz (a poll), all nodes in parallel, + JSON.parse; and the same with &config=true (the full fetch)"),
    ...floorSection(results),
    heading(`b. collector cycle: ClusterCollector.collectOnce() ${results.upstreamKind === "simulator" ? "from the simulator's ports" : "through the proxies"}`),
    ...collectorSection(results),
    heading(`c. browser update size: GET /api/v1/events, ${results.options.sseSeconds} s per window`),
    ...sseSection(results.sse, results.upstreamKind === "simulator"),
    heading("d. dashboard server memory and CPU (/proc)"),
    ...serverSection(results),
    heading("e. page render time in Chromium"),
    ...pagesSection(results.pages, results.options),
    heading("f. the peers: natscli and the dashboard's answers, side by side on this cluster"),
    ...peersSection(results),
    heading("g. asking the dashboard: a Prometheus scrape of /api/v1/metrics and the whole snapshot"),
    ...apiCostSection(results),
  ];
  if (results.problems.length) out.push(heading("problems"), ...results.problems);
  out.push("", "----- summary (paste into the closing note) -----", ...closingNote(results), "-------------------------------------------------");
  console.log(out.join("\n"));
}
