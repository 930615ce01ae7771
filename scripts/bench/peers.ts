/**
 * The dashboard against the tools operators already have, on the same cluster in the same run:
 * natscli's reports (built into the project's cache by scripts/provision) and the dashboard's own
 * collector cycle, over HTTP through the proxies and over the system account. The probes take
 * turns, one round after another, so the machine's changing load falls on all of them alike, and
 * each run is followed by a pause as long as itself: what the nats-servers spend in the pauses is
 * their own upkeep, whose rate is subtracted from what they spent during each run, and whose spread
 * from pause to pause says how small a cost can still be told from it.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";
import type { ClusterConfig } from "../../lib/sources/config";
import { locateGo, provisionNeeds, toolVersion, type Provisioned } from "../provision";
import { failedEndpoints } from "./collector";
import { REFERENCE_PROBE, SYSTEM_PROBE } from "./peer-table";
import { cpuMsBetween, sampleProcesses } from "./proc";
import { cpuMsSince } from "./stats";

const RECENT_SAMPLES = 450;
const PROBE_TIMEOUT_MS = 60_000;
const SYSTEM_CONNECT_TIMEOUT_MS = 10_000;

export interface NatsAccess {
  urls: string[];
  /** The harness's least-privilege system-account user (the dashboard's). */
  sys: { user: string; password: string };
  /** A user of the application account that holds the streams. */
  app: { user: string; password: string; account: string };
}

/** One run of a probe. */
interface ProbeRun {
  wallMs: number;
  /** CPU of whoever answered the question on our side: the tool's process tree, or this process for the collector. */
  cpuMs: number;
  /** What the asker got: the tool's printed report, or the snapshot as JSON. */
  outputBytes: number;
  /** What the system account's connection received during the run (the collector over the system account only). */
  receivedBytes?: number;
  /** Why the answer lacks part of the cluster (a node's fetch failed): it is still timed, as users wait for it. */
  incomplete?: string;
  /** Why there was no answer at all (the tool exited non-zero): not timed. */
  failed?: string;
}

/** One way of answering "how are the cluster, its streams and its consumers?". */
export interface PeerProbe {
  id: string;
  tool: string;
  /** Who asks, with which credentials. */
  as: string;
  /** What the answer contains. */
  answers: string;
  /** How to run it by hand, credentials as environment variables. */
  command: string;
  run(): Promise<ProbeRun>;
  close(): Promise<void>;
}

export interface PeerMeasure {
  id: string;
  tool: string;
  as: string;
  answers: string;
  command: string;
  wallMs: number[];
  cpuMs: number[];
  /** CPU the nats-servers spent per run, summed over the nodes, less their upkeep at its rate in the pauses. */
  serverCpuMs: number[];
  outputBytes: number[];
  /**
   * Bytes the system account's connection received per run, as nats.js counts them (message
   * headers and payloads, gzip-compressed as the servers sent them, without the protocol lines);
   * empty for the other probes.
   */
  receivedBytes: number[];
  /** Timed answers that lacked part of the cluster, and why. */
  incomplete: string[];
  /** Runs that gave no answer, and why. */
  failures: string[];
}

export interface PeerResults {
  rounds: number;
  measures: PeerMeasure[];
  /** The nats-servers' own upkeep during the pauses, in % of one core summed over the nodes. */
  serverRestPercent: number;
  /** How much that upkeep varies from pause to pause (standard deviation, % of one core). */
  serverRestSpreadPercent: number;
  /** Peers that could not be measured, and why. */
  unavailable: { tool: string; reason: string }[];
  /** natscli's version and the Go it was built with, e.g. "v0.5.0, go1.26.8". */
  toolVersions: Record<string, string>;
}

/** Why a cycle's snapshot is not a complete answer: failed fetches, or nodes that are not in it at all. */
function incomplete(snapshot: ClusterSnapshot, expectedNodes: number | null): string | undefined {
  const failed = failedEndpoints(snapshot);
  if (failed.length) return failed.join("; ");
  if (expectedNodes !== null && snapshot.nodes.length < expectedNodes) return `${snapshot.nodes.length} of ${expectedNodes} nodes in the snapshot`;
  return undefined;
}

