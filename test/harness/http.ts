import { request as plainRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as tlsRequest } from "node:https";
import { StringDecoder } from "node:string_decoder";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_INTERVAL_MS = 100;

/** HTTP status of a GET, or undefined when nothing answered (refused, reset, timed out). */
export async function probeStatus(url: string, timeoutMs = 1000): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

export async function fetchJson<T>(url: string, timeoutMs = 2000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The CA for an https:// URL (a private one, which global fetch cannot be given per request); ignored for http://. */
  ca?: string | Buffer;
  basicAuth?: { user: string; password: string };
  timeoutMs?: number;
  /** Only for readiness checks that do not care who answers. */
  skipCertificateCheck?: boolean;
}

export interface HttpsResponse {
  status: number;
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(url: string, options: RequestOptions, onResponse: (res: IncomingMessage) => void, onError: (error: Error) => void): ClientRequest {
  const { method = "GET", ca, basicAuth, timeoutMs = 2000, skipCertificateCheck = false } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (basicAuth) headers.authorization = `Basic ${Buffer.from(`${basicAuth.user}:${basicAuth.password}`).toString("base64")}`;
  const request = url.startsWith("http:") ? plainRequest : tlsRequest;
  const req = request(url, { method, ca, headers, rejectUnauthorized: !skipCertificateCheck, agent: false }, onResponse);
  req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
  req.on("error", onError);
  req.end(options.body);
  return req;
}

/** One request over http:// or https:// (with a private CA), the whole answer read. */
export function httpsRequest(url: string, options: RequestOptions = {}): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"], headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    }, reject);
  });
}

export function httpsGet(url: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<HttpsResponse> {
  return httpsRequest(url, options);
}

export interface ServerSentEvent {
  event: string;
  data: string;
  /** When it arrived (ms since the epoch). */
  atMs: number;
}

/** Hands each block of an event stream (the lines up to a blank line) to `onBlock` as it arrives. */
export function eachEventBlock(res: IncomingMessage, onBlock: (block: string) => void): void {
  const decoder = new StringDecoder("utf8");
  let buffered = "";
  res.on("data", (chunk: Buffer) => {
    buffered += decoder.write(chunk);
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      onBlock(block);
    }
  });
}

/**
 * Follows a Server-Sent Events stream, handing each event to `onEvent` as it arrives, until
 * `onEvent` returns true (enough) or `timeoutMs` passes. Comments (heartbeats) are skipped.
 */
export function followEventStream(url: string, options: RequestOptions, onEvent: (event: ServerSentEvent) => boolean, timeoutMs: number): Promise<{ status: number; headers: IncomingHttpHeaders; events: ServerSentEvent[] }> {
  return new Promise((resolve, reject) => {
    const events: ServerSentEvent[] = [];
    let req: ClientRequest | undefined = undefined;
    const timer = setTimeout(() => {
      req?.destroy();
      reject(new Error(`${url}: the event stream did not give what was waited for within ${timeoutMs} ms; got ${events.map((e) => e.event).join(", ") || "no events"}`));
    }, timeoutMs);
    req = send(url, { ...options, timeoutMs }, (res) => {
      const done = () => {
        clearTimeout(timer);
        req?.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, events });
      };
      if (res.statusCode !== 200) return done();
      let finished = false;
      eachEventBlock(res, (block) => {
        if (finished) return;
        const lines = block.split("\n").filter((line) => !line.startsWith(":"));
        const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
        if (!event) return;
        const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
        const received = { event, data, atMs: Date.now() };
        events.push(received);
        if (onEvent(received)) {
          finished = true;
          done();
        }
      });
      res.on("end", done);
    }, (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Polls `isReady` until it returns true. `describeFailure` runs only on timeout and should
 * explain why (typically the tail of a log). `isReady` may throw to give up early.
 */
export async function waitUntil(
  what: string,
  timeoutMs: number,
  isReady: () => Promise<boolean>,
  describeFailure: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady())) {
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n${describeFailure()}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
