/**
 * Events seen by comparing two consecutive snapshots: what a dashboard without a system account
 * can know, and what even one with it needs for the things NATS sends no advisory about (a node
 * killed with -9, a leader that merely stopped answering).
 */
import { consumerKey, isAnswering, streamKey } from "../model/assets";
import type { ClusterEvent, ClusterEventKind, MergedSnapshot } from "../model/types";

export type NewEvent = Omit<ClusterEvent, "id">;

export function blankEvent(kind: ClusterEventKind, at: string, source: ClusterEvent["source"]): NewEvent {
  return {
    at,
    kind,
    source,
    account: null,
    stream: null,
    consumer: null,
    server: null,
    fromLeader: null,
    toLeader: null,
    leaderlessSince: null,
    leaderlessMs: null,
    detail: "",
  };
}

/**
 * `leaderlessSince` maps stream keys to when the dashboard first saw them without a reachable
 * leader; it is updated in place so an election can report how long the stream went without one.
 */
export function eventsBetween(previous: MergedSnapshot, next: MergedSnapshot, leaderlessSince: Map<string, string>): NewEvent[] {
  const at = next.collectedAt;
  const events: NewEvent[] = [];

  const before = new Map(previous.nodes.map((n) => [n.url, n]));
  for (const node of next.nodes) {
    const was = before.get(node.url);
    if (!was || isAnswering(was) === isAnswering(node)) continue;
    const e = blankEvent(isAnswering(node) ? "node-up" : "node-down", at, "poll");
    e.server = node.name;
    e.detail = isAnswering(node) ? `${node.name} answers again` : `${node.name} ${node.status}: ${node.statusReason}`;
    events.push(e);
  }

  // A changed start time is a restart, even one quick enough to fall between two polls.
  for (const node of next.nodes) {
    const was = before.get(node.url);
    if (!was?.startedAt || !node.startedAt || node.stale || was.startedAt === node.startedAt) continue;
    const e = blankEvent("node-restarted", at, "poll");
    e.server = node.name;
    e.detail = `${node.name} restarted at ${node.startedAt} (was running since ${was.startedAt})`;
    events.push(e);
  }

  if (previous.meta.leader !== next.meta.leader && next.meta.leader !== null) {
    const e = blankEvent("meta-leader-elected", at, "poll");
    e.fromLeader = previous.meta.leader;
    e.toLeader = next.meta.leader;
    e.detail = `JetStream meta leader ${previous.meta.leader ?? "none"} → ${next.meta.leader}`;
    events.push(e);
  }

  const streamsBefore = new Map(previous.streams.map((s) => [streamKey(s), s]));
  for (const stream of next.streams) {
    const key = streamKey(stream);
    const was = streamsBefore.get(key);
    const reachable = stream.truth === "leader";
    if (!reachable) {
      if (!leaderlessSince.has(key)) {
        leaderlessSince.set(key, at);
        // When the leader's node itself did not answer, its node event says so once; one event per
        // stream it leads would flood the timeline (a slow /jsz of a node leading 300 streams).
        const leaderNode = next.nodes.find((n) => n.name === stream.leader);
        const leaderSilent = stream.truth === "leader-unreachable" && (!leaderNode || !leaderNode.endpoints.jsz.ok || leaderNode.stale);
        if (was?.truth === "leader" && !leaderSilent) {
          const e = blankEvent("stream-leader-lost", at, "poll");
          Object.assign(e, { account: stream.account, stream: stream.name, fromLeader: was.leader });
          e.detail = `${stream.name}: ${stream.truthNote ?? "no reachable leader"}`;
          events.push(e);
        }
      }
      continue;
    }
    const since = leaderlessSince.get(key) ?? null;
    leaderlessSince.delete(key);
    if (was && was.leader !== stream.leader) {
      const e = blankEvent("stream-leader-elected", at, "poll");
      Object.assign(e, { account: stream.account, stream: stream.name, fromLeader: was.leader, toLeader: stream.leader, leaderlessSince: since });
      e.leaderlessMs = since ? Date.parse(at) - Date.parse(since) : null;
      e.detail = `${stream.name}: leader ${was.leader ?? "none"} → ${stream.leader}`;
      events.push(e);
    }
  }

  const consumersBefore = new Map(previous.consumers.map((c) => [consumerKey(c), c]));
  for (const consumer of next.consumers) {
    const was = consumersBefore.get(consumerKey(consumer));
    if (!was || consumer.truth !== "leader" || was.leader === consumer.leader) continue;
    const e = blankEvent("consumer-leader-elected", at, "poll");
    Object.assign(e, { account: consumer.account, stream: consumer.stream, consumer: consumer.name, fromLeader: was.leader, toLeader: consumer.leader });
    e.detail = `${consumer.stream} > ${consumer.name}: leader ${was.leader ?? "none"} → ${consumer.leader}`;
    events.push(e);
  }
  return events;
}
