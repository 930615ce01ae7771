/**
 * A cluster's events, heard as advisories over the system account or seen between two polls. It
 * fills in what an advisory does not say (the previous leader, how long a stream went without
 * one) from what the dashboard saw, keeps the recent events, and hands each new one on.
 */
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import { consumerKey, streamKey } from "../model/assets";
import type { ClusterEvent, MergedSnapshot } from "../model/types";
import { subscribeAdvisories } from "./advisories";
import { eventsBetween, type NewEvent } from "./diff";
import { EventLog } from "./log";

/** Advisories after which the next poll is run at once, so pages show the change within a second. */
const REPOLL_ON: ReadonlySet<ClusterEvent["kind"]> = new Set([
  "stream-leader-elected",
  "consumer-leader-elected",
  "stream-quorum-lost",
  "consumer-quorum-lost",
  "server-shutdown",
  "server-lameduck",
]);

export interface TrackerHooks {
  /** The snapshot the dashboard shows now, to fill in what an advisory leaves out. */
  latest: () => MergedSnapshot | null;
  /** A new event was recorded. */
  recorded: (event: ClusterEvent) => void;
  /** An advisory said something changed that the next poll will show: poll now. */
  repoll: () => void;
  warn: (message: string) => void;
}

export class EventTracker {
  private readonly log: EventLog;
  /** Streams without a reachable leader, and since when, as far as the dashboard saw. Only this tracker changes it. */
  private readonly leaderlessSince = new Map<string, string>();

  constructor(
    capacity: number,
    private readonly hooks: TrackerHooks,
  ) {
    this.log = new EventLog(capacity);
  }

  /** Listens to the advisories on a (new) system-account connection. */
  listen(nc: NatsConnection): void {
    subscribeAdvisories(nc, (event) => this.advisory(event), this.hooks.warn);
  }

  /** Records what changed from the last published snapshot to the next merge. */
  betweenPolls(previous: MergedSnapshot, next: MergedSnapshot): void {
    for (const event of eventsBetween(previous, next, this.leaderlessSince)) this.record(event);
  }

  /** An event the cluster's leader recorded, for a replica that follows it (and derives none of its own). */
  followed(event: NewEvent): void {
    this.record(event);
  }

  /** Newest first. */
  recent(limit?: number): ClusterEvent[] {
    return this.log.list(limit);
  }

  private advisory(event: NewEvent): void {
    const latest = this.hooks.latest();
    if (event.kind === "stream-leader-elected" && event.account && event.stream) {
      const key = streamKey({ account: event.account, name: event.stream });
      event.fromLeader = latest?.streams.find((s) => streamKey(s) === key)?.leader ?? null;
      const since = this.leaderlessSince.get(key) ?? null;
      event.leaderlessSince = since;
      event.leaderlessMs = since ? Math.max(0, Date.parse(event.at) - Date.parse(since)) : null;
    } else if (event.kind === "consumer-leader-elected" && event.account && event.stream && event.consumer) {
      const key = consumerKey({ account: event.account, stream: event.stream, name: event.consumer });
      event.fromLeader = latest?.consumers.find((c) => consumerKey(c) === key)?.leader ?? null;
    } else if (event.kind === "stream-quorum-lost" && event.account && event.stream) {
      const key = streamKey({ account: event.account, name: event.stream });
      if (!this.leaderlessSince.has(key)) this.leaderlessSince.set(key, event.at);
    } else if ((event.kind === "server-shutdown" || event.kind === "server-lameduck") && event.server) {
      // Its streams lose their leader now; count their leaderless time from here.
      for (const s of latest?.streams ?? [])
        if (s.leader === event.server && !this.leaderlessSince.has(streamKey(s))) this.leaderlessSince.set(streamKey(s), event.at);
    }
    this.record(event);
    if (REPOLL_ON.has(event.kind)) this.hooks.repoll();
  }

  private record(event: NewEvent): void {
    const stored = this.log.add(event);
    if (stored) this.hooks.recorded(stored);
  }
}
