/**
 * What a collector keeps of its recent cycles in memory, for the live charts: the cluster's
 * throughput of the last cycles, and streams, replica lag and consumers over 15 minutes at a
 * coarse step (the history store keeps the long run).
 */
import { consumerKey, replicaKey, replicaNodeOf, streamKey } from "../model/assets";
import { RecentSeries } from "../model/recent-series";
import type { AssetHistory, ConsumerSample, MergedSnapshot, StreamSample, ThroughputSample } from "../model/types";

const HISTORY_WINDOW_MS = 15 * 60_000;
const MIN_HISTORY_STEP_MS = 10_000;
const STREAM_FIELDS = ["messages", "bytes", "msgsPerSec"] as const;
const CONSUMER_FIELDS = ["numPending", "numAckPending", "numRedelivered", "numWaiting", "ackPerSec"] as const;

export class RecentCycles {
  private readonly stepMs: number;
  private lastAt = 0;
  private readonly streams: RecentSeries<(typeof STREAM_FIELDS)[number]>;
  private readonly replicaLag: RecentSeries<"lag">;
  private readonly consumers: RecentSeries<(typeof CONSUMER_FIELDS)[number]>;
  private readonly throughputs: ThroughputSample[] = [];

  constructor(
    pollIntervalMs: number,
    /** Throughput samples kept (config `recentSamples`). */
    private readonly throughputLimit: number,
  ) {
    this.stepMs = Math.max(MIN_HISTORY_STEP_MS, pollIntervalMs);
    const capacity = Math.ceil(HISTORY_WINDOW_MS / this.stepMs);
    this.streams = new RecentSeries(STREAM_FIELDS, capacity);
    this.replicaLag = new RecentSeries(["lag"] as const, capacity);
    this.consumers = new RecentSeries(CONSUMER_FIELDS, capacity);
  }

  record(snapshot: MergedSnapshot): void {
    if (snapshot.throughput) {
      this.throughputs.push(snapshot.throughput);
      if (this.throughputs.length > this.throughputLimit) this.throughputs.splice(0, this.throughputs.length - this.throughputLimit);
    }
    const at = Date.parse(snapshot.collectedAt);
    if (at - this.lastAt < this.stepMs) return;
    this.lastAt = at;
    this.streams.record(
      at,
      snapshot.streams.map((s) => [streamKey(s), { messages: s.messages, bytes: s.bytes, msgsPerSec: s.msgsPerSec }]),
    );
    this.replicaLag.record(
      at,
      snapshot.streams.flatMap((s) => (s.replicas ?? []).map((r) => [replicaKey(s, r.name), { lag: r.lag }] as [string, { lag: number }])),
    );
    this.consumers.record(
      at,
      snapshot.consumers.map((c) => [
        consumerKey(c),
        { numPending: c.numPending, numAckPending: c.numAckPending, numRedelivered: c.numRedelivered, numWaiting: c.numWaiting, ackPerSec: c.ackPerSec },
      ]),
    );
  }

  throughput(): ThroughputSample[] {
    return [...this.throughputs];
  }

  stream(account: string, name: string): AssetHistory<StreamSample> | null {
    const stream = { account, name };
    const points = this.streams.read(streamKey(stream));
    if (!points) return null;
    const replicas = [...this.replicaLag.keys()].flatMap((k) => {
      const node = replicaNodeOf(stream, k);
      return node === null ? [] : [[node, this.replicaLag.read(k) ?? []] as const];
    });
    return {
      stepMs: this.stepMs,
      samples: points.map((p, i) => ({
        at: new Date(p.at).toISOString(),
        messages: p.values.messages,
        bytes: p.values.bytes,
        msgsPerSec: p.values.msgsPerSec,
        replicaLag: Object.fromEntries(
          replicas.map(([node, lag]) => [node, lag[i]?.values.lag]).filter((e): e is [string, number] => typeof e[1] === "number"),
        ),
      })),
    };
  }

  consumer(account: string, stream: string, name: string): AssetHistory<ConsumerSample> | null {
    const points = this.consumers.read(consumerKey({ account, stream, name }));
    if (!points) return null;
    return { stepMs: this.stepMs, samples: points.map((p) => ({ at: new Date(p.at).toISOString(), ...p.values })) };
  }
}
