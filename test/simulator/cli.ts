/**
 * `npx tsx test/simulator/cli.ts --nodes 5 --streams 10000 --consumers-per-stream 3`: starts the
 * simulator and prints each node's monitoring URL. `--help` lists the knobs. With `--control`,
 * knobs can be turned while it runs, one JSON object per line on stdin (see CONTROL below), and it
 * exits when stdin closes (so it dies with the process that started it).
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { DEFAULT_CLUSTER_OPTIONS } from "./cluster-state";
import { DEFAULT_VERSION, ENDPOINTS, FAILURE_MODES, Simulator, type Endpoint, type Failure, type FailureMode, type SimulatorOptions } from "./simulator";
import { CAPTURED_VERSIONS } from "../../lib/model/__fixtures__/captured";

export const USAGE = `Usage: npx tsx test/simulator/cli.ts [options]
  --nodes N                       nodes, one monitoring port each (default 3)
  --streams N                     streams (default ${DEFAULT_CLUSTER_OPTIONS.streams})
  --consumers-per-stream N        durable pull consumers per stream (default ${DEFAULT_CLUSTER_OPTIONS.consumersPerStream})
  --replicas N                    replicas per stream and consumer (default min(3, nodes))
  --accounts N                    JetStream accounts the streams are spread over (default 1)
  --server-version V              captured answers to take shapes from: ${CAPTURED_VERSIONS.join(", ")} (default ${DEFAULT_VERSION})
  --publish-rate N                messages per second over all streams (default ${DEFAULT_CLUSTER_OPTIONS.publishRate})
  --hot-streams N                 publish to N streams only, spread evenly (default 0: all)
  --slow-consumer-share F         share of consumers that fall behind (default ${DEFAULT_CLUSTER_OPTIONS.slowConsumerShare})
  --elections-per-minute N        stream leader moves per minute (default 0)
  --consumer-elections-per-minute N
  --leaderless-ms N               leaderless gap of each election (default ${DEFAULT_CLUSTER_OPTIONS.leaderlessMs})
  --failover-ms N                 until the peers of a hung or killed leader elect another (default ${DEFAULT_CLUSTER_OPTIONS.failoverMs})
  --lag-share F --lag-ops N       share of follower replicas behind by N operations
  --lag-node NAME                 every replica on this node lags (needs --lag-ops)
  --slow NODE=MS                  the node answers after MS (repeatable)
  --fail NODE=MODE[:ENDPOINTS]    the node's port fails: ${FAILURE_MODES.join(", ")}; ENDPOINTS e.g. jsz,varz (repeatable)
  --hung NODE                     the node starts hung, as after SIGSTOP (repeatable)
  --host H                        listen address (default 127.0.0.1)
  --base-port N                   first node's port, the others follow (default: free ports)
  --seed N                        placement and traffic are the same for the same seed (default 1)
  --json                          print one JSON line {version, nodes, urls} instead of text
  --control                       read knob changes on stdin, exit when it closes
CONTROL (with --control), one JSON object per line, answered by one JSON line:
  {"publishRate":200,"hotStreams":100} {"electionsPerMinute":6} {"lag":{"share":0.1,"ops":500}} {"slow":{"n2":800}}
  {"fail":{"n3":"401"}} {"fail":{"n3":"hang:jsz"}} {"heal":"n3"} {"hang":"n2"} {"resume":"n2"}
  {"kill":"n1"} {"restart":"n1"} {"stepDown":"S0001"} {"stats":true}`;

function number(name: string, text: string | undefined, { min = 0, integer = true } = {}): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got "${text}"`);
  }
  return value;
}

export function parseFailure(text: string): Failure {
  const [mode, endpoints] = text.split(":");
  if (!FAILURE_MODES.includes(mode as FailureMode)) throw new Error(`unknown failure "${mode}" (one of ${FAILURE_MODES.join(", ")})`);
  const list = endpoints ? endpoints.split(",").filter(Boolean) : undefined;
  for (const endpoint of list ?? []) if (!ENDPOINTS.includes(endpoint as Endpoint)) throw new Error(`unknown endpoint "${endpoint}" (one of ${ENDPOINTS.join(", ")})`);
  return { mode: mode as FailureMode, endpoints: list as Endpoint[] | undefined };
}

function pairs(name: string, list: string[] | undefined): [string, string][] {
  return (list ?? []).map((item) => {
    const at = item.indexOf("=");
    if (at <= 0) throw new Error(`--${name} takes NODE=VALUE, got "${item}"`);
    return [item.slice(0, at), item.slice(at + 1)];
  });
}

export interface CliOptions {
  simulator: SimulatorOptions;
  json: boolean;
  control: boolean;
}

export function parseCli(argv: string[]): CliOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: "string" },
      streams: { type: "string" },
      "consumers-per-stream": { type: "string" },
      replicas: { type: "string" },
      accounts: { type: "string" },
      "server-version": { type: "string" },
      "publish-rate": { type: "string" },
      "hot-streams": { type: "string" },
      "slow-consumer-share": { type: "string" },
      "elections-per-minute": { type: "string" },
      "consumer-elections-per-minute": { type: "string" },
      "leaderless-ms": { type: "string" },
      "failover-ms": { type: "string" },
      "lag-share": { type: "string" },
      "lag-ops": { type: "string" },
      "lag-node": { type: "string" },
      slow: { type: "string", multiple: true },
      fail: { type: "string", multiple: true },
      hung: { type: "string", multiple: true },
      host: { type: "string" },
      "base-port": { type: "string" },
      seed: { type: "string" },
      json: { type: "boolean", default: false },
      control: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  const lagShare = number("lag-share", values["lag-share"], { integer: false });
  const lagOps = number("lag-ops", values["lag-ops"]);
  if (lagShare !== undefined && lagShare > 1) throw new Error(`--lag-share must be within 0…1, got ${lagShare}`);
  if ((lagShare || values["lag-node"]) && !lagOps) throw new Error("--lag-share and --lag-node need --lag-ops N (how far behind)");
  const simulator: SimulatorOptions = {
    nodes: number("nodes", values.nodes, { min: 1 }),
    streams: number("streams", values.streams),
    consumersPerStream: number("consumers-per-stream", values["consumers-per-stream"]),
    replicas: number("replicas", values.replicas, { min: 1 }),
    accounts: number("accounts", values.accounts, { min: 1 }),
    version: values["server-version"],
    publishRate: number("publish-rate", values["publish-rate"], { integer: false }),
    hotStreams: number("hot-streams", values["hot-streams"]),
    slowConsumerShare: number("slow-consumer-share", values["slow-consumer-share"], { integer: false }),
    electionsPerMinute: number("elections-per-minute", values["elections-per-minute"], { integer: false }),
    consumerElectionsPerMinute: number("consumer-elections-per-minute", values["consumer-elections-per-minute"], { integer: false }),
    leaderlessMs: number("leaderless-ms", values["leaderless-ms"]),
    failoverMs: number("failover-ms", values["failover-ms"]),
    lag: { share: lagShare ?? 0, ops: lagOps ?? 0, node: values["lag-node"] },
    slow: Object.fromEntries(pairs("slow", values.slow).map(([node, ms]) => [node, number("slow", ms) as number])),
    failures: Object.fromEntries(pairs("fail", values.fail).map(([node, spec]) => [node, parseFailure(spec)])),
    hung: values.hung,
    host: values.host,
    basePort: number("base-port", values["base-port"], { min: 1 }),
    seed: number("seed", values.seed),
  };
  for (const key of Object.keys(simulator) as (keyof SimulatorOptions)[]) if (simulator[key] === undefined) delete simulator[key];
  return { simulator, json: values.json, control: values.control };
}

/** Applies one control line; returns what to print back. */
export async function control(simulator: Simulator, line: string): Promise<Record<string, unknown>> {
  const command = JSON.parse(line) as Record<string, unknown>;
  const node = (value: unknown) => {
    if (typeof value !== "string") throw new Error(`a node name was expected, got ${JSON.stringify(value)}`);
    return value;
  };
  for (const [key, value] of Object.entries(command)) {
    switch (key) {
      case "publishRate":
        simulator.setPublishRate(Number(value), command.hotStreams === undefined ? undefined : Number(command.hotStreams));
        break;
      case "hotStreams":
        if (command.publishRate === undefined) simulator.setPublishRate(simulator.state.options.publishRate, Number(value));
        break;
      case "electionsPerMinute":
        simulator.setChurn(Number(value));
        break;
      case "consumerElectionsPerMinute":
        simulator.setChurn(simulator.state.options.electionsPerMinute, Number(value));
        break;
      case "lag": {
        const lag = value as { share?: number; ops?: number; node?: string };
        simulator.setLag({ share: lag.share ?? 0, ops: lag.ops ?? 0, node: lag.node });
        break;
      }
      case "slow":
        for (const [name, ms] of Object.entries(value as Record<string, number>)) simulator.setDelay(name, Number(ms));
        break;
      case "fail":
        for (const [name, spec] of Object.entries(value as Record<string, string>)) await simulator.setFailure(name, parseFailure(spec));
        break;
      case "heal":
        await simulator.setFailure(node(value), null);
        simulator.setDelay(node(value), 0);
        break;
      case "hang":
        simulator.hang(node(value));
        break;
      case "resume":
        simulator.resume(node(value));
        break;
      case "kill":
        await simulator.kill(node(value));
        break;
      case "restart":
        await simulator.restart(node(value));
        break;
      case "stepDown":
        simulator.stepDown(String(value));
        break;
      case "stats":
        break;
      default:
        throw new Error(`unknown control "${key}"`);
    }
  }
  return { ok: true, stats: simulator.stats() };
}

