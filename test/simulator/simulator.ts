/**
 * The simulator's programmatic API: one HTTP port per simulated node (as each real node has its
 * 8222), serving what `NodeAnswers` builds, and the knobs — publish rate, leader churn, replica lag,
 * slow nodes, failing nodes (refused, hanging, 401, HTML, garbage, 503), SIGSTOP-like hung nodes and
 * kill -9-like dead ones. Time advances when a request arrives or a knob is turned, from `clock`.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CURRENT_NATS_SERVER } from "../../scripts/provision/versions";
import { ClusterState, type ClusterOptions, type LagOptions, NO_LEADER } from "./cluster-state";
import { NodeAnswers, type Answer } from "./monitor-answers";
import { loadTemplates } from "./templates";
import { versionBehaviour, type VersionBehaviour } from "./versions";

export const FAILURE_MODES = ["refuse", "hang", "401", "html", "garbage", "503"] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];
export const ENDPOINTS = ["varz", "jsz", "healthz", "connz"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Failure {
  mode: FailureMode;
  /** Only these endpoints fail (default: all; `refuse` is always the whole port). */
  endpoints?: Endpoint[];
}

export interface SimulatorOptions extends Partial<Omit<ClusterOptions, "lag">> {
  /** A captured version (lib/model/__fixtures__/<version>); default the current line. */
  version?: string;
  lag?: Partial<LagOptions>;
  host?: string;
  /** The first node's port; the others follow. 0 (default): any free ports. */
  basePort?: number;
  /** Milliseconds since the epoch; tests pass their own to move time by hand. */
  clock?: () => number;
  /** Node name → answer delay in ms. */
  slow?: Record<string, number>;
  failures?: Record<string, Failure>;
  /** Nodes that start hung. */
  hung?: string[];
}

export const DEFAULT_VERSION = CURRENT_NATS_SERVER;

export interface SimulatorStats {
  requests: number;
  bytes: number;
  renderCpuMs: number;
  published: number;
  failedPublishes: number;
}

