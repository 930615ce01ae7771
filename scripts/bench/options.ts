/** Command-line options of `npm run bench`. */
import { parseArgs } from "node:util";
import { CURRENT_NATS_SERVER } from "../provision/versions";

export interface BenchOptions {
  nodes: number;
  streams: number;
  consumersPerStream: number;
  /** JetStream API requests in flight while creating the streams and consumers. */
  concurrency: number;
  /** Repetitions of each timed measurement (after one warm-up). */
  reps: number;
  pollIntervalMs: number;
  sseSeconds: number;
  idleSeconds: number;
  pageReps: number;
  /** Idle time on a blank page before each timed load, so the previous page's live stream and charts have ended. */
  pagePauseMs: number;
  /** Messages per second published during the "with traffic" window. */
  trafficRate: number;
  browser: boolean;
  /** Measure natscli against the dashboard's collector (a real cluster only). */
  peers: boolean;
  keep: boolean;
  /** Poll the simulator (test/simulator) instead of a real cluster. */
  simulate: boolean;
  /** The simulator's captured shapes (--simulate only). */
  serverVersion: string;
  /** More simulator options, as its CLI takes them (--simulate only). */
  simulatorArgs: string[];
}

export const USAGE = `Usage: npm run bench -- [options]
  --nodes N                  cluster size (default 3)
  --streams N                R3 file streams to create (default 1000)
  --consumers-per-stream N   durable pull consumers per stream (default 3)
  --concurrency N            JetStream API requests in flight while creating them (default 12)
  --reps N                   repetitions of each timed measurement (default 10)
  --poll-ms N                the dashboard's poll interval (default 2000, the production default)
  --sse-seconds N            length of each browser-update window (default 30)
  --idle-seconds N           polling window with no viewer for the dashboard's memory and CPU (default 60);
                             RSS at its end is compared with RSS at 2 min when it is longer: 1800 is the 30-minute soak
  --page-reps N              page loads per page (default 5)
  --page-pause-ms N          time on a blank page before each load (default 1000; 0 = back to back)
  --traffic-rate N           messages/s published during the "with traffic" window (default 200)
  --no-browser               skip the page render times
  --no-peers                 skip natscli's reports against the dashboard's collector (and bench/results.md);
                             natscli is built into the project's cache with go install on first use
  --keep                     leave the cluster and the dashboard running; Ctrl-C stops them
  --simulate                 poll the simulator (test/simulator) instead of a real cluster: no nginx, any
                             number of streams; its own CPU is reported apart from the dashboard's
  --server-version V         with --simulate: the captured answers it imitates (default ${CURRENT_NATS_SERVER})
  --simulator-args "..."     with --simulate: more simulator options, e.g. "--elections-per-minute 6 --lag-share 0.1 --lag-ops 500"
The nats-server binary is $NATS_SERVER_BIN, else the one on PATH, else /usr/sbin/nats-server.
Needs a production build (npm run build).`;

function positiveInteger(name: string, text: string | undefined, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"\n${USAGE}`);
  return value;
}

export function parseBenchOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: "string", default: "3" },
      streams: { type: "string", default: "1000" },
      "consumers-per-stream": { type: "string", default: "3" },
      concurrency: { type: "string", default: "12" },
      reps: { type: "string", default: "10" },
      "poll-ms": { type: "string", default: "2000" },
      "sse-seconds": { type: "string", default: "30" },
      "idle-seconds": { type: "string", default: "60" },
      "page-reps": { type: "string", default: "5" },
      "page-pause-ms": { type: "string", default: "1000" },
      "traffic-rate": { type: "string", default: "200" },
      "no-browser": { type: "boolean", default: false },
      "no-peers": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      simulate: { type: "boolean", default: false },
      "server-version": { type: "string" },
      "simulator-args": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (!values.simulate && (values["server-version"] !== undefined || values["simulator-args"] !== undefined)) {
    throw new Error(`--server-version and --simulator-args go with --simulate (a real cluster's version is its binary's: $NATS_SERVER_BIN)\n${USAGE}`);
  }
  return {
    nodes: positiveInteger("nodes", values.nodes),
    streams: positiveInteger("streams", values.streams),
    consumersPerStream: positiveInteger("consumers-per-stream", values["consumers-per-stream"], 0),
    concurrency: positiveInteger("concurrency", values.concurrency),
    reps: positiveInteger("reps", values.reps),
    pollIntervalMs: positiveInteger("poll-ms", values["poll-ms"], 250),
    sseSeconds: positiveInteger("sse-seconds", values["sse-seconds"]),
    idleSeconds: positiveInteger("idle-seconds", values["idle-seconds"]),
    pageReps: positiveInteger("page-reps", values["page-reps"]),
    pagePauseMs: positiveInteger("page-pause-ms", values["page-pause-ms"], 0),
    trafficRate: positiveInteger("traffic-rate", values["traffic-rate"]),
    browser: !values["no-browser"],
    peers: !values["no-peers"],
    keep: values.keep,
    simulate: values.simulate,
    serverVersion: values["server-version"] ?? CURRENT_NATS_SERVER,
    simulatorArgs: values["simulator-args"]?.split(/\s+/).filter(Boolean) ?? [],
  };
}
