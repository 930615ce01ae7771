/**
 * The floor: what it costs just to fetch every node's /varz, /jsz (accounts, streams, consumers;
 * configs are read only now and then), /healthz and /connz in parallel and JSON.parse them — no
 * validation, no merge. Measured with the production fetcher, against the nodes' own monitoring
 * ports and through the nginx proxies (TLS, basic auth, gzip). The same with the configs is the
 * full fetch every poll made before configs were read on their own cadence: what a poll's bytes
 * are compared with.
 */
import { endpointUrl, fetchText, MONITOR_ENDPOINTS, requestPath, type FetchOptions, type MonitorEndpoint, type PollRequest } from "../../lib/sources/http-monitor";
import { cpuMsSince, row, type Row } from "./stats";
import { createCountingAgents } from "./wire";

// Generous: the floor is about cost, not about where the production deadline would cut in.
const FLOOR_TIMEOUT_MS = 30_000;
const FLOOR_MAX_BYTES = 256 * 1024 * 1024;

export interface FloorTarget {
  label: string;
  urls: string[];
  headers: Record<string, string>;
  ca?: string;
}

export interface FloorResult {
  label: string;
  /** The request set: a poll's (`configs: false`) or the full fetch with the configs. */
  request: PollRequest;
  wallMs: number[];
  cpuMs: number[];
  /** Of the CPU, JSON.parse's (the rest is fetching: HTTP, TLS, gunzip, decoding the text). */
  parseMs: number[];
  decodedBytes: number[];
  wireBytes: number[];
  /** Decoded /jsz size per node, from the last repetition. */
  jszBytesPerNode: number[];
  /** Answers whose status was not 200, as "healthz 503" → count (a failing /healthz answers 503 with JSON). */
  otherStatuses: Map<string, number>;
}

interface FetchedEndpoint {
  endpoint: string;
  status: number;
  bytes: number;
  /** How long JSON.parse took of it. */
  parseMs: number;
}

async function fetchAndParse(url: URL, opts: FetchOptions, endpoint: string): Promise<FetchedEndpoint> {
  const { status, text, bytes } = await fetchText(url, opts);
  const started = performance.now();
  JSON.parse(text);
  return { endpoint, status, bytes, parseMs: performance.now() - started };
}

const ENDPOINTS = Object.keys(MONITOR_ENDPOINTS) as MonitorEndpoint[];

/** One cycle: every endpoint of every node in parallel. */
function fetchAll(target: FloorTarget, request: PollRequest, optsFor: (base: string) => FetchOptions): Promise<FetchedEndpoint[][]> {
  return Promise.all(
    target.urls.map((base) =>
      Promise.all(ENDPOINTS.map((endpoint) => fetchAndParse(endpointUrl(base, requestPath(endpoint, request)), optsFor(base), endpoint))),
    ),
  );
}

function floorFetchOptions(target: FloorTarget, agents: ReturnType<typeof createCountingAgents>): (base: string) => FetchOptions {
  return (base) => ({
    timeoutMs: FLOOR_TIMEOUT_MS,
    maxResponseBytes: FLOOR_MAX_BYTES,
    headers: target.headers,
    agent: base.startsWith("https:") ? agents.https : agents.http,
  });
}

/**
 * The floor one repetition at a time, for taking turns with the collector's cycles: measured
 * apart, minutes of a shared machine's changing load lie between the two and decide their ratio.
 */
export interface FloorProbe {
  /** One poll's fetch + parse; its CPU in ms. */
  once(): Promise<number>;
  close(): void;
}

export function floorProbe(target: FloorTarget, request: PollRequest): FloorProbe {
  const agents = createCountingAgents(target.ca);
  const optsFor = floorFetchOptions(target, agents);
  return {
    async once() {
      const cpuStart = process.cpuUsage();
      await fetchAll(target, request, optsFor);
      return cpuMsSince(cpuStart);
    },
    close: () => agents.destroy(),
  };
}

export async function measureFloor(target: FloorTarget, request: PollRequest, reps: number): Promise<FloorResult> {
  const agents = createCountingAgents(target.ca);
  const result: FloorResult = { label: target.label, request, wallMs: [], cpuMs: [], parseMs: [], decodedBytes: [], wireBytes: [], jszBytesPerNode: [], otherStatuses: new Map() };
  const optsFor = floorFetchOptions(target, agents);
  try {
    for (let rep = 0; rep <= reps; rep++) {
      const wireBefore = agents.receivedBytes();
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      const perNode = await fetchAll(target, request, optsFor);
      const wallMs = performance.now() - started;
      const cpuMs = cpuMsSince(cpuStart);
      // The agent learns of a socket when its request ends; give "free" its tick before counting.
      await new Promise((resolve) => setImmediate(resolve));
      if (rep === 0) continue; // warm-up: connections, TLS handshakes, JIT
      const fetched = perNode.flat();
      result.wallMs.push(wallMs);
      result.cpuMs.push(cpuMs);
      result.parseMs.push(fetched.reduce((sum, f) => sum + f.parseMs, 0));
      result.decodedBytes.push(fetched.reduce((sum, f) => sum + f.bytes, 0));
      result.wireBytes.push(agents.receivedBytes() - wireBefore);
      for (const { endpoint, status } of fetched.filter((f) => f.status !== 200)) {
        const key = `${endpoint} ${status}`;
        result.otherStatuses.set(key, (result.otherStatuses.get(key) ?? 0) + 1);
      }
      result.jszBytesPerNode = perNode.map((node) => node.find((f) => f.endpoint === "jsz")?.bytes ?? 0);
    }
  } finally {
    agents.destroy();
  }
  return result;
}

export function floorRows(result: FloorResult): Row[] {
  const note = result.otherStatuses.size ? `answers not 200: ${[...result.otherStatuses].map(([what, n]) => `${what} ×${n}`).join(", ")}` : undefined;
  const label = result.request.configs ? `${result.label}, full fetch with configs` : result.label;
  return [
    row(`${label}: wall`, "ms", result.wallMs, { note }),
    row(`${label}: CPU`, "ms", result.cpuMs),
    row(`${label}: of which JSON.parse`, "ms", result.parseMs),
    row(`${label}: decoded bytes`, "bytes", result.decodedBytes),
    row(`${label}: bytes on the wire`, "bytes", result.wireBytes),
  ];
}
