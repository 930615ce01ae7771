/**
 * The simulated cluster: N nodes, accounts, R-replicated streams with C consumers each, the meta
 * group, and what happens to them over time — messages published, consumers delivering and
 * acknowledging, leader elections (churn, or a leader that hangs or dies), lagging followers.
 * Time moves only when asked (`advanceTo`), so an idle simulator costs nothing and tests can drive
 * the clock. Every change bumps the changed asset's `version`; answers re-print only those.
 */
import { goTime, natsHash, raftGroupName, serverId } from "./identity";
import { hashUnit, Random } from "./random";

export interface LagOptions {
  /** Share of (asset, follower) pairs that lag, 0…1. */
  share: number;
  /** Operations behind. */
  ops: number;
  /** Every replica hosted on this node lags (in addition to `share`). */
  node?: string;
}

export interface ClusterOptions {
  nodes: number;
  streams: number;
  consumersPerStream: number;
  replicas: number;
  accounts: number;
  seed: number;
  clusterName: string;
  /** Messages per second, spread uniformly over the streams (or the hot ones). */
  publishRate: number;
  /** Publish to this many streams only, spread evenly over all (0: every stream). */
  hotStreams: number;
  /** Stored bytes per message. */
  messageBytes: number;
  /** Each stream starts with 0 … this many messages. */
  initialMessages: number;
  /** Share of consumers that fall behind (deliver about one message a second). */
  slowConsumerShare: number;
  /** Stream leader elections per minute: a random stream's leader moves to another replica. */
  electionsPerMinute: number;
  consumerElectionsPerMinute: number;
  /** How long an election leaves the asset without a leader. */
  leaderlessMs: number;
  /** How long the peers of a hung or dead leader keep naming it before they hold an election. */
  failoverMs: number;
  lag: LagOptions;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  nodes: 3,
  streams: 100,
  consumersPerStream: 3,
  replicas: 3,
  accounts: 1,
  seed: 1,
  clusterName: "C1",
  publishRate: 50,
  hotStreams: 0,
  messageBytes: 300,
  initialMessages: 20,
  slowConsumerShare: 0.1,
  electionsPerMinute: 0,
  consumerElectionsPerMinute: 0,
  leaderlessMs: 1500,
  failoverMs: 5000,
  lag: { share: 0, ops: 0 },
};

/** `up`; `hung` like SIGSTOP (accepts connections, answers nothing, its peers stop hearing from it); `down` like kill -9. */
export type NodeProcess = "up" | "hung" | "down";

export const NO_LEADER = -1;
const STEP_MS = 250;
const SLOW_CONSUMER_MSGS_PER_SEC = 1;

export class SimNode {
  readonly serverId: string;
  readonly peer: string;
  process: NodeProcess = "up";
  processSince: number;
  startedAt: number;
  /** Streams with a replica here, per account index, in name order. */
  readonly streams: Stream[][];
  inMsgs = 0;
  inBytes = 0;
  outMsgs = 0;
  outBytes = 0;
  readonly httpRequests = new Map<string, number>();

  constructor(
    readonly index: number,
    readonly name: string,
    accounts: number,
    now: number,
  ) {
    this.serverId = serverId(name);
    this.peer = natsHash(name);
    this.processSince = now;
    this.startedAt = now;
    this.streams = Array.from({ length: accounts }, () => []);
  }
}

export type AssetKind = "meta" | "stream" | "consumer";
const KIND_CODE: Record<AssetKind, number> = { meta: 0, stream: 1, consumer: 2 };

export abstract class Asset {
  /** Node indexes hosting a replica. */
  readonly peers: number[];
  leader: number;
  leaderSince: number;
  /** The leader before the election under way (a stepdown moves leadership elsewhere when it can). */
  previousLeader = NO_LEADER;
  /** When the election under way ends (NaN when none is). */
  electionEndsAt = NaN;
  /** When the asset lost its leader (for `active` of the peers while leaderless). */
  leaderlessSince = NaN;
  version = 0;
  /** Raft operations applied (publishes for a stream, deliveries and acks for a consumer). */
  ops = 0;
  /** Per peer position: `ops` when that peer stopped answering (NaN while it answers). */
  readonly opsWhenLost: number[];
  readonly raftGroup: string;
  readonly created: number;
  readonly createdText: string;

  protected constructor(
    readonly kind: AssetKind,
    readonly globalIndex: number,
    peers: number[],
    leader: number,
    created: number,
    raftGroup: string,
  ) {
    this.peers = peers;
    this.leader = leader;
    this.leaderSince = created;
    this.opsWhenLost = peers.map(() => NaN);
    this.raftGroup = raftGroup;
    this.created = created;
    this.createdText = goTime(created);
  }

