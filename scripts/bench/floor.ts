/**
 * The floor: what it costs just to fetch every node's /varz, /jsz (accounts, streams, consumers;
 * configs are read only now and then), /healthz and /connz in parallel and JSON.parse them — no
 * validation, no merge. Measured with the production fetcher, against the nodes' own monitoring
 * ports and through the nginx proxies (TLS, basic auth, gzip).
 */
import { endpointUrl, fetchText, MONITOR_ENDPOINTS, type FetchOptions } from "../../lib/sources/http-monitor";
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
  wallMs: number[];
  cpuMs: number[];
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
}

async function fetchAndParse(url: URL, opts: FetchOptions, endpoint: string): Promise<FetchedEndpoint> {
  const { status, text, bytes } = await fetchText(url, opts);
  JSON.parse(text);
  return { endpoint, status, bytes };
}

/** One cycle: every endpoint of every node in parallel. */
function fetchAll(target: FloorTarget, optsFor: (base: string) => FetchOptions): Promise<FetchedEndpoint[][]> {
  return Promise.all(
    target.urls.map((base) =>
      Promise.all(
        Object.entries(MONITOR_ENDPOINTS).map(([endpoint, spec]) => fetchAndParse(endpointUrl(base, spec.path), optsFor(base), endpoint)),
      ),
    ),
  );
}

export async function measureFloor(target: FloorTarget, reps: number): Promise<FloorResult> {
  const agents = createCountingAgents(target.ca);
  const result: FloorResult = { label: target.label, wallMs: [], cpuMs: [], decodedBytes: [], wireBytes: [], jszBytesPerNode: [], otherStatuses: new Map() };
  const optsFor = (base: string): FetchOptions => ({
    timeoutMs: FLOOR_TIMEOUT_MS,
    maxResponseBytes: FLOOR_MAX_BYTES,
    headers: target.headers,
    agent: base.startsWith("https:") ? agents.https : agents.http,
  });
  try {
    for (let rep = 0; rep <= reps; rep++) {
      const wireBefore = agents.receivedBytes();
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      const perNode = await fetchAll(target, optsFor);
      const wallMs = performance.now() - started;
      const cpuMs = cpuMsSince(cpuStart);
      // The agent learns of a socket when its request ends; give "free" its tick before counting.
      await new Promise((resolve) => setImmediate(resolve));
      if (rep === 0) continue; // warm-up: connections, TLS handshakes, JIT
      const fetched = perNode.flat();
      result.wallMs.push(wallMs);
      result.cpuMs.push(cpuMs);
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
  return [
    row(`${result.label}: wall`, "ms", result.wallMs, { note }),
    row(`${result.label}: CPU`, "ms", result.cpuMs),
    row(`${result.label}: decoded bytes`, "bytes", result.decodedBytes),
    row(`${result.label}: bytes on the wire`, "bytes", result.wireBytes),
  ];
}