function describe(simulator: Simulator): string {
  const o = simulator.state.options;
  const meta = simulator.state.meta.leader;
  const lines = [
    `JetStream Watch simulator: nats-server ${simulator.version} shapes, ${o.nodes} nodes, ${o.streams} R${o.replicas} streams × ${o.consumersPerStream} consumers ` +
      `(${simulator.state.consumers.length}), ${o.accounts} account${o.accounts === 1 ? "" : "s"}, ${o.publishRate} msgs/s`,
    ...simulator.nodeNames.map((name, i) => `  ${name}  ${simulator.urls[i]}${i === meta ? "  (meta leader)" : ""}`),
    `NATS_MONITOR_URLS=${simulator.urls.join(",")}`,
    "Ctrl-C stops it.",
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const simulator = await Simulator.start(options.simulator);
  const stop = async (code: number) => {
    await simulator.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => void stop(0));
  console.log(options.json ? JSON.stringify({ version: simulator.version, nodes: simulator.nodeNames, urls: simulator.urls, pid: process.pid }) : describe(simulator));
  if (!options.control) return;
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    control(simulator, line).then(
      (reply) => console.log(JSON.stringify(reply)),
      (error: Error) => console.log(JSON.stringify({ ok: false, error: error.message })),
    );
  });
  lines.on("close", () => void stop(0));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
