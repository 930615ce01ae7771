/**
 * HTTP source: the nats-server monitoring port (8222), usually behind a reverse proxy that adds
 * basic/bearer auth and TLS. Every fetch is time-bounded, size-capped and validated, and never
 * throws: the result is an `EndpointOutcome` saying exactly what happened.
 */
import "server-only";
import http from "node:http";
import https from "node:https";
import { createGunzip, type Gunzip } from "node:zlib";
import type { EndpointFailureKind, EndpointOutcome, SourceKind } from "./outcome";
import type { MonitorSourceConfig } from "./config";
import type { Connz, Healthz, Jsz, Varz } from "./monitor-schemas";
import { checkAnswer, type MonitorAnswers } from "./monitor-validate";

export const TOP_PENDING_CONNECTIONS = 10;

/**
 * The endpoints every poll asks for and the statuses whose JSON body is still an answer (healthz
 * reports failure with 503). /jsz leaves out the stream and consumer configs: they are a third of
 * its bytes and change only by an admin's hand, so a poll asks for them only when they are due
 * (`JSZ_CONFIG_QUERY`, scheduled by lib/collector/configs.ts).
 */
export const MONITOR_ENDPOINTS = {
  varz: { path: "/varz", answerStatuses: [200] },
  jsz: { path: "/jsz?accounts=true&streams=true&consumers=true", answerStatuses: [200] },
  healthz: { path: "/healthz", answerStatuses: [200, 400, 404, 500, 503] },
  /** The connections with the most outbound bytes queued: slow consumers in the making. */
  connz: { path: `/connz?sort=pending&limit=${TOP_PENDING_CONNECTIONS}&auth=true`, answerStatuses: [200] },
} as const;

export type MonitorEndpoint = keyof typeof MONITOR_ENDPOINTS;

/** Added to the /jsz query on the polls that read the configs too. */
export const JSZ_CONFIG_QUERY = "config=true";

/** What a poll asks beyond MONITOR_ENDPOINTS. */
export interface PollRequest {
  /** Stream and consumer configs with /jsz. */
  configs: boolean;
}

export interface NodePoll {
  /** The node's identity in the dashboard: its monitoring URL, or `nats-sys://<server name>` for nodes known only from the system account. */
  url: string;
  source: SourceKind;
  varz: EndpointOutcome<Varz>;
  jsz: EndpointOutcome<Jsz>;
  healthz: EndpointOutcome<Healthz>;
  /** Optional: a failure here does not make the node degraded. */
  connz?: EndpointOutcome<Connz>;
  /** Whether credentials went with the HTTP request (for the "monitoring port open" finding). */
  credentialsSent?: boolean;
  /** Local wall-clock time when the poll finished. */
  polledAt: number;
}

export interface FetchOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  headers: Record<string, string>;
  agent?: http.Agent;
}

const TLS_ERROR_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