  /** A number unique to the asset (per kind and index), to seed per-asset variation. */
  get seed(): number {
    return this.globalIndex * 3 + KIND_CODE[this.kind];
  }

  hostedOn(node: number): boolean {
    return this.peers.includes(node);
  }
}

export class Stream extends Asset {
  firstSeq: number;
  lastSeq: number;
  messages: number;
  bytes: number;
  firstTs: number;
  lastTs: number;
  readonly consumers: Consumer[] = [];
  /** Bumped when the stream or one of its consumers changed. */
  blockVersion = 0;

  constructor(
    readonly index: number,
    readonly account: number,
    readonly name: string,
    peers: number[],
    leader: number,
    created: number,
  ) {
    super("stream", index, peers, leader, created, raftGroupName("S", peers.length, `stream:${account}:${name}`));
    this.firstSeq = 0;
    this.lastSeq = 0;
    this.messages = 0;
    this.bytes = 0;
    this.firstTs = NaN;
    this.lastTs = NaN;
  }
}

export class Consumer extends Asset {
  deliveredStreamSeq: number;
  deliveredConsumerSeq = 0;
  ackStreamSeq: number;
  ackConsumerSeq = 0;
  numRedelivered = 0;
  lastDelivered = NaN;
  lastAck = NaN;
  /** Messages owed to a slow consumer's next delivery (fractions carried over). */
  slowCarry = 0;

  constructor(
    globalIndex: number,
    readonly stream: Stream,
    readonly name: string,
    readonly slow: boolean,
    peers: number[],
    leader: number,
    created: number,
  ) {
    super("consumer", globalIndex, peers, leader, created, raftGroupName("C", peers.length, `consumer:${stream.account}:${stream.name}:${name}`));
    this.deliveredStreamSeq = stream.firstSeq > 0 ? stream.firstSeq - 1 : 0;
    this.ackStreamSeq = this.deliveredStreamSeq;
  }

  get numAckPending(): number {
    return this.deliveredStreamSeq - this.ackStreamSeq;
  }

  get numPending(): number {
    return Math.max(0, this.stream.lastSeq - this.deliveredStreamSeq);
  }
}

/** The meta group: every node a peer. */
export class MetaGroup extends Asset {
  constructor(nodes: number, leader: number, created: number) {
    super("meta", 0, Array.from({ length: nodes }, (_, i) => i), leader, created, "_meta_");
  }
}

const pad = (index: number, total: number) => String(index).padStart(Math.max(4, String(total - 1).length), "0");

export function accountName(index: number, total: number): string {
  return total === 1 ? "APP" : `APP${String(index + 1).padStart(Math.max(2, String(total).length), "0")}`;
}

export function streamName(index: number, total: number): string {
  return `S${pad(index, total)}`;
}

export class ClusterState {
  readonly options: ClusterOptions;
  readonly nodes: SimNode[];
  readonly accounts: string[];
  readonly streams: Stream[];
  readonly consumers: Consumer[];
  readonly meta: MetaGroup;
  /** Bumped when something every answer shows changes (lag settings); every cached print is stale then. */
  epoch = 0;
  now: number;
  /** Messages accepted since the start; publishes to a stream without a reachable leader fail and are counted apart. */
  published = 0;
  failedPublishes = 0;
  private readonly random: Random;
  private publishCarry = 0;
  private readonly activeConsumers = new Set<Consumer>();
  private readonly electing = new Set<Asset>();
  private nextStreamElection = NaN;
  private nextConsumerElection = NaN;
  /** Failovers to start: node index → when. */
  private readonly failoverAt = new Map<number, number>();

  constructor(options: Partial<ClusterOptions> = {}, now = Date.now()) {
    this.options = { ...DEFAULT_CLUSTER_OPTIONS, ...options, lag: { ...DEFAULT_CLUSTER_OPTIONS.lag, ...options.lag } };
    const o = this.options;
    validate(o);
    this.now = now;
    this.random = new Random(o.seed);
    this.accounts = Array.from({ length: o.accounts }, (_, i) => accountName(i, o.accounts));
    this.nodes = Array.from({ length: o.nodes }, (_, i) => new SimNode(i, `n${i + 1}`, o.accounts, now));
    this.meta = new MetaGroup(o.nodes, this.random.int(o.nodes), now - 60_000);
    this.streams = [];
    this.consumers = [];
    this.populate(now);
    this.scheduleChurn();
  }