const HTML_PAGE = "<!DOCTYPE html>\n<html>\n<head><title>Welcome</title></head>\n<body><h1>It works!</h1></body>\n</html>\n";
const nginxPage = (status: string) =>
  `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
// Cut off mid-answer, then bytes that are not text at all.
const GARBAGE = Buffer.concat([Buffer.from('{\n  "server_id": "NDRZST6VH42WR'), Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x30])]);

interface HeldRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
}

class NodePort {
  readonly server: http.Server;
  port = 0;
  listening = false;
  readonly sockets = new Set<Socket>();
  /** Requests not answered: the node is hung, or fails with `hang`. */
  held: HeldRequest[] = [];
  delayMs = 0;
  failure: Failure | null = null;

  constructor(handler: http.RequestListener) {
    this.server = http.createServer(handler);
    // Like Go's net/http server: keep idle connections, answer large bodies without a timeout.
    this.server.keepAliveTimeout = 120_000;
    this.server.requestTimeout = 0;
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        this.port = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  /** Stops listening and drops every connection: new ones are refused. */
  close(): Promise<void> {
    this.listening = false;
    for (const socket of this.sockets) socket.destroy();
    this.held = [];
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export class Simulator {
  readonly state: ClusterState;
  readonly version: string;
  readonly behaviour: VersionBehaviour;
  readonly answers: NodeAnswers;
  private readonly ports: NodePort[];
  private readonly host: string;
  private readonly clock: () => number;
  private stopped = false;
  private readonly served = { requests: 0, bytes: 0, renderCpuMs: 0 };

  private constructor(options: SimulatorOptions) {
    this.version = options.version ?? DEFAULT_VERSION;
    this.clock = options.clock ?? Date.now;
    this.host = options.host ?? "127.0.0.1";
    const nodes = options.nodes ?? 3;
    this.state = new ClusterState(
      {
        ...options,
        nodes,
        replicas: options.replicas ?? Math.min(3, nodes),
        lag: { share: 0, ops: 0, ...options.lag },
      },
      this.clock(),
    );
    this.behaviour = versionBehaviour(this.version);
    this.answers = new NodeAnswers(this.state, loadTemplates(this.version), this.behaviour);
    this.ports = this.state.nodes.map((_, index) => new NodePort((req, res) => this.handle(index, req, res)));
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const simulator = new Simulator(options);
    try {
      const base = options.basePort ?? 0;
      for (const [index, port] of simulator.ports.entries()) await port.listen(simulator.host, base ? base + index : 0);
      simulator.answers.httpPorts = simulator.ports.map((p) => p.port);
      for (const [node, ms] of Object.entries(options.slow ?? {})) simulator.setDelay(node, ms);
      for (const [node, failure] of Object.entries(options.failures ?? {})) await simulator.setFailure(node, failure);
      for (const node of options.hung ?? []) simulator.hang(node);
    } catch (error) {
      await simulator.stop();
      throw error;
    }
    return simulator;
  }

  get nodeNames(): string[] {
    return this.state.nodes.map((n) => n.name);
  }

  /** Monitoring URLs, in node order, like `http://127.0.0.1:8222`. */
  get urls(): string[] {
    return this.ports.map((p) => `http://${this.host}:${p.port}`);
  }

  url(node: string): string {
    return this.urls[this.state.node(node).index];
  }

  /** Moves simulated time to the clock's now. */
  sync(): void {
    this.state.advanceTo(this.clock());
  }

  private port(node: string): NodePort {
    return this.ports[this.state.node(node).index];
  }

  // ---- knobs ----

  setDelay(node: string, ms: number): void {
    if (!(ms >= 0)) throw new Error(`delay must be ≥ 0 ms, got ${ms}`);
    this.port(node).delayMs = ms;
  }

  /** Makes a node's monitoring port fail the given way; `null` heals it. */
  async setFailure(node: string, failure: Failure | null): Promise<void> {
    const port = this.port(node);
    if (failure && !FAILURE_MODES.includes(failure.mode)) throw new Error(`unknown failure "${failure.mode}" (one of ${FAILURE_MODES.join(", ")})`);
    const before = port.failure;
    port.failure = failure;
    if (before?.mode === "hang") for (const held of port.held.splice(0)) held.res.destroy();
    await this.syncListening(node);
  }

  /** SIGSTOP: the port accepts connections and answers nothing; peers stop hearing from the node. */
  hang(node: string): void {
    this.sync();
    this.state.setProcess(node, "hung");
  }

  /** SIGCONT: the held requests are answered, the node rejoins as a follower. */
  resume(node: string): void {
    this.sync();
    this.state.setProcess(node, "up");
    const port = this.port(node);
    const held = port.held.splice(0);
    for (const { req, res } of held) this.handle(this.state.node(node).index, req, res);
  }

  /** kill -9: the port refuses connections; peers elect new leaders after `failoverMs`. */
  async kill(node: string): Promise<void> {
    this.sync();
    this.state.setProcess(node, "down");
    await this.syncListening(node);
  }

  async restart(node: string): Promise<void> {
    this.sync();
    this.state.restart(node);
    await this.syncListening(node);
  }

  setPublishRate(perSecond: number, hotStreams?: number): void {
    this.sync();
    this.state.setPublishRate(perSecond, hotStreams);
  }

  setChurn(electionsPerMinute: number, consumerElectionsPerMinute?: number): void {
    this.sync();
    this.state.setChurn(electionsPerMinute, consumerElectionsPerMinute);
  }

  setLag(lag: LagOptions): void {
    this.sync();
    this.state.setLag(lag);
  }

  /** Moves a stream's leadership now (a leaderless gap, then another replica). */
  stepDown(streamName: string): void {
    this.sync();
    const stream = this.state.streams.find((s) => s.name === streamName);
    if (!stream) throw new Error(`no stream "${streamName}"`);
    if (stream.leader !== NO_LEADER) this.state.stepDown(stream);
  }

  private async syncListening(node: string): Promise<void> {
    const port = this.port(node);
    const shouldListen = !this.stopped && this.state.node(node).process !== "down" && port.failure?.mode !== "refuse";
    if (shouldListen && !port.listening) {
      // A closed server can listen again: same port, same handlers.
      await port.listen(this.host, port.port);
    } else if (!shouldListen && port.listening) {
      await port.close();
    }
  }

  // ---- serving ----

  private handle(index: number, req: http.IncomingMessage, res: http.ServerResponse): void {
    const node = this.state.nodes[index];
    const port = this.ports[index];
    const url = new URL(req.url ?? "/", "http://simulator");
    const endpoint = url.pathname.slice(1) as Endpoint;
    const failure = port.failure && (!port.failure.endpoints || port.failure.endpoints.includes(endpoint)) ? port.failure : null;
    if (node.process === "hung" || failure?.mode === "hang") {
      port.held.push({ req, res });
      return;
    }
    const respond = () => {
      if (res.destroyed || this.stopped) return;
      if (node.process === "hung") {
        port.held.push({ req, res });
        return;
      }
      if (failure) {
        this.fail(failure.mode, res);
        return;
      }
      const cpu = process.cpuUsage();
      this.sync();
      const answer = this.answers.answer(node, url.pathname, url.searchParams, this.clock());
      const used = process.cpuUsage(cpu);
      this.served.renderCpuMs += (used.user + used.system) / 1000;
      this.send(res, answer);
    };
    if (port.delayMs > 0) setTimeout(respond, port.delayMs);
    else respond();
  }

  private send(res: http.ServerResponse, answer: Answer): void {
    if (answer.panic) {
      res.socket?.destroy();
      return;
    }
    if (answer.release) res.once("close", answer.release);
    const length = answer.body.reduce((sum, chunk) => sum + chunk.length, 0);
    this.served.requests += 1;
    this.served.bytes += length;
    const headers: http.OutgoingHttpHeaders = { "Content-Type": answer.contentType, "Content-Length": length };
    if (this.behaviour.cors && answer.contentType === "application/json") headers["Access-Control-Allow-Origin"] = "*";
    res.writeHead(answer.status, headers);
    for (const chunk of answer.body) res.write(chunk);
    res.end();
  }

  private fail(mode: FailureMode, res: http.ServerResponse): void {
    const html = (status: number, body: string, extra: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(body), ...extra });
      res.end(body);
    };
    switch (mode) {
      case "401":
        return html(401, nginxPage("401 Authorization Required"), { "WWW-Authenticate": 'Basic realm="NATS monitoring"' });
      case "503":
        return html(503, nginxPage("503 Service Temporarily Unavailable"));
      case "html":
        return html(200, HTML_PAGE);
      case "garbage":
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": GARBAGE.length });
        res.end(GARBAGE);
        return;
      default:
        // refuse and hang never get here: the port is closed, or the request is held.
        res.destroy();
    }
  }

  /** Answers sent so far, their bytes, the CPU spent building them (advancing the state included), messages published. */
  stats(): SimulatorStats {
    this.sync();
    return { ...this.served, renderCpuMs: Math.round(this.served.renderCpuMs), published: this.state.published, failedPublishes: this.state.failedPublishes };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.ports.map((port) => (port.listening ? port.close() : undefined)));
  }
}
