/** Everything one benchmark run measured, as the report and the summary read it. */
import type { ApiCost } from "./api-cost";
import type { CollectorResult } from "./collector";
import type { FloorResult } from "./floor";
import type { BenchOptions } from "./options";
import type { PageTiming } from "./pages";
import type { PeerResults } from "./peers";
import type { PopulateResult, TrafficStats } from "./populate";
import type { RssSample } from "./rss-timeline";
import type { SseRecording } from "./sse";

export interface SseWindow {
  label: "quiet" | "with traffic";
  recordings: SseRecording[];
  /** Messages published during the window (with traffic only). */
  traffic: (TrafficStats & { seconds: number }) | null;
  /** The dashboard server's CPU while it fed these viewers, in % of one core. */
  dashboardCpuPercent: number;
}

export interface ServerUsage {
  rssAfterWarmupBytes: number;
  rssAfterIdleBytes: number;
  rssAtEndBytes: number | null;
  idleSeconds: number;
  /** When that polling window ended, on the RSS timeline's clock (seconds since the dashboard started); null without a timeline. */
  idleEndSeconds: number | null;
  /** Polling with no viewer connected, in % of one core. */
  idleCpuPercent: number;
  /** Sum over the processes serving the monitoring ports during the same window (nats-servers with their own Raft upkeep, or the simulator). */
  upstreamCpuWhilePolledPercent: number;
  /** `GET /api/health` answered back to back during the idle window: the collector's stalls of the HTTP server. */
  healthLatencyMs: number[];
  pids: number[];
}

export interface BenchResults {
  options: BenchOptions;
  /** The command line's options, as given. */
  argv: string[];
  /** What the dashboard polled, as the report's setup line says it. */
  upstream: string;
  upstreamKind: "cluster" | "simulator";
  /** Who serves the monitoring ports: "nats-servers", "the simulator". */
  upstreamPidsLabel: string;
  natsServerVersion: string;
  natsServerBin: string;
  buildId: string;
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  nodeVersion: string;
  loadAverageAtStart: number;
  loadAverageAtEnd: number | null;
  startedAt: Date;
  totalSeconds: number | null;
  populate: PopulateResult | null;
  /** The nats-servers' CPU with nobody polling them, summed, in % of one core. */
  natsCpuAtRestPercent: number | null;
  /** CPU the processes serving the monitoring ports spent per floor repetition (one full poll), per floor target. */
  upstreamCpuPerFloorPollMs: number[];
  /** A poll's request set, fetched and parsed, per floor target. */
  floor: FloorResult[];
  /** The same with the stream and consumer configs (every poll's request before they got their own cadence), per floor target. */
  fullFetch: FloorResult[];
  collector: CollectorResult | null;
  server: ServerUsage | null;
  sse: SseWindow[];
  pages: PageTiming[] | null;
  /** natscli and the dashboard's collector side by side (not with --no-peers or --simulate). */
  peers: PeerResults | null;
  /** Asking the running dashboard: a Prometheus scrape and the whole snapshot. */
  apiCost: ApiCost[] | null;
  /** The dashboard's RSS from its start to the end of the run. */
  rssTimeline: RssSample[];
  /** Sections that failed, with why; the run carries on after each. */
  problems: string[];
}