  private populate(now: number): void {
    const o = this.options;
    const hosted = new Array<number>(o.nodes).fill(0);
    for (let index = 0; index < o.streams; index++) {
      // Like the server's placement: the least loaded nodes, ties broken at random.
      const order = this.random.shuffle(this.nodes.map((n) => n.index)).sort((a, b) => hosted[a] - hosted[b]);
      const peers = order.slice(0, o.replicas).sort((a, b) => a - b);
      for (const p of peers) hosted[p] += 1;
      const created = now - 3_600_000 + index + this.random.next();
      const account = index % o.accounts;
      const stream = new Stream(index, account, streamName(index, o.streams), peers, this.random.pick(peers), created);
      this.seedMessages(stream, now);
      this.streams.push(stream);
      for (const p of peers) this.nodes[p].streams[account].push(stream);
      for (let c = 0; c < o.consumersPerStream; c++) {
        const globalIndex = this.consumers.length;
        // A consumer's leader is chosen independently of its stream's (as the server's placement does).
        const consumer = new Consumer(globalIndex, stream, `C${c}`, hashUnit(globalIndex, 7) < o.slowConsumerShare, [...peers], this.random.pick(peers), created + 1 + this.random.next());
        this.catchUp(consumer, stream.lastTs);
        if (consumer.numPending > 0) this.activeConsumers.add(consumer);
        stream.consumers.push(consumer);
        this.consumers.push(consumer);
      }
    }
    for (const node of this.nodes) for (const list of node.streams) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private seedMessages(stream: Stream, now: number): void {
    const count = this.random.int(this.options.initialMessages + 1);
    for (let i = 0; i < count; i++) this.publish(stream, now - 600_000 + i * 1000 + this.random.next());
  }

  /** A fresh consumer has delivered and acknowledged what its stream held (slow ones only part of it). */
  private catchUp(consumer: Consumer, at: number): void {
    const target = consumer.slow ? consumer.stream.lastSeq - Math.floor(consumer.stream.messages / 2) : consumer.stream.lastSeq;
    if (target <= consumer.deliveredStreamSeq) return;
    const n = target - consumer.deliveredStreamSeq;
    consumer.deliveredStreamSeq = consumer.ackStreamSeq = target;
    consumer.deliveredConsumerSeq = consumer.ackConsumerSeq = consumer.deliveredConsumerSeq + n;
    consumer.lastDelivered = consumer.lastAck = at;
    consumer.ops += 2 * n;
  }

  private publish(stream: Stream, at: number): void {
    const bytes = this.options.messageBytes;
    stream.lastSeq += 1;
    if (stream.messages === 0) {
      stream.firstSeq = stream.lastSeq;
      stream.firstTs = at;
    }
    stream.messages += 1;
    stream.bytes += bytes;
    stream.lastTs = at;
    stream.ops += 1;
    this.changed(stream);
    for (const p of stream.peers) {
      const node = this.nodes[p];
      node.inMsgs += 1;
      node.inBytes += bytes;
      if (p === stream.leader) {
        node.outMsgs += stream.peers.length - 1;
        node.outBytes += bytes * (stream.peers.length - 1);
      }
    }
    for (const consumer of stream.consumers) this.activeConsumers.add(consumer);
  }

  /** Marks an asset's prints stale (and its stream's block: a consumer is printed inside its stream's entry). */
  changed(asset: Asset): void {
    asset.version += 1;
    if (asset instanceof Consumer) asset.stream.blockVersion += 1;
    else if (asset instanceof Stream) asset.blockVersion += 1;
  }

  available(node: number): boolean {
    return this.nodes[node].process === "up";
  }

  /** Whether `node`'s replica of `asset` lags (the leader never does). */
  lagging(asset: Asset, node: number): boolean {
    if (asset.leader === node || asset.peers.length < 2 || asset.kind === "meta") return false;
    const lag = this.options.lag;
    if (lag.ops <= 0) return false;
    if (lag.node !== undefined && this.nodes[node].name === lag.node) return true;
    return lag.share > 0 && hashUnit(asset.seed, node) < lag.share;
  }

  // ---- time ----

  advanceTo(t: number): void {
    while (this.now < t) {
      const next = Math.min(t, this.now + STEP_MS, this.nextEventAfter(this.now));
      this.step(next);
    }
  }

  private nextEventAfter(now: number): number {
    let next = Infinity;
    const consider = (at: number) => {
      if (at > now && at < next) next = at;
    };
    consider(this.nextStreamElection);
    consider(this.nextConsumerElection);
    for (const at of this.failoverAt.values()) consider(at);
    for (const asset of this.electing) consider(asset.electionEndsAt);
    return next;
  }

  private step(t: number): void {
    const dt = t - this.now;
    this.publishCarry += (this.options.publishRate * dt) / 1000;
    const publishes = Math.floor(this.publishCarry);
    this.publishCarry -= publishes;
    const hot = this.options.hotStreams > 0 ? Math.min(this.options.hotStreams, this.streams.length) : this.streams.length;
    const spacing = this.streams.length / hot;
    for (let i = 0; i < publishes && this.streams.length; i++) {
      const stream = this.streams[Math.floor(this.random.int(hot) * spacing)];
      // Without a reachable leader the publish fails, as a client's would.
      if (stream.leader !== NO_LEADER && this.available(stream.leader)) {
        this.publish(stream, this.now + ((i + 0.5) * dt) / publishes);
        this.published += 1;
      } else this.failedPublishes += 1;
    }
    this.deliver(t, dt);
    this.now = t;
    this.runEvents(t);
  }

  /** Each active consumer acknowledges what it had delivered, then takes what is new (slow ones a message a second). */
  private deliver(t: number, dt: number): void {
    for (const consumer of this.activeConsumers) {
      if (consumer.leader === NO_LEADER || !this.available(consumer.leader)) continue;
      let changed = false;
      if (consumer.numAckPending > 0) {
        const acked = consumer.numAckPending;
        consumer.ackStreamSeq = consumer.deliveredStreamSeq;
        consumer.ackConsumerSeq = consumer.deliveredConsumerSeq;
        consumer.lastAck = t - this.random.next();
        consumer.ops += acked;
        changed = true;
      }
      let take = consumer.numPending;
      if (consumer.slow) {
        consumer.slowCarry += (SLOW_CONSUMER_MSGS_PER_SEC * dt) / 1000;
        take = Math.min(take, Math.floor(consumer.slowCarry));
        consumer.slowCarry -= take;
        if (consumer.numPending === 0) consumer.slowCarry = 0;
      }
      if (take > 0) {
        consumer.deliveredStreamSeq += take;
        consumer.deliveredConsumerSeq += take;
        consumer.lastDelivered = t - this.random.next();
        consumer.ops += take;
        changed = true;
      }
      if (changed) this.changed(consumer);
      if (consumer.numPending === 0 && consumer.numAckPending === 0) this.activeConsumers.delete(consumer);
    }
  }

  private runEvents(t: number): void {
    for (const [node, at] of this.failoverAt) {
      if (at > t) continue;
      this.failoverAt.delete(node);
      if (this.available(node)) continue;
      for (const asset of this.allAssets()) if (asset.leader === node) this.startElection(asset, t);
    }
    for (const asset of [...this.electing]) if (asset.electionEndsAt <= t) this.finishElection(asset, t);
    if (this.nextStreamElection <= t) {
      this.churn(this.streams, t);
      this.nextStreamElection = t + this.churnInterval(this.options.electionsPerMinute);
    }
    if (this.nextConsumerElection <= t) {
      this.churn(this.consumers, t);
      this.nextConsumerElection = t + this.churnInterval(this.options.consumerElectionsPerMinute);
    }
  }

  private *allAssets(): Iterable<Asset> {
    yield this.meta;
    yield* this.streams;
    yield* this.consumers;
  }

  /** Exponential gaps: elections come as a Poisson process at the configured rate. */
  private churnInterval(perMinute: number): number {
    return perMinute > 0 ? (-Math.log(1 - this.random.next()) * 60_000) / perMinute : NaN;
  }

  private scheduleChurn(): void {
    this.nextStreamElection = this.now + this.churnInterval(this.options.electionsPerMinute);
    this.nextConsumerElection = this.now + this.churnInterval(this.options.consumerElectionsPerMinute);
  }

  private churn(assets: Asset[], t: number): void {
    for (let attempt = 0; attempt < 20 && assets.length > 0; attempt++) {
      const asset = assets[this.random.int(assets.length)];
      if (asset.peers.length > 1 && asset.leader !== NO_LEADER && Number.isNaN(asset.electionEndsAt)) {
        this.startElection(asset, t);
        return;
      }
    }
  }

  /** The leader steps down or is lost: no leader until the election ends. */
  startElection(asset: Asset, t: number): void {
    if (asset.leader !== NO_LEADER) {
      asset.leaderlessSince = t;
      asset.previousLeader = asset.leader;
    }
    asset.leader = NO_LEADER;
    asset.electionEndsAt = t + this.options.leaderlessMs;
    this.electing.add(asset);
    this.changed(asset);
  }

  /** A majority of the replicas elects one of the reachable ones, preferring a new one; without a majority the asset stays leaderless. */
  private finishElection(asset: Asset, t: number): void {
    const live = asset.peers.filter((p) => this.available(p));
    if (live.length < Math.floor(asset.peers.length / 2) + 1) {
      asset.electionEndsAt = Infinity; // waits for a node to come back
      return;
    }
    const preferred = live.filter((p) => p !== asset.previousLeader);
    asset.leader = this.random.pick(preferred.length ? preferred : live);
    asset.leaderSince = t;
    asset.electionEndsAt = NaN;
    asset.leaderlessSince = NaN;
    this.electing.delete(asset);
    this.changed(asset);
  }

  // ---- node processes ----

  /** SIGSTOP (`hung`) or kill -9 (`down`): peers stop hearing from the node and, after `failoverMs`, elect new leaders for what it led. */
  setProcess(nodeName: string, process: NodeProcess, t = this.now): void {
    const node = this.node(nodeName);
    if (node.process === process) return;
    const wasUp = node.process === "up";
    node.process = process;
    node.processSince = t;
    if (process === "up") {
      this.failoverAt.delete(node.index);
      for (const asset of this.assetsOn(node.index)) {
        asset.opsWhenLost[asset.peers.indexOf(node.index)] = NaN;
        this.changed(asset);
        // An election that lacked a majority can now end.
        if (asset.electionEndsAt === Infinity) asset.electionEndsAt = t;
      }
      this.runEvents(t);
      return;
    }
    if (wasUp) {
      for (const asset of this.assetsOn(node.index)) {
        asset.opsWhenLost[asset.peers.indexOf(node.index)] = asset.ops;
        this.changed(asset);
      }
      this.failoverAt.set(node.index, t + this.options.failoverMs);
    }
  }

  /** A killed node starts again (a new process: uptime and traffic counters from zero). */
  restart(nodeName: string, t = this.now): void {
    const node = this.node(nodeName);
    node.startedAt = t;
    node.inMsgs = node.inBytes = node.outMsgs = node.outBytes = 0;
    node.httpRequests.clear();
    this.setProcess(nodeName, "up", t);
  }

  private *assetsOn(node: number): Iterable<Asset> {
    for (const asset of this.allAssets()) if (asset.hostedOn(node)) yield asset;
  }

  node(name: string): SimNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node "${name}" (have ${this.nodes.map((n) => n.name).join(", ")})`);
    return node;
  }

  // ---- knobs that change at run time ----

  setPublishRate(perSecond: number, hotStreams = this.options.hotStreams): void {
    if (!(perSecond >= 0)) throw new Error(`publish rate must be ≥ 0, got ${perSecond}`);
    if (!(Number.isInteger(hotStreams) && hotStreams >= 0)) throw new Error(`hot streams must be an integer ≥ 0, got ${hotStreams}`);
    this.options.publishRate = perSecond;
    this.options.hotStreams = hotStreams;
  }

  setChurn(electionsPerMinute: number, consumerElectionsPerMinute = this.options.consumerElectionsPerMinute): void {
    this.options.electionsPerMinute = electionsPerMinute;
    this.options.consumerElectionsPerMinute = consumerElectionsPerMinute;
    this.scheduleChurn();
  }

  setLag(lag: LagOptions): void {
    if (lag.node !== undefined) this.node(lag.node);
    this.options.lag = { ...lag };
    this.epoch += 1;
  }

  /** Moves an asset's leadership now, as a stepdown would (with the leaderless gap). */
  stepDown(asset: Asset): void {
    this.startElection(asset, this.now);
  }
}

function validate(o: ClusterOptions): void {
  const positive = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`);
  };
  positive("nodes", o.nodes, 1);
  positive("streams", o.streams, 0);
  positive("consumersPerStream", o.consumersPerStream, 0);
  positive("replicas", o.replicas, 1);
  positive("accounts", o.accounts, 1);
  if (o.replicas > o.nodes) throw new Error(`replicas (${o.replicas}) cannot exceed nodes (${o.nodes})`);
  if (o.replicas > 5) throw new Error("replicas must be at most 5, as on a real server");
  for (const [name, value] of Object.entries({ publishRate: o.publishRate, electionsPerMinute: o.electionsPerMinute, consumerElectionsPerMinute: o.consumerElectionsPerMinute, leaderlessMs: o.leaderlessMs, failoverMs: o.failoverMs })) {
    if (!(value >= 0)) throw new Error(`${name} must be ≥ 0, got ${value}`);
  }
  if (!(o.lag.share >= 0 && o.lag.share <= 1)) throw new Error(`lag share must be within 0…1, got ${o.lag.share}`);
}
