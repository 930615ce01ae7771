/**
 * What one simulated node answers on its monitoring port: `/varz`, `/jsz` with the options a real
 * server reads (per version), `/healthz`, `/connz`, as the real handlers do (status codes, error
 * texts, pretty-printed JSON; `/healthz` compact). Answers are stitched from the cached prints of
 * `EntityPrints`; only the top of each answer is printed per request.
 */
import { quorumOf } from "../../lib/model/assets";
import { AnswerWriter } from "./answer-writer";
import { NO_LEADER, type ClusterState, type SimNode, type Stream } from "./cluster-state";
import { DEPTH, EntityPrints, SLOT } from "./entity-prints";
import { compile, goString, indent, marshalCompact, marshalIndent, Slot, UINT64_MAX } from "./go-json";
import { goTime, goTimeFullNanos, goUptime, natsHash } from "./identity";
import { Random } from "./random";
import { ACTIVE_DIGITS, type Block, NOW_JSON_BYTES, StreamBlocks } from "./stream-blocks";
import { fill, known, type JsonObject, type Templates } from "./templates";
import type { VersionBehaviour } from "./versions";

export interface Answer {
  status: number;
  contentType: string;
  body: Buffer[];
  /** The real handler panics on this request: net/http recovers and drops the connection, no answer. */
  panic?: boolean;
  /** Call once `body` is sent: its buffers go back to the pool. */
  release?: () => void;
}

const ACTIVE_POOL_SIZE = 4096;
const DEFAULT_ACCOUNT_LIMIT = 1024;
const DEFAULT_CONNZ_LIMIT = 1024;
const BASE_RSS_BYTES = 40 * 1024 * 1024;
const RSS_BYTES_PER_ASSET = 24 * 1024;
const PORTS = { client: 14222, route: 16222, websocket: 15222 } as const;

const text = (status: number, body: string): Answer => ({ status, contentType: "text/plain; charset=utf-8", body: [Buffer.from(body)] });
const json = (status: number, body: string): Answer => ({ status, contentType: "application/json", body: [Buffer.from(body)] });

class BadRequest extends Error {}

/** Go's strconv.ParseBool. */
function parseGoBool(param: string, value: string | null): boolean {
  if (value === null || value === "") return false;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw new BadRequest(`Error decoding boolean for '${param}': strconv.ParseBool: parsing ${goString(value)}: invalid syntax`);
}

/** Go's strconv.Atoi. */
function parseGoInt(param: string, value: string | null): number {
  if (value === null || value === "") return 0;
  if (!/^[+-]?\d+$/.test(value)) throw new BadRequest(`Error decoding int for '${param}': strconv.Atoi: parsing ${goString(value)}: invalid syntax`);
  return Number(value);
}

export interface JszOptions {
  acc: string;
  accounts: boolean;
  streams: boolean;
  consumers: boolean;
  config: boolean;
  leaderOnly: boolean;
  streamLeaderOnly: boolean;
  offset: number;
  limit: number;
}

/** The query as the version's HandleJsz decodes it, in its order (the first bad value is the 400). */
export function parseJszQuery(query: URLSearchParams, behaviour: VersionBehaviour): JszOptions {
  const bool = (name: string) => parseGoBool(name, query.get(name));
  const accounts = bool("accounts");
  const streams = bool("streams");
  const consumers = bool("consumers");
  if (behaviour.jszDirectConsumersOption) bool("direct-consumers");
  const config = bool("config");
  const offset = parseGoInt("offset", query.get("offset"));
  const limit = parseGoInt("limit", query.get("limit"));
  const leaderOnly = bool("leader-only");
  if (behaviour.jszRaftOption) bool("raft");
  const streamLeaderOnly = behaviour.streamLeaderOnly ? bool("stream-leader-only") : false;
  return { acc: query.get("acc") ?? "", accounts, streams, consumers, config, leaderOnly, streamLeaderOnly, offset, limit };
}

