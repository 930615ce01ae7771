/**
 * One poll round of a cluster over whichever sources it has:
 * - HTTP only: every configured monitoring URL;
 * - system account only: one fan-out; servers seen before that do not answer are kept as
 *   "did not answer" rather than dropped;
 * - both: the fan-out first, then HTTP for each node the fan-out did not cover (a fallback per node,
 *   and the first round, before the URLs' server names are known).
 */
import "server-only";
import { withReports, type ReadPoll } from "../model/reports";
import type { NodeView, SourcesView } from "../model/types";
import type { ClusterConfig } from "../sources/config";
import { displayUrl, fetchNode, readNode, type MonitorAgents, type NodePoll, type PollRequest } from "../sources/http-monitor";
import type { EndpointOutcome, SystemConnectionState } from "../sources/outcome";
import { SYSTEM_NODE_PREFIX, type SystemPoll, type SystemServerPoll } from "../sources/system-replies";

/** The system account's part of a round, polled before the round (possibly on another thread). */
export interface SystemRound {
  poll: SystemPoll;
  state: SystemConnectionState;
  timeoutMs: number;
}

export interface CollectedRound {
  /** With every node's assets taken out of its /jsz as soon as it was read (lib/model/reports.ts). */
  polls: ReadPoll[];
  sources: SourcesView;
  /** Time spent parsing, validating and taking out the reports of the answers, once they were in. */
  readMs: number;
}

function missing(kind: "timeout" | "auth-failed" | "unreachable" | "http-error", message: string): EndpointOutcome<never> {
  return { ok: false, kind, message, ms: 0 };
}

/** A server's answers as a NodePoll; an endpoint it did not answer is a timeout. */
function fromSystem(url: string, server: SystemServerPoll, timeoutMs: number, polledAt: number): NodePoll {
  const silent = (ep: string) => missing("timeout", `no ${ep} reply to the system-account request within ${timeoutMs} ms`);
  return {
    url,
    source: "system-account",
    varz: server.varz ?? silent("VARZ"),
    jsz: server.jsz ?? silent("JSZ"),
    healthz: server.healthz ?? silent("HEALTHZ"),
    connz: server.connz,
    polledAt,
  };
}

/** The node-level outcome when the fan-out itself failed (not connected, credentials, permissions). */
function systemFailure(poll: Extract<SystemPoll, { ok: false }>): EndpointOutcome<never> {
  const kind = poll.kind === "auth-failed" || poll.kind === "no-permission" ? "auth-failed" : poll.kind === "unreachable" ? "unreachable" : "http-error";
  return missing(kind, `system account: ${poll.message}`);
}

export async function collectRound(
  cluster: ClusterConfig,
  previousNodes: readonly NodeView[],
  http: { agents: MonitorAgents; request: PollRequest } | null,
  system: SystemRound | null,
  /** Nodes a previous run of the dashboard knew (URL → name): on the system account, as good as seen before. */
  knownNames: Readonly<Record<string, string>> = {},
  now: () => number = Date.now,
): Promise<CollectedRound> {
  const systemPoll = system?.poll ?? null;
  const answered = systemPoll?.ok ? systemPoll.servers : new Map<string, SystemServerPoll>();
  const polls: ReadPoll[] = [];
  const covered = new Set<string>();
  let readMs = 0;
  const reading = <T>(read: () => T): T => {
    const started = performance.now();
    const out = read();
    readMs += performance.now() - started;
    return out;
  };

  // The server name behind each monitoring URL, as learned from earlier rounds.
  const nameOf = new Map(previousNodes.filter((n) => n.lastSeenAt !== null).map((n) => [n.url, n.name]));
  if (cluster.monitor && http) {
    const monitor = cluster.monitor;
    const viaHttp: string[] = [];
    for (const url of monitor.urls) {
      const name = nameOf.get(displayUrl(url));
      const server = name ? answered.get(name) : undefined;
      if (name && server?.varz?.ok) {
        polls.push(reading(() => withReports(fromSystem(url, server, system!.timeoutMs, now()))));
        covered.add(name);
      } else viaHttp.push(url);
    }
    // Every answer is read only once all have arrived: parsing megabytes of one node's /jsz while
    // the others still arrive would hold up their sockets and could make a slow reader of our own
    // look like a node that did not answer within its deadline. Each is reduced to its reports
    // before the next is parsed, so one parsed answer is whole at a time.
    const fetched = await Promise.all(viaHttp.map((url) => fetchNode(url, monitor, http.agents, http.request, now)));
    for (let i = 0; i < fetched.length; i++) {
      const poll = reading(() => withReports(readNode(fetched[i])));
      // The raw answer is not needed once read.
      fetched[i] = undefined as never;
      polls.push(poll);
      if (poll.varz.ok && poll.varz.data.server_name) covered.add(poll.varz.data.server_name);
    }
  }

  if (system && systemPoll) {
    for (const [name, server] of answered) {
      if (covered.has(name)) continue;
      polls.push(reading(() => withReports(fromSystem(`${SYSTEM_NODE_PREFIX}${name}`, server, system.timeoutMs, now()))));
      covered.add(name);
    }
    // Servers the fan-out reached before but not now: shown as not answering, never dropped.
    const failure = systemPoll.ok
      ? missing("timeout", `did not answer the system-account PING within ${system.timeoutMs} ms`)
      : systemFailure(systemPoll);
    const seenBefore = [...previousNodes.map((n) => [n.url, n.name] as const), ...Object.entries(knownNames)];
    for (const [url, name] of seenBefore) {
      if (!url.startsWith(SYSTEM_NODE_PREFIX) || covered.has(name)) continue;
      polls.push({ url, source: "system-account", varz: failure, jsz: failure, healthz: failure, polledAt: now(), reports: null });
      covered.add(name);
    }
  }

  // Configured URLs in their configured order, then servers known only to the system account by
  // name: a node that goes down keeps its place on the page.
  const order = new Map((cluster.monitor?.urls ?? []).map((url, i) => [url, i]));
  polls.sort((a, b) => (order.get(a.url) ?? Infinity) - (order.get(b.url) ?? Infinity) || a.url.localeCompare(b.url));

  return {
    polls,
    readMs,
    sources: {
      http: cluster.monitor ? { urls: cluster.monitor.urls.length } : null,
      system: system
        ? {
            state: system.state,
            lastPoll: systemPoll
              ? systemPoll.ok
                ? { ok: true, servers: systemPoll.servers.size, ms: systemPoll.ms }
                : { ok: false, kind: systemPoll.kind, message: systemPoll.message }
              : null,
          }
        : null,
    },
  };
}