/** A collector of the production code, cycled in this process; its CPU is this process's (every thread). */
export async function collectorProbe(id: string, as: string, command: string, config: ClusterConfig, pollIntervalMs: number): Promise<PeerProbe> {
  const collector = new ClusterCollector(config, pollIntervalMs, RECENT_SAMPLES);
  if (config.system) {
    collector.connectSystem();
    const deadline = Date.now() + SYSTEM_CONNECT_TIMEOUT_MS;
    while (incomplete(await collector.collectOnce(), config.expectedNodes) && Date.now() < deadline) await sleep(200);
  }
  return {
    id,
    tool: "dashboard",
    as,
    answers: "every node, the meta group, every stream and consumer from its leader, with replica lag, rates and alerts",
    command,
    async run() {
      const received = () => collector.systemSource()?.connection()?.stats().inBytes;
      const receivedBefore = received();
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      const snapshot = await collector.collectOnce();
      const wallMs = performance.now() - started;
      const cpuMs = cpuMsSince(cpuStart);
      const receivedAfter = received();
      return {
        wallMs,
        cpuMs,
        outputBytes: Buffer.byteLength(JSON.stringify(snapshot)),
        // Left out when the connection changed during the run (a reconnect starts a new count).
        receivedBytes: receivedBefore !== undefined && receivedAfter !== undefined && receivedAfter >= receivedBefore ? receivedAfter - receivedBefore : undefined,
        incomplete: incomplete(snapshot, config.expectedNodes),
      };
    },
    async close() {
      collector.stop();
    },
  };
}

/** "0m0.120s 0m0.030s" (bash's `times`, second line: the children's user and system time) → ms. */
export function childCpuMsFromTimes(printed: string): number {
  const lines = printed.trim().split("\n");
  const children = lines.at(-1) ?? "";
  const parts = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, minutes, seconds]) => (Number(minutes) * 60 + Number(seconds)) * 1000);
  if (parts.length !== 2) throw new Error(`cannot read bash's times from "${printed.trim()}"`);
  return parts[0] + parts[1];
}

/**
 * Runs `bin args` under bash, whose `times` then reports the CPU of the whole process tree it
 * waited for; its report goes to file descriptor 3, away from the tool's own output.
 */
function runTimed(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProbeRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("bash", ["-c", '"$@"; status=$?; times >&3; exit $status', "bash", bin, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      timeout: PROBE_TIMEOUT_MS,
    });
    let outputBytes = 0;
    let stderr = "";
    let times = "";
    child.stdout?.on("data", (chunk: Buffer) => (outputBytes += chunk.length));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (times += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const wallMs = performance.now() - started;
      try {
        const cpuMs = childCpuMsFromTimes(times);
        const failed = code === 0 ? undefined : `exit ${code ?? signal}: ${stderr.trim().split("\n").at(-1) ?? ""}`;
        resolve({ wallMs, cpuMs, outputBytes, failed });
      } catch (error) {
        reject(new Error(`${(error as Error).message}; ${path.basename(bin)} ${signal ? `killed by ${signal}` : `exit ${code}`}: ${stderr.trim()}`));
      }
    });
  });
}

/**
 * natscli reports. Credentials go in its environment variables; contexts are kept out
 * (`--no-context`, and `configHome` as an empty home).
 */
