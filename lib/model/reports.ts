/**
 * Each node's /jsz as the merge reads it, taken out of the answer as soon as it is parsed: for every
 * stream and consumer the node hosts, its key, the leader the node names, its creation time and
 * config, and the node's own figures only where the node is that leader (design.md §3: an asset's
 * figures come from its leader alone). A follower's copy of the figures is dropped at once, so a
 * round holds one copy of every asset instead of one per replica while the other nodes' answers are
 * parsed and merged; at 10 000 streams that is what decides the collector's memory and collections.
 */
import type { NodePoll } from "../sources/http-monitor";
import type { ConsumerInfo, StreamDetail } from "../sources/monitor-schemas";
import { consumerKey, streamKey } from "./assets";

export type StreamConfig = StreamDetail["config"];
export type ConsumerConfig = ConsumerInfo["config"];

interface AssetReport<D, C> {
  key: string;
  account: string;
  name: string;
  /** The leader this node names; undefined on a server that is not clustered, or while none is elected. */
  leader: string | undefined;
  created: string | undefined;
  /** The answer's own, or the one read on an earlier poll (lib/collector/configs.ts). */
  config: C | undefined;
  /** The node's figures: kept where it leads the asset, or names no leader (the merge decides). */
  detail: D | null;
}

export type StreamReport = AssetReport<StreamDetail, StreamConfig>;
export interface ConsumerReport extends AssetReport<ConsumerInfo, ConsumerConfig> {
  stream: string;
}

export interface AssetReports {
  streams: StreamReport[];
  consumers: ConsumerReport[];
}

/** A node's poll with its assets taken out of /jsz; `reports` is null when /varz or /jsz did not answer (the merge skips it). */
export type ReadPoll = NodePoll & { reports: AssetReports | null };

/** Whether to keep a node's figures of an asset: a follower's never count. */
function keepFigures(leader: string | undefined, self: string): boolean {
  return leader === undefined || leader === "" || leader === self;
}

/**
 * Takes the assets out of the poll's /jsz: the poll returned keeps the node's and accounts' totals
 * but no stream details, and the answer itself is left as it was (whoever drops the poll passed in
 * drops the followers' figures). The node's own name is its /varz `server_name`, the name leaders
 * are known by.
 */
export function withReports(poll: NodePoll): ReadPoll {
  if (!poll.varz.ok || !poll.jsz.ok) return { ...poll, reports: null };
  const self = poll.varz.data.server_name ?? "";
  const streams: StreamReport[] = [];
  const consumers: ConsumerReport[] = [];
  for (const account of poll.jsz.data.account_details ?? []) {
    for (const stream of account.stream_detail ?? []) {
      const leader = stream.cluster?.leader;
      // The consumers are reported on their own: the stream's figures do not hold on to them.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { consumer_detail, ...figures } = stream;
      streams.push({
        key: streamKey({ account: account.name, name: stream.name }),
        account: account.name,
        name: stream.name,
        leader,
        created: stream.created,
        config: stream.config,
        detail: keepFigures(leader, self) ? figures : null,
      });
      for (const consumer of stream.consumer_detail ?? []) {
        const consumerLeader = consumer.cluster?.leader;
        consumers.push({
          key: consumerKey({ account: account.name, stream: consumer.stream_name, name: consumer.name }),
          account: account.name,
          stream: consumer.stream_name,
          name: consumer.name,
          leader: consumerLeader,
          created: consumer.created,
          config: consumer.config,
          detail: keepFigures(consumerLeader, self) ? consumer : null,
        });
      }
    }
  }
  const { account_details, ...totals } = poll.jsz.data;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const accounts = account_details?.map(({ stream_detail, ...account }) => account);
  return { ...poll, jsz: { ...poll.jsz, data: accounts ? { ...totals, account_details: accounts } : totals }, reports: { streams, consumers } };
}