/** Separators of a pretty-printed array that is an object member at `depth`. */
function arraySeparators(key: string, depth: number) {
  return {
    open: Buffer.from(`,\n${indent(depth + 1)}${goString(key)}: [`),
    first: Buffer.from(`\n${indent(depth + 2)}`),
    next: Buffer.from(`,\n${indent(depth + 2)}`),
    close: Buffer.from(`\n${indent(depth + 1)}]`),
  };
}

const ACCOUNTS_SEP = arraySeparators("account_details", 0);
// Read once: an imported binding is a getter call on every use, and these are read per entity.
const { NOW, ACTIVE, SINCE, ACCOUNTS, STREAMS, STREAM_CONFIG, CONSUMERS, CONSUMER_CONFIG } = SLOT;
const NOW_SLOT = new Slot(SLOT.NOW);
const ACCOUNTS_SLOT = new Slot(SLOT.ACCOUNTS, 0, true);
const STREAMS_SEP = arraySeparators("stream_detail", DEPTH.account);
const CONSUMERS_SEP = arraySeparators("consumer_detail", DEPTH.stream);

export class NodeAnswers {
  readonly prints: EntityPrints;
  private readonly blocks: StreamBlocks;
  private readonly activePool: Buffer[];
  private readonly random: Random;
  /** Account indexes in the order an old server's map iteration gave them (before 2.10.28 page 1 was unsorted). */
  private readonly mapOrder: number[];

  constructor(
    private readonly state: ClusterState,
    private readonly t: Templates,
    private readonly behaviour: VersionBehaviour,
  ) {
    this.prints = new EntityPrints(state, t, behaviour);
    this.blocks = new StreamBlocks(this.prints, state);
    this.random = new Random(state.options.seed + 17);
    // Replicas heard from within the last second: heartbeats and traffic.
    const smallest = 10 ** (ACTIVE_DIGITS - 1);
    this.activePool = Array.from({ length: ACTIVE_POOL_SIZE }, () => Buffer.from(String(smallest + this.random.int(9 * smallest))));
    this.mapOrder = this.random.shuffle(state.accounts.map((_, i) => i));
  }

  answer(node: SimNode, pathname: string, query: URLSearchParams, now: number): Answer {
    const count = (path: string) => node.httpRequests.set(path, (node.httpRequests.get(path) ?? 0) + 1);
    try {
      switch (pathname) {
        case "/varz":
          count("/varz");
          return this.varz(node, now);
        case "/jsz":
          count("/jsz");
          return this.jsz(node, parseJszQuery(query, this.behaviour), now);
        case "/healthz":
          count("/healthz");
          return this.healthz(node, query);
        case "/connz":
          count("/connz");
          return this.connz(node, query, now);
        default:
          return text(404, "404 page not found\n");
      }
    } catch (error) {
      if (error instanceof BadRequest) return text(400, error.message);
      throw error;
    }
  }

  // ---- /jsz ----

  /** Which accounts `account_details` lists, as the version's `Jsz()` picks them; null when the handler would panic. */
  selectAccounts(opts: JszOptions): number[] | null {
    const all = this.mapOrder;
    const named = all.find((i) => this.state.accounts[i] === opts.acc);
    const byName = (list: number[]) => [...list].sort((a, b) => (this.state.accounts[a] < this.state.accounts[b] ? -1 : 1));
    let accounts = opts.accounts;
    if (this.behaviour.jszClampsOffset) {
      if (opts.streams && opts.acc === "") accounts = true;
      if (named !== undefined) return [named];
      if (!accounts) return [];
      const offset = Math.max(0, opts.offset);
      const limit = opts.limit === 0 ? DEFAULT_ACCOUNT_LIMIT : opts.limit;
      if (limit < 0) return [...all];
      return byName(all).slice(Math.min(offset, all.length)).slice(0, limit);
    }
    if (opts.streams) accounts = true;
    if (named !== undefined) return [named];
    if (!accounts) return [];
    const limit = opts.limit === 0 ? DEFAULT_ACCOUNT_LIMIT : opts.limit;
    let list = [...all];
    if (opts.offset !== 0) {
      if (opts.offset < 0) return null; // accounts[negative:]
      list = opts.offset > list.length ? [] : byName(list).slice(opts.offset);
    }
    if (limit < list.length) {
      if (limit < 0) return null; // accounts[:negative]
      list = list.slice(0, limit);
    }
    return list;
  }