function natscliProbes(nats: string, access: NatsAccess, configHome: string): PeerProbe[] {
  const url = access.urls.join(",");
  const probe = (id: string, user: { user: string; password: string }, as: string, answers: string, args: string[]): PeerProbe => {
    const env = { ...process.env, HOME: configHome, XDG_CONFIG_HOME: configHome, NATS_URL: url, NATS_USER: user.user, NATS_PASSWORD: user.password };
    return {
      id,
      tool: "natscli",
      as,
      answers,
      command: `NATS_URL=${url} NATS_USER=${user.user} NATS_PASSWORD=… nats --no-context ${args.join(" ")}`,
      run: () => runTimed(nats, ["--no-context", ...args], env),
      close: async () => undefined,
    };
  };
  const sysAs = `system account (least-privilege user ${access.sys.user})`;
  return [
    probe("natscli server report jetstream", access.sys, sysAs, "per-server totals and the meta group; no stream or consumer", ["server", "report", "jetstream"]),
    probe(
      `natscli server report jetstream --account ${access.app.account}`,
      access.sys,
      sysAs,
      `the same for account ${access.app.account}, with stream and consumer leader counts per server`,
      ["server", "report", "jetstream", "--account", access.app.account],
    ),
    probe(
      "natscli stream report",
      access.app,
      `account ${access.app.account} (user ${access.app.user}): the JetStream API`,
      "every stream's state, replicas and leader; consumers only counted",
      ["stream", "report"],
    ),
  ];
}

/** CPU the nats-servers spent over a span of time (a run, or the pause after it), summed over the nodes. */
export interface ServerSpan {
  cpuMs: number;
  ms: number;
}

/**
 * The nats-servers' upkeep, from the pauses: its rate over all of them together (one pause alone
 * is as noisy as the run it follows) and its spread from pause to pause, which says how small a
 * run's cost can be and still be told from the upkeep. Both in cores (1 = one core busy).
 */
export function serverUpkeep(pauses: ServerSpan[]): { cores: number; spreadCores: number } {
  const pausedMs = pauses.reduce((sum, pause) => sum + pause.ms, 0);
  const cores = pausedMs > 0 ? pauses.reduce((sum, pause) => sum + pause.cpuMs, 0) / pausedMs : 0;
  const rates = pauses.filter((pause) => pause.ms > 0).map((pause) => pause.cpuMs / pause.ms);
  const variance = rates.length > 1 ? rates.reduce((sum, rate) => sum + (rate - cores) ** 2, 0) / (rates.length - 1) : 0;
  return { cores, spreadCores: Math.sqrt(variance) };
}

/** Takes turns: a warm-up round, then `rounds` measured ones; each run is followed by a pause as long as itself. */
export async function measurePeers(
  probes: PeerProbe[],
  rounds: number,
  serverPids: () => number[],
  log: (line: string) => void,
): Promise<Pick<PeerResults, "rounds" | "measures" | "serverRestPercent" | "serverRestSpreadPercent">> {
  const measures: PeerMeasure[] = probes.map(({ id, tool, as, answers, command }) => ({ id, tool, as, answers, command, wallMs: [], cpuMs: [], serverCpuMs: [], outputBytes: [], receivedBytes: [], incomplete: [], failures: [] }));
  const serverRuns: ServerSpan[][] = probes.map(() => []);
  const pauses: ServerSpan[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const [index, probe] of probes.entries()) {
      const measure = measures[index];
      const before = sampleProcesses(serverPids());
      let result: ProbeRun;
      try {
        result = await probe.run();
      } catch (error) {
        measure.failures.push((error as Error).message);
        continue;
      }
      const during = sampleProcesses(serverPids());
      await sleep(result.wallMs);
      const after = sampleProcesses(serverPids());
      if (round === 0) continue; // warm-up: connections, JIT, the collector's first rates
      pauses.push({ cpuMs: cpuMsBetween(during, after), ms: after.atMs - during.atMs });
      if (result.failed) {
        measure.failures.push(result.failed);
        continue;
      }
      if (result.incomplete) measure.incomplete.push(result.incomplete);
      serverRuns[index].push({ cpuMs: cpuMsBetween(before, during), ms: during.atMs - before.atMs });
      measure.wallMs.push(result.wallMs);
      measure.cpuMs.push(result.cpuMs);
      measure.outputBytes.push(result.outputBytes);
      if (result.receivedBytes !== undefined) measure.receivedBytes.push(result.receivedBytes);
    }
    if (round > 0 && (round % 5 === 0 || round === rounds)) log(`peers: ${round}/${rounds} rounds`);
  }
  const upkeep = serverUpkeep(pauses);
  for (const [index, measure] of measures.entries()) measure.serverCpuMs = serverRuns[index].map((run) => run.cpuMs - upkeep.cores * run.ms);
  return { rounds, measures, serverRestPercent: upkeep.cores * 100, serverRestSpreadPercent: upkeep.spreadCores * 100 };
}

