/**
 * Facts about nodes and assets that every layer asks the same way: whether a node answers, the
 * quorum of a group, and the keys streams, consumers and replicas are known by. Pure and free of
 * server imports, so client components use it too.
 */
import type { ConsumerView, NodeView, StreamView } from "./types";

/** The node answered this poll (fully, or with JetStream or health trouble), so its figures are fresh. */
export const isAnswering = (node: Pick<NodeView, "status">): boolean => node.status === "up" || node.status === "degraded";

/** The majority a Raft group of `size` needs to elect a leader and accept writes. */
export const quorumOf = (size: number): number => Math.floor(size / 2) + 1;

// NUL cannot appear in account, stream, consumer or server names, so the joined keys never collide.
const SEPARATOR = "\u0000";

export const streamKey = (s: Pick<StreamView, "account" | "name">): string => `${s.account}${SEPARATOR}${s.name}`;

export const consumerKey = (c: Pick<ConsumerView, "account" | "stream" | "name">): string =>
  `${c.account}${SEPARATOR}${c.stream}${SEPARATOR}${c.name}`;

/** A follower of a stream: the stream's key and the replica's node name. */
export const replicaKey = (s: Pick<StreamView, "account" | "name">, node: string): string => `${streamKey(s)}${SEPARATOR}${node}`;

/** The node name of a replica key made by `replicaKey` for this stream, or null when the key is another stream's. */
export function replicaNodeOf(s: Pick<StreamView, "account" | "name">, key: string): string | null {
  const prefix = `${streamKey(s)}${SEPARATOR}`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : null;
}

/** The order of a snapshot's asset lists: by account, then name (a consumer: then stream, then name). */
export const compareStreams = (a: Pick<StreamView, "account" | "name">, b: Pick<StreamView, "account" | "name">): number =>
  a.account.localeCompare(b.account) || a.name.localeCompare(b.name);
export const compareConsumers = (a: Pick<ConsumerView, "account" | "stream" | "name">, b: Pick<ConsumerView, "account" | "stream" | "name">): number =>
  a.account.localeCompare(b.account) || a.stream.localeCompare(b.stream) || a.name.localeCompare(b.name);

/**
 * The readable form of the same identities for URLs and page state ("APP/ORDERS/n2"); stream and
 * consumer names cannot contain "/".
 */
export const assetPath = (...parts: string[]): string => parts.join("/");
