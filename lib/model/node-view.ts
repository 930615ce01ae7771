/**
 * One node as the dashboard sees it, from its monitoring answers of one poll: its status and why,
 * its figures, and rates against its previous counter sample.
 */
import { displayUrl, type NodePoll } from "../sources/http-monitor";
import type { EndpointOutcome } from "../sources/outcome";
import { SYSTEM_NODE_PREFIX } from "../sources/system-replies";
import { NODE_NOT_SEEN } from "./blank";
import { clockSkew } from "./clock";
import { limitOrNull } from "./derive";
import { computeRates, counterSample, type CounterSample } from "./rates";
import type { EndpointResult, NodeStatus, NodeView } from "./types";

function endpointResult<T>(outcome: EndpointOutcome<T>): EndpointResult {
  return outcome.ok
    ? { ok: true, status: outcome.status, ms: outcome.ms, bytes: outcome.bytes }
    : { ok: false, kind: outcome.kind, status: outcome.status, message: outcome.message, ms: outcome.ms };
}

function statusForFailure(kind: string): NodeStatus {
  switch (kind) {
    case "auth-failed":
      return "auth-failed";
    case "timeout":
    case "refused":
    case "unreachable":
      return "down";
    default:
      return "bad-response";
  }
}

/** A name for a node until it tells its own: host:port (and path) of its URL. */
export function hostPort(url: string): string {
  const u = new URL(url);
  if (url.startsWith(SYSTEM_NODE_PREFIX)) return u.hostname;
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}${u.pathname.replace(/\/$/, "")}`;
}

/** One node's view from its answers this poll; what it did not answer keeps its last known figures, marked stale. */
export function buildNode(
  poll: NodePoll,
  fallbackName: string,
  previous: NodeView | undefined,
  previousCounter: CounterSample | undefined,
  collectedAtIso: string,
): { node: NodeView; counter?: CounterSample } {
  const endpoints = { varz: endpointResult(poll.varz), jsz: endpointResult(poll.jsz), healthz: endpointResult(poll.healthz) };
  const url = displayUrl(poll.url);

  if (!poll.varz.ok) {
    const failure = poll.varz;
    const base: NodeView = previous
      ? { ...previous, rates: null, counters: null, clock: null, stale: previous.lastSeenAt !== null, isMetaLeader: false }
      : { ...NODE_NOT_SEEN, url, source: poll.source, name: fallbackName, status: "down", statusReason: "", endpoints };
    return {
      node: {
        ...base,
        url,
        source: poll.source,
        endpoints,
        status: statusForFailure(failure.kind),
        statusReason: `${failure.kind}: ${failure.message}`,
      },
    };
  }

  const varz = poll.varz.data;
  const counter = counterSample(varz);
  const jsz = poll.jsz.ok ? poll.jsz.data : null;
  const js = varz.jetstream;
  const jetstream =
    jsz && !jsz.disabled
      ? {
          storageBytes: jsz.storage ?? 0,
          storageLimitBytes: limitOrNull(jsz.config?.max_storage),
          memoryBytes: jsz.memory ?? 0,
          memoryLimitBytes: limitOrNull(jsz.config?.max_memory),
          streams: jsz.streams ?? 0,
          consumers: jsz.consumers ?? 0,
          haAssets: jsz.ha_assets ?? 0,
          apiTotal: jsz.api?.total ?? 0,
          apiErrors: jsz.api?.errors ?? 0,
        }
      : js?.stats
        ? {
            storageBytes: js.stats.storage ?? 0,
            storageLimitBytes: limitOrNull(js.config?.max_storage),
            memoryBytes: js.stats.memory ?? 0,
            memoryLimitBytes: limitOrNull(js.config?.max_memory),
            streams: previous?.jetstream?.streams ?? 0,
            consumers: previous?.jetstream?.consumers ?? 0,
            haAssets: previous?.jetstream?.haAssets ?? 0,
            apiTotal: js.stats.api?.total ?? 0,
            apiErrors: js.stats.api?.errors ?? 0,
          }
        : null;

  let health: NodeView["health"] = null;
  if (poll.healthz.ok) {
    const h = poll.healthz.data;
    const detail = h.error ?? h.errors?.map((e) => e.error ?? e.type).filter(Boolean).join("; ") ?? null;
    health = { status: h.status, message: detail || null };
  } else {
    health = { status: "unknown", message: `${poll.healthz.kind}: ${poll.healthz.message}` };
  }

  let status: NodeStatus = "up";
  let statusReason = "ok";
  if (!poll.jsz.ok) {
    status = "degraded";
    statusReason = `JetStream data unavailable (jsz ${poll.jsz.kind}: ${poll.jsz.message})`;
  } else if (health.status !== "ok") {
    status = "degraded";
    statusReason = `healthz ${health.status}${health.message ? `: ${health.message}` : ""}`;
  }

  const sc = varz.slow_consumer_stats;
  return {
    counter,
    node: {
      url,
      source: poll.source,
      name: varz.server_name || fallbackName,
      serverId: varz.server_id,
      status,
      statusReason,
      stale: false,
      lastSeenAt: collectedAtIso,
      version: varz.version,
      startedAt: varz.start ?? null,
      uptime: varz.uptime ?? null,
      cpuPercent: varz.cpu ?? null,
      cores: varz.cores ?? null,
      memBytes: varz.mem ?? null,
      connections: varz.connections ?? null,
      subscriptions: varz.subscriptions ?? null,
      slowConsumers: varz.slow_consumers ?? null,
      slowConsumerStats: sc
        ? { clients: sc.clients ?? 0, routes: sc.routes ?? 0, gateways: sc.gateways ?? 0, leafs: sc.leafs ?? 0 }
        : null,
      rates: computeRates(previousCounter, counter),
      counters: { inMsgs: counter.inMsgs, outMsgs: counter.outMsgs, inBytes: counter.inBytes, outBytes: counter.outBytes },
      maxPendingBytes: varz.max_pending ?? null,
      topPendingConnections: poll.connz?.ok
        ? (poll.connz.data.connections ?? []).map((c) => ({
            cid: c.cid,
            name: c.name || null,
            account: c.account ?? null,
            ip: c.ip ?? null,
            pendingBytes: c.pending_bytes ?? 0,
          }))
        : null,
      monitorExposure: monitorExposure(poll),
      jetstream,
      health,
      isMetaLeader: false,
      endpoints,
      clock: clockSkew(varz.now, poll.varz.sentAt, poll.varz.ms),
    },
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;

/** Whether the monitoring port answered with credentials, on this machine, or openly from elsewhere. */
function monitorExposure(poll: NodePoll): NodeView["monitorExposure"] {
  if (poll.source !== "http") return null;
  if (poll.credentialsSent) return "authenticated";
  return LOOPBACK.test(new URL(poll.url).hostname) ? "loopback" : "open";
}