export interface PeerSetup {
  nats: NatsAccess;
  /** The collector's view of the cluster through the proxies (as the bench's dashboard polls it) and over the system account. */
  viaProxies: ClusterConfig;
  viaSystem: ClusterConfig;
  pollIntervalMs: number;
  serverPids: () => number[];
}

/** Why a peer could not be got, in one line, without the module proxy's address. */
export function unavailableReason(result: Provisioned): string {
  const failure = result.failures.join(" ");
  const refused = /(\d{3} [A-Za-z ]+?)\s+server response: (.+)/.exec(failure);
  if (refused) return `go install failed: the Go module proxy answered ${refused[1].trim()}, "${refused[2].trim()}"`;
  const first = failure.split("\n")[0];
  return first ? first.replace(/https?:\/\/\S+/g, "<url>") : `${result.plan.label} is not installed: ${result.plan.howTo[0] ?? ""}`;
}

const execFileAsync = promisify(execFile);

async function goVersion(): Promise<string> {
  const go = locateGo();
  if (!go) return "no Go";
  const { stdout } = await execFileAsync(go, ["env", "GOVERSION"], { timeout: 10_000 });
  return stdout.trim();
}

/**
 * Gets the peers (natscli; nats-surveyor, which is only reported: its scrape is measured nowhere
 * yet, because it could not be built where this bench was written), then measures them and the
 * dashboard's collector side by side.
 */
export async function measurePeerTools(setup: PeerSetup, rounds: number, log: (line: string) => void): Promise<PeerResults> {
  const provisioned = await provisionNeeds([{ tool: "natscli" }, { tool: "nats-surveyor" }], { log });
  const [natscli, surveyor] = provisioned;
  const unavailable = provisioned.filter((result) => !result.path).map((result) => ({ tool: result.plan.label, reason: unavailableReason(result) }));
  if (surveyor.path) unavailable.push({ tool: surveyor.plan.label, reason: `built (${surveyor.path}), but the bench does not measure its scrape yet` });
  const toolVersions: Record<string, string> = { go: await goVersion().catch((error: Error) => `unknown (${error.message})`) };
  const configHome = await mkdtemp(path.join(tmpdir(), "jsw-bench-natscli-"));
  const probes: PeerProbe[] = [];
  try {
    probes.push(await collectorProbe(REFERENCE_PROBE, "the proxies (TLS, basic auth, gzip)", "ClusterCollector.collectOnce(), in this process", setup.viaProxies, setup.pollIntervalMs));
    const systemAs = `system account (least-privilege user ${setup.nats.sys.user})`;
    probes.push(await collectorProbe(SYSTEM_PROBE, systemAs, "ClusterCollector.collectOnce() with only the system source, in this process", setup.viaSystem, setup.pollIntervalMs));
    if (natscli.path) {
      toolVersions.natscli = `v${await toolVersion(natscli.path)}`;
      probes.push(...natscliProbes(natscli.path, setup.nats, configHome));
    }
    log(`peers: ${probes.length} probes, ${rounds} rounds after a warm-up; nats-servers at rest subtracted`);
    return { ...(await measurePeers(probes, rounds, setup.serverPids, log)), unavailable, toolVersions };
  } finally {
    await Promise.all(probes.map((probe) => probe.close()));
    await rm(configHome, { recursive: true, force: true });
  }
}