  private hostedTotals(node: SimNode) {
    let streams = 0;
    let consumers = 0;
    let messages = 0;
    let bytes = 0;
    let replicated = 0;
    const messageBytes = this.state.options.messageBytes;
    for (const list of node.streams) {
      for (const stream of list) {
        const behind = this.prints.behind(stream, node.index);
        streams += 1;
        consumers += stream.consumers.length;
        messages += stream.messages - behind;
        bytes += stream.bytes - behind * messageBytes;
        if (stream.peers.length > 1) replicated += 1 + stream.consumers.length;
      }
    }
    return { streams, consumers, messages, bytes, haAssets: replicated + (this.state.nodes.length > 1 ? 1 : 0) };
  }

  private metaView(node: SimNode, template: JsonObject): JsonObject {
    const meta = this.state.meta;
    const leader = meta.leader === NO_LEADER ? "" : this.state.nodes[meta.leader].name;
    return fill(
      template,
      known(template, {
        name: this.state.options.clusterName,
        leader: leader || undefined,
        peer: leader || !this.behaviour.metaPeersOnEveryServer ? natsHash(leader) : undefined,
        replicas: meta.leader === node.index || this.behaviour.metaPeersOnEveryServer ? this.prints.peersView(meta, node.index) : undefined,
        cluster_size: this.state.nodes.length,
        // Kept only where the captured version prints it (2.15+); a rescue is never simulated.
        quorum_needed: quorumOf(this.state.nodes.length),
        pending: 0,
        pending_requests: 0,
        pending_infos: 0,
      }),
    );
  }

  private jetStreamConfig(node: SimNode, template: JsonObject): JsonObject {
    return { ...template, store_dir: `/data/nats/${node.name}/jetstream` };
  }

  private jsz(node: SimNode, query: JszOptions, now: number): Answer {
    // Jsz(): consumers cannot be listed without their streams.
    const opts = { ...query, streams: query.streams || query.consumers };
    if (opts.leaderOnly && this.state.meta.leader !== node.index) return text(400, "filtered response: not leader");
    const selected = this.selectAccounts(opts);
    if (selected === null) return { status: 0, contentType: "", body: [], panic: true };
    const totals = this.hostedTotals(node);
    const t = this.t.jsz;
    const top = fill(
      t,
      known(t, {
        memory: 0,
        storage: totals.bytes,
        reserved_memory: 0,
        reserved_storage: 0,
        accounts: this.state.accounts.length,
        ha_assets: totals.haAssets,
        api: fill(t.api as JsonObject, { total: totals.streams + totals.consumers, errors: 0 }),
        server_id: node.serverId,
        now: NOW_SLOT,
        config: this.jetStreamConfig(node, t.config as JsonObject),
        streams: totals.streams,
        consumers: totals.consumers,
        messages: totals.messages,
        bytes: totals.bytes,
        meta_cluster: this.state.nodes.length > 1 ? this.metaView(node, this.t.metaCluster) : undefined,
        account_details: selected.length ? ACCOUNTS_SLOT : undefined,
        total: this.state.accounts.length,
      }),
    );
    const out = new AnswerWriter();
    const nowJson = Buffer.from(goString(goTimeFullNanos(now + this.random.next())));
    if (nowJson.length !== NOW_JSON_BYTES) throw new Error(`a time of unexpected width: ${nowJson.toString()}`);
    const salt = this.random.int(ACTIVE_POOL_SIZE);
    const streamsOf = (account: number): Stream[] => {
      const hosted = opts.streams ? node.streams[account] : [];
      return opts.streamLeaderOnly ? hosted.filter((s) => s.leader === node.index) : hosted;
    };
    const writeList = <T>(items: T[], sep: ReturnType<typeof arraySeparators>, writeItem: (item: T) => void) => {
      if (!items.length) return; // omitempty
      out.bytes(sep.open);
      items.forEach((item, i) => {
        out.bytes(i === 0 ? sep.first : sep.next);
        writeItem(item);
      });
      out.bytes(sep.close);
    };
    const writeSlot = (slot: Slot): void => {
      switch (slot.kind) {
        case NOW:
          out.bytes(nowJson);
          return;
        case ACTIVE:
          out.bytes(this.activePool[(slot.arg + salt) & (ACTIVE_POOL_SIZE - 1)]);
          return;
        case SINCE:
          out.ascii(String(Math.max(0, Math.round((now - slot.arg) * 1e6))));
          return;
        case ACCOUNTS: {
          const storage = this.accountStorage();
          writeList(selected, ACCOUNTS_SEP, (account) => out.fragment(compile(this.accountView(account, storage[account]), DEPTH.account), writeSlot));
          return;
        }
        case STREAMS:
          writeList(streamsOf(slot.arg), STREAMS_SEP, (stream) => {
            const block = this.blocks.get(stream, node.index, opts.config, opts.consumers);
            if (!block) out.fragment(this.prints.stream(stream, node.index), writeSlot);
            else {
              this.patch(block, salt, nowJson);
              out.bytes(block.bytes);
            }
          });
          return;
        case STREAM_CONFIG:
          if (opts.config) out.fragment(this.prints.streamConfig(this.state.streams[slot.arg]), writeSlot);
          return;
        case CONSUMERS:
          if (opts.consumers) writeList(this.state.streams[slot.arg].consumers, CONSUMERS_SEP, (c) => out.fragment(this.prints.consumer(c, node.index), writeSlot));
          return;
        case CONSUMER_CONFIG:
          if (opts.config) out.fragment(this.prints.consumerConfig(this.state.consumers[slot.arg]), writeSlot);
          return;
        default:
          throw new Error(`unknown slot ${slot.kind}`);
      }
    };
    out.fragment(compile(top, 0), writeSlot);
    return { status: 200, contentType: "application/json", body: out.finish(), release: () => out.release() };
  }

