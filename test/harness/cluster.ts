/**
 * A real nats-server cluster on loopback for integration tests, fixtures and the demo
 * (design.md §7): JetStream, accounts APP and SYS, an nginx with TLS + basic auth in front of each
 * monitoring port, seed streams, traffic and fault actions (kill -9, SIGSTOP, restart).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchJson, httpsGet, probeStatus, waitUntil } from "./http";
import { createUser } from "@nats-io/nkeys";
import { renderServerConfig, type ClusterAuth, type Credentials, type ServerLayout } from "./nats-config";
import { startMonitoringProxy, type MonitoringProxy } from "./nginx";
import { reserveLoopbackPorts } from "./ports";
import { locate, toolVersion } from "../../scripts/provision";
import { deleteDirOnExit, keepDirOnExit, spawnLogged, tailOfFile, type ManagedProcess } from "./processes";
import { createSeedAssets } from "./seed";
import { startTraffic, type Traffic, type TrafficOptions } from "./traffic";

export type { Traffic, TrafficOptions, TrafficStats } from "./traffic";

export interface HarnessOptions {
  nodes?: number;
  natsServerBin?: string;
  baseDir?: string;
  clusterName?: string;
  /** nginx with basic auth in front of every monitoring port (default true). */
  proxy?: boolean;
  /** The proxy serves TLS with a throwaway CA made by openssl (default true). */
  proxyTls?: boolean;
  proxyUser?: string;
  proxyPassword?: string;
  /** Environment variables of single nodes, by name (e.g. a clock offset for a nats-server built to read one). */
  nodeEnv?: Record<string, Record<string, string>>;
  log?: (line: string) => void;
}

export interface HarnessNode {
  name: string;
  clientUrl: string;
  monitorUrl: string;
  proxyUrl?: string;
  websocketUrl: string;
  pid: number | undefined;
  state: "running" | "stopped" | "killed";
}

export interface Harness {
  version: string;
  dir: string;
  nodes: HarnessNode[];
  /** The CA of the proxy's certificate; "" without a proxy or without TLS. */
  caFile: string;
  proxyUser: string;
  proxyPassword: string;
  app: { user: string; password: string };
  sys: { user: string; password: string };
  /** An operator in SYS with every permission (not the dashboard's user). */
  sysAdmin: { user: string; password: string };
  /** Seed file of a second least-privilege SYS user that authenticates with an nkey. */
  sysNkeySeedFile: string;
  node(name: string): HarnessNode;
  killNode(name: string): Promise<void>;
  stopNode(name: string): void;
  contNode(name: string): void;
  restartNode(name: string): Promise<void>;
  /** SIGSTOP / SIGCONT of the nginx in front of every monitoring port: whoever polls through it loses every node while the cluster runs on. */
  freezeProxy(): void;
  thawProxy(): void;
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  createSeedAssets(): Promise<void>;
  startTraffic(opts?: TrafficOptions): Traffic;
  stop(): Promise<void>;
}

const SERVER_READY_TIMEOUT_MS = 30_000;
const META_LEADER_TIMEOUT_MS = 30_000;
const PROXY_READY_TIMEOUT_MS = 10_000;
const PORTS_PER_NODE = 4;

/** The nats-server to run: `explicit`, else $NATS_SERVER_BIN, else the one installed (scripts/provision). */
export function resolveNatsServerBin(explicit?: string): string {
  return locate({ tool: "nats-server", line: "any" }, explicit ? { ...process.env, NATS_SERVER_BIN: explicit } : process.env);
}

const randomSecret = () => randomBytes(12).toString("hex");

interface MetaClusterView {
  meta_cluster?: { leader?: string; replicas?: { name: string; current?: boolean; offline?: boolean }[] };
}

/** One nats-server member; the public fields are the HarnessNode contract. */
class ClusterNode implements HarnessNode {
  readonly name: string;
  readonly clientUrl: string;
  readonly monitorUrl: string;
  readonly websocketUrl: string;
  proxyUrl?: string;
  pid: number | undefined;
  state: HarnessNode["state"] = "killed";
  #process: ManagedProcess | undefined;