class FetchFailure extends Error {
  constructor(
    readonly kind: EndpointFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function classifyNetworkError(err: NodeJS.ErrnoException, timeoutMs: number): FetchFailure {
  if (err instanceof FetchFailure) return err;
  const code = err.code ?? "";
  if (code === "ECONNREFUSED") return new FetchFailure("refused", "connection refused");
  if (TLS_ERROR_CODES.has(code) || /certificate|SSL routines/i.test(err.message))
    return new FetchFailure("tls-error", `TLS: ${err.message}`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new FetchFailure("unreachable", `host not found (${code})`);
  if (code === "ETIMEDOUT") return new FetchFailure("timeout", `no answer within ${timeoutMs} ms`);
  return new FetchFailure("unreachable", `${code || "network error"}: ${err.message}`);
}

function describeHttpStatus(status: number, body: string): FetchFailure {
  if (status === 401 || status === 403)
    return new FetchFailure("auth-failed", `HTTP ${status}: credentials rejected by the monitoring endpoint or its proxy`, status);
  // 502/504 come from a proxy whose upstream nats-server does not answer.
  if (status === 502 || status === 504)
    return new FetchFailure("unreachable", `HTTP ${status} from the proxy: the nats-server behind it does not answer`, status);
  const snippet = body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 120);
  return new FetchFailure("http-error", `HTTP ${status}${snippet ? `: ${snippet}` : ""}`, status);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const head = text.trimStart().slice(0, 1);
    if (head === "<") throw new FetchFailure("bad-json", "answered HTML, not JSON (is this URL a NATS monitoring port?)");
    if (text.trim() === "") throw new FetchFailure("bad-json", "answered an empty body");
    throw new FetchFailure("bad-json", `answered something that is not JSON: ${JSON.stringify(text.slice(0, 40))}`);
  }
}

/** Joins a configured base URL (which may carry a path prefix such as a proxy location) with an endpoint path. */
export function endpointUrl(base: string, endpointPath: string): URL {
  const url = new URL(base);
  const [path, query] = endpointPath.split("?");
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  url.search = query ? `?${query}` : "";
  return url;
}

/** The longest a whole answer may take, in deadlines: a node that keeps sending a little at a time cannot hold a cycle forever. */
export const ANSWER_DEADLINES = 20;

/**
 * GET a URL, with a cap on the decoded body size and three deadlines: the answer's headers within
 * `timeoutMs` (a hung or SIGSTOPped node), no gap longer than `timeoutMs` while its body arrives
 * (one that stops mid-answer), and the whole answer within `ANSWER_DEADLINES` × `timeoutMs`. A
 * large /jsz that keeps arriving is an answer, however long it takes to send: at 10 000 streams a
 * node's is about 30 MB.
 */
export function fetchText(url: URL, opts: FetchOptions): Promise<{ status: number; text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    let settled = false;
    const finish = (err: FetchFailure | null, value?: { status: number; text: string; bytes: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(whole);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(value!);
    };
    const req = transport.get(
      url,
      { headers: { "accept-encoding": "gzip", accept: "application/json", ...opts.headers }, agent: opts.agent },
      (res) => {
        // The node answered: from now on the deadline is for a gap in its body.
        let received = 0;
        clearTimeout(timer);
        const stalled = () => finish(new FetchFailure("timeout", `the answer stopped for ${opts.timeoutMs} ms after ${received} bytes`));
        timer = setTimeout(stalled, opts.timeoutMs);
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          timer.refresh();
        });
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers["content-length"] ?? NaN);
        if (res.headers["content-encoding"] !== "gzip" && declared > opts.maxResponseBytes) {
          finish(new FetchFailure("too-large", `response of ${declared} bytes exceeds the ${opts.maxResponseBytes}-byte limit`));
          return;
        }
        let stream: NodeJS.ReadableStream = res;
        let gunzip: Gunzip | undefined;
        if (res.headers["content-encoding"] === "gzip") {
          gunzip = createGunzip();
          stream = res.pipe(gunzip);
        }
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > opts.maxResponseBytes) {
            gunzip?.destroy();
            finish(new FetchFailure("too-large", `response exceeds the ${opts.maxResponseBytes}-byte limit`));
            return;
          }
          chunks.push(chunk);
        });
        stream.on("end", () => finish(null, { status, text: Buffer.concat(chunks).toString("utf8"), bytes }));
        stream.on("error", (err: Error) => finish(new FetchFailure("bad-json", `could not read the body: ${err.message}`)));
        res.on("aborted", () => finish(new FetchFailure("unreachable", "connection closed mid-response")));
      },
    );
    req.on("error", (err) => finish(classifyNetworkError(err, opts.timeoutMs)));
    let timer = setTimeout(() => finish(new FetchFailure("timeout", `no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    const wholeMs = ANSWER_DEADLINES * opts.timeoutMs;
    const whole = setTimeout(() => finish(new FetchFailure("timeout", `the answer took longer than ${wholeMs} ms`)), wholeMs);
  });
}

/** An endpoint's path and query as a poll asks for it: /jsz with `JSZ_CONFIG_QUERY` on the polls that read the configs. */
export function requestPath(endpoint: MonitorEndpoint, request: PollRequest): string {
  const { path } = MONITOR_ENDPOINTS[endpoint];
  return endpoint === "jsz" && request.configs ? `${path}${path.includes("?") ? "&" : "?"}${JSZ_CONFIG_QUERY}` : path;
}

/** An endpoint's answer as it came off the wire, not yet parsed, or what the fetch came to. */
export type RawAnswer =
  | { ok: true; status: number; text: string; bytes: number; ms: number; sentAt: number }
  | Extract<EndpointOutcome<never>, { ok: false }>;

function failed(err: unknown, ms: number): Extract<EndpointOutcome<never>, { ok: false }> {
  const failure = err instanceof FetchFailure ? err : new FetchFailure("unreachable", (err as Error).message ?? String(err));
  return { ok: false, kind: failure.kind, message: failure.message, status: failure.status, ms };
}

/** Fetches an endpoint's body; its time (`ms`) and deadline cover the network only. */
export async function fetchAnswer(base: string, endpoint: MonitorEndpoint, opts: FetchOptions, request: PollRequest = { configs: false }): Promise<RawAnswer> {
  const sentAt = Date.now();
  const started = performance.now();
  try {
    const { status, text, bytes } = await fetchText(endpointUrl(base, requestPath(endpoint, request)), opts);
    return { ok: true, status, text, bytes, ms: Math.round(performance.now() - started), sentAt };
  } catch (err) {
    return failed(err, Math.round(performance.now() - started));
  }
}

/** Parses and validates a fetched answer. */
export function readAnswer<E extends MonitorEndpoint>(endpoint: E, raw: RawAnswer): EndpointOutcome<MonitorAnswers[E]> {
  if (!raw.ok) return raw;
  try {
    if (!(MONITOR_ENDPOINTS[endpoint].answerStatuses as readonly number[]).includes(raw.status)) throw describeHttpStatus(raw.status, raw.text);
    const checked = checkAnswer(endpoint, parseBody(raw.text));
    if (!checked.ok) throw new FetchFailure("invalid", checked.message);
    return { ok: true, data: checked.data, status: raw.status, ms: raw.ms, bytes: raw.bytes, sentAt: raw.sentAt };
  } catch (err) {
    return failed(err, raw.ms);
  }
}

export async function fetchEndpoint<E extends MonitorEndpoint>(
  base: string,
  endpoint: E,
  opts: FetchOptions,
  request: PollRequest = { configs: false },
): Promise<EndpointOutcome<MonitorAnswers[E]>> {
  return readAnswer(endpoint, await fetchAnswer(base, endpoint, opts, request));
}

export function authHeaders(monitor: Pick<MonitorSourceConfig, "user" | "password" | "token">): Record<string, string> {
  if (monitor.token) return { authorization: `Bearer ${monitor.token}` };
  if (monitor.user !== undefined)
    return { authorization: `Basic ${Buffer.from(`${monitor.user}:${monitor.password ?? ""}`).toString("base64")}` };
  return {};
}

export interface MonitorAgents {
  http: http.Agent;
  https: https.Agent;
}

/** One keep-alive agent per cluster so every cycle reuses its connections (and trusts the configured CA). */
export function createMonitorAgents(monitor: Pick<MonitorSourceConfig, "ca">): MonitorAgents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 8, ca: monitor.ca }),
  };
}

/** One node's answers as they came off the wire (see `readNode`). */
export interface RawNodePoll {
  url: string;
  answers: Record<MonitorEndpoint, RawAnswer>;
  credentialsSent: boolean;
  polledAt: number;
}

/** Fetches one node's endpoints in parallel; each has its own deadline, so a hung node costs one timeout. */
export async function fetchNode(
  url: string,
  monitor: MonitorSourceConfig,
  agents: MonitorAgents,
  request: PollRequest,
  now: () => number = Date.now,
): Promise<RawNodePoll> {
  const opts: FetchOptions = {
    timeoutMs: monitor.timeoutMs,
    maxResponseBytes: monitor.maxResponseBytes,
    headers: authHeaders(monitor),
    agent: url.startsWith("https:") ? agents.https : agents.http,
  };
  const [varz, jsz, healthz, connz] = await Promise.all(
    (["varz", "jsz", "healthz", "connz"] as const).map((endpoint) => fetchAnswer(url, endpoint, opts, request)),
  );
  return { url, answers: { varz, jsz, healthz, connz }, credentialsSent: "authorization" in opts.headers, polledAt: now() };
}

/** Parses and validates what `fetchNode` fetched. */
export function readNode(raw: RawNodePoll): NodePoll {
  const { answers } = raw;
  return {
    url: raw.url,
    source: "http",
    varz: readAnswer("varz", answers.varz),
    jsz: readAnswer("jsz", answers.jsz),
    healthz: readAnswer("healthz", answers.healthz),
    connz: readAnswer("connz", answers.connz),
    credentialsSent: raw.credentialsSent,
    polledAt: raw.polledAt,
  };
}

/** Polls one node: fetches its endpoints, then reads them. */
export async function pollNode(url: string, monitor: MonitorSourceConfig, agents: MonitorAgents, request: PollRequest, now: () => number = Date.now): Promise<NodePoll> {
  return readNode(await fetchNode(url, monitor, agents, request, now));
}

/** A URL as it may be shown to users: never with credentials embedded in it. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.toString().replace(/\/$/, "");
}