  /** Bytes stored per account over the whole cluster, every replica counted (what `account_details[].storage` says on every node). */
  private accountStorage(): number[] {
    const storage = this.state.accounts.map(() => 0);
    for (const stream of this.state.streams) storage[stream.account] += stream.bytes * stream.peers.length;
    return storage;
  }

  /** Puts this answer's moving values into a block (answers are built one at a time, so the block is ours until copied). */
  private patch(block: Block, salt: number, nowJson: Buffer): void {
    const { bytes, patchAt, patchKind, patchArg } = block;
    for (let i = 0; i < patchAt.length; i++) {
      bytes.set(patchKind[i] === NOW ? nowJson : this.activePool[(patchArg[i] + salt) & (ACTIVE_POOL_SIZE - 1)], patchAt[i]);
    }
  }

  private accountView(account: number, storage: number): JsonObject {
    const t = this.t.account;
    return fill(
      t,
      known(t, {
        name: this.state.accounts[account],
        id: this.state.accounts[account],
        memory: 0,
        storage,
        // An account without explicit limits: uint64(-1).
        reserved_memory: UINT64_MAX,
        reserved_storage: UINT64_MAX,
        stream_detail: new Slot(SLOT.STREAMS, account, true),
      }),
    );
  }

  // ---- /varz, /healthz, /connz ----

