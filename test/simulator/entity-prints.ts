/**
 * Each node's view of each stream and consumer: a real server reports a replicated asset
 * differently on its leader and on each follower (the replica list excludes the answering node,
 * followers see their peers per version rules, consumer counters are the leader's own). What moves
 * on every request (`active`, `ts`) is left as slots, configs as member slots: configs are printed
 * once and shared by every node; the rest is kept printed by StreamBlocks.
 */
import { NO_LEADER, type Asset, type ClusterState, type Consumer, type Stream } from "./cluster-state";
import { compile, compileMember, type Fragment, Slot } from "./go-json";
import { GO_ZERO_TIME, goTime } from "./identity";
import { fill, known, type JsonObject, type Templates } from "./templates";
import type { VersionBehaviour } from "./versions";

export const SLOT = {
  /** The answer's time (`now`, a consumer's `ts`). */
  NOW: 1,
  /** ns since a replica was last heard from, when it is heard from regularly: a value that moves between answers. */
  ACTIVE: 2,
  /** ns since the time in `arg` (ms): a peer that stopped answering. */
  SINCE: 3,
  ACCOUNTS: 4,
  STREAMS: 5,
  STREAM_CONFIG: 6,
  CONSUMERS: 7,
  CONSUMER_CONFIG: 8,
} as const;

/** Nesting depth of each entity in a /jsz answer (top → account_details[] → stream_detail[] → consumer_detail[]). */
export const DEPTH = { account: 2, stream: 4, consumer: 6 } as const;

// Go struct field order for fields a capture may not show (json tags of PeerInfo, StreamState, ClusterInfo, SequenceInfo).
const PEER_ORDER = ["name", "current", "offline", "active", "lag", "peer"];
const STATE_ORDER = ["messages", "bytes", "first_seq", "first_ts", "last_seq", "last_ts", "num_subjects", "subjects", "num_deleted", "deleted", "lost", "consumer_count"];
const SEQUENCE_ORDER = ["consumer_seq", "stream_seq", "last_active"];
export class EntityPrints {
  private readonly streamConfigs: (Fragment | undefined)[];
  private readonly consumerConfigs: (Fragment | undefined)[];
  private readonly nodeNames: string[];

  constructor(
    private readonly state: ClusterState,
    private readonly t: Templates,
    private readonly behaviour: VersionBehaviour,
  ) {
    this.streamConfigs = new Array(state.streams.length);
    this.consumerConfigs = new Array(state.consumers.length);
    this.nodeNames = state.nodes.map((n) => n.name);
  }

  stream(stream: Stream, node: number): Fragment {
    return compile(this.streamView(stream, node), DEPTH.stream);
  }

  consumer(consumer: Consumer, node: number): Fragment {
    return compile(this.consumerView(consumer, node), DEPTH.consumer);
  }

  streamConfig(stream: Stream): Fragment {
    return (this.streamConfigs[stream.index] ??= compileMember("config", this.streamConfigView(stream), DEPTH.stream));
  }

  consumerConfig(consumer: Consumer): Fragment {
    return (this.consumerConfigs[consumer.globalIndex] ??= compileMember("config", this.consumerConfigView(consumer), DEPTH.consumer));
  }

  // ---- views ----

  /** `cluster.replicas` as `viewer` reports them: every other peer, sorted by name. */
  peersView(asset: Asset, viewer: number): JsonObject[] {
    const state = this.state;
    const oldFollowerView = !this.behaviour.followerPeersUnknown;
    const peers = asset.peers.filter((p) => p !== viewer).sort((a, b) => (this.nodeNames[a] < this.nodeNames[b] ? -1 : 1));
    return peers.map((p, position) => {
      const node = state.nodes[p];
      const active = new Slot(SLOT.ACTIVE, asset.seed * 8 + position);
      const lost = new Slot(SLOT.SINCE, node.processSince);
      let view: { current: boolean; active: unknown; lag?: number };
      if (asset.leader === viewer) {
        const lostAtOps = asset.opsWhenLost[asset.peers.indexOf(p)];
        if (!state.available(p)) view = { current: false, active: lost, lag: asset.ops - lostAtOps || undefined };
        else if (state.lagging(asset, p)) view = { current: false, active, lag: state.options.lag.ops };
        else view = { current: true, active };
      } else if (asset.leader === NO_LEADER) {
        view = { current: false, active: Number.isNaN(asset.leaderlessSince) ? 0 : new Slot(SLOT.SINCE, asset.leaderlessSince) };
      } else if (p === asset.leader) {
        // A follower sees the leader as current while it hears from it; before 2.12.5/2.14.0 with its own stale lag.
        view = state.available(p) ? { current: true, active } : { current: false, active: lost };
        if (oldFollowerView) view.lag = asset.ops || undefined;
      } else {
        view = { current: false, active: 0 };
        if (oldFollowerView) view.lag = asset.ops || undefined;
      }
      return fill(this.t.peer, { name: node.name, current: view.current, active: view.active, lag: view.lag, peer: node.peer }, PEER_ORDER);
    });
  }