  constructor(
    readonly layout: ServerLayout,
    readonly configFile: string,
    readonly env?: Record<string, string>,
  ) {
    this.name = layout.name;
    this.clientUrl = `nats://127.0.0.1:${layout.clientPort}`;
    this.monitorUrl = `http://127.0.0.1:${layout.monitorPort}`;
    this.websocketUrl = `ws://127.0.0.1:${layout.websocketPort}`;
  }

  start(natsServerBin: string): void {
    this.#process = spawnLogged(natsServerBin, ["-c", this.configFile], this.layout.logFile, this.env);
    this.pid = this.#process.pid;
    this.state = "running";
  }

  async kill(): Promise<void> {
    await this.#process?.kill();
    this.pid = undefined;
    this.state = "killed";
  }

  /** SIGSTOP; returns once the whole process is frozen. */
  freeze(): void {
    this.#started().stopSync();
    this.state = "stopped";
  }

  thaw(): void {
    this.#started().signal("SIGCONT");
    this.state = "running";
  }

  #started(): ManagedProcess {
    if (!this.#process) throw new Error(`${this.name} was never started`);
    return this.#process;
  }

  /** Why the node is not healthy, for timeout errors: exit status and the end of its log. */
  diagnose(): string {
    const status = this.#process?.exitDescription ?? "never started";
    return `--- ${this.name} (${status}), tail of ${this.layout.logFile}:\n${tailOfFile(this.layout.logFile)}`;
  }

  async waitUntilServing(timeoutMs = SERVER_READY_TIMEOUT_MS): Promise<void> {
    // js-enabled-only: JetStream is up, without waiting for the meta leader or asset catch-up.
    const healthz = `${this.monitorUrl}/healthz?js-enabled-only=true`;
    await waitUntil(`${this.name} ${healthz} to answer 200`, timeoutMs, async () => {
      if (this.#process?.hasExited) throw new Error(`${this.name} exited during startup\n${this.diagnose()}`);
      return (await probeStatus(healthz)) === 200;
    }, () => this.diagnose());
  }
}

class LocalCluster implements Harness {
  /** Empty until the proxy (and so the CA) exists. */
  caFile = "";
  readonly app: Credentials;
  readonly sys: Credentials;
  readonly sysAdmin: Credentials;
  readonly #traffics = new Set<Traffic>();
  #proxy: MonitoringProxy | undefined;
  #stopped: Promise<void> | undefined;

  constructor(
    readonly version: string,
    readonly dir: string,
    readonly nodes: ClusterNode[],
    readonly natsServerBin: string,
    auth: ClusterAuth,
    readonly sysNkeySeedFile: string,
    readonly proxyUser: string,
    readonly proxyPassword: string,
    private readonly log: (line: string) => void,
  ) {
    this.app = auth.app;
    this.sys = auth.sys;
    this.sysAdmin = auth.sysAdmin;
  }

  node(name: string): ClusterNode {
    const found = this.nodes.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`No node ${name}; the cluster has ${this.nodes.map((n) => n.name).join(", ")}`);
    return found;
  }

