import { request } from "node:https";
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

export interface HttpsGetOptions {
  ca: string | Buffer;
  basicAuth?: { user: string; password: string };
  timeoutMs?: number;
  /** Only for readiness checks that do not care who answers. */
  skipCertificateCheck?: boolean;
}

export interface HttpsResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** GET over TLS with a private CA, which global fetch cannot be given per request. */
export function httpsGet(url: string, options: HttpsGetOptions): Promise<HttpsResponse> {
  const { ca, basicAuth, timeoutMs = 2000, skipCertificateCheck = false } = options;
  const headers: Record<string, string> = {};
  if (basicAuth) {
    headers.authorization = `Basic ${Buffer.from(`${basicAuth.user}:${basicAuth.password}`).toString("base64")}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, rejectUnauthorized: !skipCertificateCheck, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"],
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
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