  clusterView(asset: Asset, viewer: number): JsonObject {
    const name = this.state.options.clusterName;
    if (asset.peers.length === 1) return fill(this.t.clusterR1, known(this.t.clusterR1, { name, leader: this.nodeNames[asset.peers[0]] }));
    const leads = asset.leader === viewer;
    return fill(
      this.t.cluster,
      known(this.t.cluster, {
        name,
        raft_group: asset.raftGroup,
        leader: asset.leader === NO_LEADER ? undefined : this.nodeNames[asset.leader],
        // Only the leader's own report says since when it leads.
        leader_since: leads ? goTime(asset.leaderSince) : undefined,
        replicas: this.peersView(asset, viewer),
      }),
    );
  }

  /** How far `viewer`'s copy of the stream is behind the leader's: a lagging follower by the lag. */
  behind(stream: Stream, viewer: number): number {
    return this.state.lagging(stream, viewer) ? Math.min(this.state.options.lag.ops, stream.messages) : 0;
  }

  /** The stream's state as `viewer` holds it. */
  stateView(stream: Stream, viewer: number): JsonObject {
    const behind = this.behind(stream, viewer);
    const messages = stream.messages - behind;
    const lastSeq = stream.lastSeq - behind;
    return fill(
      this.t.streamState,
      known(this.t.streamState, {
        messages,
        bytes: stream.bytes - behind * this.state.options.messageBytes,
        first_seq: messages > 0 ? stream.firstSeq : lastSeq > 0 ? lastSeq + 1 : 0,
        first_ts: messages > 0 ? goTime(stream.firstTs) : GO_ZERO_TIME,
        last_seq: lastSeq,
        last_ts: lastSeq > 0 ? goTime(stream.lastTs) : GO_ZERO_TIME,
        // One subject per consumer (omitempty when none).
        num_subjects: messages > 0 ? Math.min(messages, Math.max(1, stream.consumers.length)) : undefined,
        consumer_count: stream.consumers.length,
      }, STATE_ORDER),
      STATE_ORDER,
    );
  }

  streamView(stream: Stream, viewer: number): JsonObject {
    return fill(
      this.t.stream,
      known(this.t.stream, {
        name: stream.name,
        created: stream.createdText,
        cluster: this.clusterView(stream, viewer),
        config: new Slot(SLOT.STREAM_CONFIG, stream.index, true),
        state: this.stateView(stream, viewer),
        consumer_detail: new Slot(SLOT.CONSUMERS, stream.index, true),
      }),
    );
  }

  private sequence(consumerSeq: number, streamSeq: number, lastActive: number): JsonObject {
    return fill(this.t.sequence, { consumer_seq: consumerSeq, stream_seq: streamSeq, last_active: Number.isNaN(lastActive) ? undefined : goTime(lastActive) }, SEQUENCE_ORDER);
  }

  /** Counters as `viewer` reports them: the leader's own; a follower's per version (see VersionBehaviour). */
  counters(consumer: Consumer, viewer: number): JsonObject {
    const b = this.behaviour;
    if (consumer.leader === viewer || b.followerConsumerFromStore) {
      const leads = consumer.leader === viewer;
      const streamLastSeq = consumer.stream.lastSeq - this.behind(consumer.stream, viewer);
      return {
        delivered: this.sequence(consumer.deliveredConsumerSeq, consumer.deliveredStreamSeq, consumer.lastDelivered),
        ack_floor: this.sequence(consumer.ackConsumerSeq, consumer.ackStreamSeq, consumer.lastAck),
        num_ack_pending: consumer.numAckPending,
        num_redelivered: consumer.numRedelivered,
        // Pull requests wait on the leader only; a caught-up healthy consumer has one waiting.
        num_waiting: leads && !consumer.slow && consumer.numPending === 0 ? 1 : 0,
        num_pending: leads ? consumer.numPending : b.followerNumPendingZero ? 0 : Math.max(0, streamLastSeq - consumer.deliveredStreamSeq),
      };
    }
    // Before 2.9.17 a follower tracked no deliveries: nothing delivered, everything pending.
    return {
      delivered: this.sequence(0, 0, consumer.lastDelivered),
      ack_floor: this.sequence(0, 0, consumer.lastAck),
      num_ack_pending: 0,
      num_redelivered: 0,
      num_waiting: 0,
      num_pending: consumer.stream.messages,
    };
  }

  consumerView(consumer: Consumer, viewer: number): JsonObject {
    return fill(
      this.t.consumer,
      known(this.t.consumer, {
        stream_name: consumer.stream.name,
        name: consumer.name,
        created: consumer.createdText,
        config: new Slot(SLOT.CONSUMER_CONFIG, consumer.globalIndex, true),
        ...this.counters(consumer, viewer),
        cluster: this.clusterView(consumer, viewer),
        ts: new Slot(SLOT.NOW),
      }),
    );
  }

  streamConfigView(stream: Stream): JsonObject {
    return fill(
      this.t.streamConfig,
      known(this.t.streamConfig, { name: stream.name, subjects: [`${stream.name}.>`], retention: "limits", num_replicas: stream.peers.length }),
    );
  }

  consumerConfigView(consumer: Consumer): JsonObject {
    return fill(
      this.t.consumerConfig,
      known(this.t.consumerConfig, { durable_name: consumer.name, name: consumer.name, filter_subject: `${consumer.stream.name}.>` }),
    );
  }
}