  get #clientUrls(): string[] {
    return this.nodes.map((node) => node.clientUrl);
  }

  async startNodes(): Promise<void> {
    for (const node of this.nodes) node.start(this.natsServerBin);
    await Promise.all(this.nodes.map((node) => node.waitUntilServing()));
    const metaLeader = await this.waitForMetaLeader();
    await this.waitForMetaPeers(metaLeader);
    this.log(`nats-server ${this.version}: ${this.nodes.length} nodes up, meta leader ${metaLeader}`);
  }

  async startProxy(proxyPorts: number[], tls: boolean): Promise<void> {
    const routes = this.nodes.map((node, index) => ({
      name: node.name,
      listenPort: proxyPorts[index],
      monitorPort: node.layout.monitorPort,
    }));
    this.#proxy = await startMonitoringProxy({
      dir: join(this.dir, "nginx"),
      tlsDir: tls ? join(this.dir, "tls") : undefined,
      routes,
      user: this.proxyUser,
      password: this.proxyPassword,
    });
    this.caFile = this.#proxy.caFile ?? "";
    this.nodes.forEach((node, index) => (node.proxyUrl = `${tls ? "https" : "http"}://127.0.0.1:${routes[index].listenPort}`));
    await Promise.all(this.nodes.map((node) => this.#waitForProxy(node)));
    this.log(`nginx: ${tls ? "TLS + " : ""}basic auth on ${this.nodes.map((node) => node.proxyUrl).join(", ")}`);
  }

  /** Ready = the proxy demands credentials (401) and passes authenticated requests through (200). */
  async #waitForProxy(node: ClusterNode): Promise<void> {
    const proxy = this.#proxy;
    const url = `${node.proxyUrl}/varz`;
    if (!proxy) throw new Error("nginx was not started");
    const ca = proxy.caFile ? await readFile(proxy.caFile) : undefined;
    // The certificate is checked by the tests; here we only ask whether nginx is serving yet.
    const statusOf = (basicAuth?: Credentials) =>
      httpsGet(url, { ca, basicAuth, timeoutMs: 1000, skipCertificateCheck: true }).then(
        (response) => response.status,
        () => undefined,
      );
    await waitUntil(`nginx on ${url} to answer 401, then 200 with credentials`, PROXY_READY_TIMEOUT_MS, async () => {
      if (proxy.process.hasExited) {
        throw new Error(`nginx ${proxy.process.exitDescription}\n${tailOfFile(proxy.errorLog)}`);
      }
      return (
        (await statusOf()) === 401 &&
        (await statusOf({ user: this.proxyUser, password: this.proxyPassword })) === 200
      );
    }, () => `--- tail of ${proxy.errorLog}:\n${tailOfFile(proxy.errorLog)}`);
  }

  async killNode(name: string): Promise<void> {
    await this.node(name).kill();
    this.log(`${name}: killed (SIGKILL)`);
  }

  stopNode(name: string): void {
    this.node(name).freeze();
    this.log(`${name}: stopped (SIGSTOP)`);
  }

  contNode(name: string): void {
    this.node(name).thaw();
    this.log(`${name}: continued (SIGCONT)`);
  }

  /** Starts the node again with its config, ports and store dir; a live node is killed first. */
  async restartNode(name: string): Promise<void> {
    const node = this.node(name);
    if (node.state !== "killed") await node.kill();
    node.start(this.natsServerBin);
    await node.waitUntilServing();
    this.log(`${name}: restarted (pid ${node.pid})`);
  }

  freezeProxy(): void {
    this.#runningProxy().signalGroup("SIGSTOP");
    this.log("nginx: stopped (SIGSTOP)");
  }

  thawProxy(): void {
    this.#runningProxy().signalGroup("SIGCONT");
    this.log("nginx: continued (SIGCONT)");
  }

  #runningProxy(): ManagedProcess {
    if (!this.#proxy) throw new Error("this cluster has no nginx proxy");
    return this.#proxy.process;
  }

  /**
   * Polls /jsz of every running node until all name the same meta leader, and that leader is
   * itself running: right after a kill the survivors may still name the dead leader.
   */
  async waitForMetaLeader(timeoutMs = META_LEADER_TIMEOUT_MS): Promise<string> {
    let views: Array<{ node: string; leader: string | undefined }> = [];
    await waitUntil("the running nodes to agree on a meta leader", timeoutMs, async () => {
      const running = this.nodes.filter((node) => node.state === "running");
      views = await Promise.all(
        running.map(async (node) => ({
          node: node.name,
          leader: await fetchJson<MetaClusterView>(`${node.monitorUrl}/jsz`, 1000).then(
            (jsz) => jsz.meta_cluster?.leader,
            () => undefined,
          ),
        })),
      );
      const leader = views[0]?.leader;
      return (
        leader !== undefined &&
        views.every((view) => view.leader === leader) &&
        running.some((node) => node.name === leader)
      );
    }, () => [`meta leader per node: ${JSON.stringify(views)}`, ...this.nodes.map((node) => node.diagnose())].join("\n"));
    return views[0].leader as string;
  }

  /**
   * Until the meta leader counts every other node as a current peer: before that, a fresh
   * 2.10 cluster refused R3 placements for 30 s and more ("no suitable peers for placement").
   */
  private async waitForMetaPeers(leader: string, timeoutMs = META_LEADER_TIMEOUT_MS): Promise<void> {
    const node = this.node(leader);
    let peers: NonNullable<NonNullable<MetaClusterView["meta_cluster"]>["replicas"]> = [];
    await waitUntil(
      `the meta leader ${leader} to count every other node as a current peer`,
      timeoutMs,
      async () => {
        peers = await fetchJson<MetaClusterView>(`${node.monitorUrl}/jsz`, 1000).then(
          (jsz) => jsz.meta_cluster?.replicas ?? [],
          () => [],
        );
        return peers.length === this.nodes.length - 1 && peers.every((p) => p.current === true && p.offline !== true);
      },
      () => [`meta peers as ${leader} sees them: ${JSON.stringify(peers)}`, ...this.nodes.map((n) => n.diagnose())].join("\n"),
    );
  }

  async createSeedAssets(): Promise<void> {
    await createSeedAssets(this.#clientUrls, this.app);
    this.log("seed assets ready: ORDERS, LOGS, order-processor, log-indexer, log-archiver");
  }

  startTraffic(opts?: TrafficOptions): Traffic {
    const traffic = startTraffic(this.#clientUrls, this.app, opts);
    this.#traffics.add(traffic);
    return traffic;
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#teardown();
    return this.#stopped;
  }

  async #teardown(): Promise<void> {
    await Promise.all([...this.#traffics].map((traffic) => traffic.stop()));
    await Promise.all([...this.nodes.map((node) => node.kill()), this.#proxy?.process.kill()]);
    if (process.env.JSW_KEEP_CLUSTER === "1") {
      keepDirOnExit(this.dir);
      this.log(`cluster stopped; files kept in ${this.dir} (JSW_KEEP_CLUSTER=1)`);
    } else {
      await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
      keepDirOnExit(this.dir);
      this.log("cluster stopped");
    }
  }
}

async function writeServerConfigs(dir: string, layouts: ServerLayout[], clusterName: string, auth: ClusterAuth, nodeEnv: HarnessOptions["nodeEnv"] = {}) {
  return Promise.all(
    layouts.map(async (layout) => {
      await mkdir(layout.storeDir, { recursive: true });
      const configFile = join(dir, `${layout.name}.conf`);
      await writeFile(configFile, renderServerConfig(layout, layouts, clusterName, auth));
      return new ClusterNode(layout, configFile, nodeEnv[layout.name]);
    }),
  );
}

export async function startCluster(opts: HarnessOptions = {}): Promise<Harness> {
  const nodeCount = opts.nodes ?? 3;
  const useProxy = opts.proxy ?? true;
  const log = opts.log ?? (() => undefined);
  const natsServerBin = resolveNatsServerBin(opts.natsServerBin);
  const version = await toolVersion(natsServerBin);
  const dir = opts.baseDir ?? mkdtempSync(join(tmpdir(), "jsw-cluster-"));
  await mkdir(dir, { recursive: true });
  if (process.env.JSW_KEEP_CLUSTER !== "1") deleteDirOnExit(dir);

  const ports = await reserveLoopbackPorts(nodeCount * PORTS_PER_NODE);
  const takePort = () => ports.shift() as number;
  const layouts: ServerLayout[] = Array.from({ length: nodeCount }, (_, index) => {
    const name = `n${index + 1}`;
    return {
      name,
      clientPort: takePort(),
      clusterPort: takePort(),
      monitorPort: takePort(),
      websocketPort: takePort(),
      storeDir: join(dir, name, "jetstream"),
      logFile: join(dir, `${name}.log`),
    };
  });
  const nkeyUser = createUser();
  const sysNkeySeedFile = join(dir, "dash.nk");
  await writeFile(sysNkeySeedFile, `${new TextDecoder().decode(nkeyUser.getSeed())}\n`, { mode: 0o600 });
  const auth: ClusterAuth = {
    app: { user: "app", password: randomSecret() },
    sys: { user: "dash", password: randomSecret() },
    sysAdmin: { user: "operator", password: randomSecret() },
    sysNkey: nkeyUser.getPublicKey(),
  };
  const nodes = await writeServerConfigs(dir, layouts, opts.clusterName ?? "C1", auth, opts.nodeEnv);
  const cluster = new LocalCluster(
    version,
    dir,
    nodes,
    natsServerBin,
    auth,
    sysNkeySeedFile,
    opts.proxyUser ?? "monitor",
    opts.proxyPassword ?? randomSecret(),
    log,
  );
  log(`starting ${nodeCount} × nats-server ${version} (${natsServerBin}) in ${dir}`);
  try {
    await cluster.startNodes();
    if (useProxy) await cluster.startProxy(await reserveLoopbackPorts(nodeCount), opts.proxyTls ?? true);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