  private varz(node: SimNode, now: number): Answer {
    const t = this.t.varz;
    const nodes = this.state.nodes;
    const others = nodes.filter((n) => n !== node);
    const totals = this.hostedTotals(node);
    const uptimeMs = now - node.startedAt;
    // Raft heartbeats and route traffic run even when no client publishes.
    const background = Math.floor(uptimeMs / 1000) * (totals.haAssets + 1);
    const js = t.jetstream as JsonObject;
    const stats = js.stats as JsonObject;
    const fixtureRoutesPerPeer = Math.max(1, Math.round((t.routes as number) / Math.max(1, (t.remotes as number) || 2)));
    const started = goTime(node.startedAt);
    const varz = fill(
      t,
      known(t, {
        server_id: node.serverId,
        server_name: node.name,
        host: "127.0.0.1",
        port: PORTS.client + node.index,
        connect_urls: nodes.map((n) => `127.0.0.1:${PORTS.client + n.index}`),
        ws_connect_urls: nodes.map((n) => `127.0.0.1:${PORTS.websocket + n.index}`),
        http_host: "127.0.0.1",
        http_port: this.httpPorts[node.index] ?? 0,
        cluster: { ...(t.cluster as JsonObject), name: this.state.options.clusterName, urls: others.map((n) => `127.0.0.1:${PORTS.route + n.index}`) },
        websocket: { ...(t.websocket as JsonObject), port: PORTS.websocket + node.index },
        jetstream: fill(js, {
          config: this.jetStreamConfig(node, js.config as JsonObject),
          stats: fill(stats, known(stats, { memory: 0, storage: totals.bytes, accounts: this.state.accounts.length, ha_assets: totals.haAssets, api: fill(stats.api as JsonObject, { total: totals.streams + totals.consumers, errors: 0 }) })),
          meta: nodes.length > 1 ? this.metaView(node, js.meta as JsonObject) : undefined,
        }),
        start: started,
        now: goTime(now + this.random.next()),
        uptime: goUptime(uptimeMs),
        mem: BASE_RSS_BYTES + RSS_BYTES_PER_ASSET * (totals.streams + totals.consumers),
        cpu: Math.round((1 + this.random.next() * 4) * 100) / 100,
        connections: 0,
        total_connections: 0,
        routes: fixtureRoutesPerPeer * others.length,
        remotes: others.length,
        in_msgs: node.inMsgs + background,
        in_bytes: node.inBytes + background * 120,
        out_msgs: node.outMsgs + background,
        out_bytes: node.outBytes + background * 120,
        in_client_msgs: Math.floor(node.inMsgs / this.state.options.replicas),
        in_client_bytes: Math.floor(node.inBytes / this.state.options.replicas),
        out_client_msgs: 0,
        out_client_bytes: 0,
        subscriptions: 200 + totals.streams + totals.consumers,
        // Go prints a map with its keys sorted.
        http_req_stats: Object.fromEntries([...node.httpRequests].sort(([a], [b]) => (a < b ? -1 : 1))),
        config_load_time: started,
      }),
    );
    // The meta leader's copy lists the meta peers, whose `active` moves between answers.
    const out = new AnswerWriter();
    const salt = this.random.int(ACTIVE_POOL_SIZE);
    out.fragment(compile(varz, 0), (slot, o) => {
      if (slot.kind === ACTIVE) o.bytes(this.activePool[(slot.arg + salt) & (ACTIVE_POOL_SIZE - 1)]);
      else if (slot.kind === SINCE) o.ascii(String(Math.max(0, Math.round((now - slot.arg) * 1e6))));
      else throw new Error(`unexpected slot ${slot.kind} in /varz`);
    });
    return { status: 200, contentType: "application/json", body: out.finish(), release: () => out.release() };
  }

  /** Set by the server once it listens: /varz reports the node's own monitoring port. */
  httpPorts: number[] = [];

  private healthz(node: SimNode, query: URLSearchParams): Answer {
    const bool = (name: string) => parseGoBool(name, query.get(name));
    bool("js-enabled");
    const enabledOnly = bool("js-enabled-only");
    bool("js-server-only");
    if (this.behaviour.healthzJsMetaOnly) bool("js-meta-only");
    if (this.behaviour.healthzDetails) bool("details");
    if (!enabledOnly && this.state.meta.leader === NO_LEADER) {
      return json(503, marshalCompact({ status: "unavailable", error: "JetStream has not established contact with a meta leader" }));
    }
    return json(200, marshalCompact({ ...this.t.healthz, status: "ok" }));
  }

  private connz(node: SimNode, query: URLSearchParams, now: number): Answer {
    const offset = parseGoInt("offset", query.get("offset"));
    const limit = parseGoInt("limit", query.get("limit")) || DEFAULT_CONNZ_LIMIT;
    // No client connections are simulated: the answer is the empty list a quiet server gives.
    return json(200, marshalIndent({ server_id: node.serverId, now: goTime(now + this.random.next()), num_connections: 0, total: 0, offset, limit, connections: [] }));
  }
}
