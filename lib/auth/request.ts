/**
 * What the dashboard may believe about a request: the client's address (for sign-in limits and the
 * sign-in log) and whether the browser reached it over https (secure cookies, HSTS).
 *
 * Next.js's route handlers do not expose the socket. The server entry (deploy/start.cjs) writes the
 * socket's address into PEER_ADDRESS_HEADER on every request, overwriting whatever a client sent
 * under that name. Forwarding headers are believed only with `trustProxy`, and then only the last
 * X-Forwarded-For entry: the one the proxy itself appended (nginx's $proxy_add_x_forwarded_for);
 * entries before it are whatever the client claimed.
 */
import type { AuthSettings } from "./config";

/** Set by deploy/start.cjs from the socket; a client's own value never survives it. */
export const PEER_ADDRESS_HEADER = "x-jetstream-watch-peer";

interface HeaderReader {
  get(name: string): string | null;
}

export interface RequestFacts {
  /** null when the server was not started through deploy/start.cjs (next dev) and no proxy is trusted. */
  ip: string | null;
  https: boolean;
}

type Settings = Pick<AuthSettings, "trustProxy"> & { publicUrl?: string };

const lastEntry = (value: string | null) => value?.split(",").map((s) => s.trim()).filter(Boolean).at(-1) ?? null;

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) and its IPv4 form are one client. */
const normalize = (ip: string | null) => (ip?.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip);

export function requestFacts(headers: HeaderReader, settings: Settings): RequestFacts {
  const peer = headers.get(PEER_ADDRESS_HEADER);
  const forwardedFor = settings.trustProxy ? lastEntry(headers.get("x-forwarded-for")) : null;
  const forwardedHttps = settings.trustProxy && lastEntry(headers.get("x-forwarded-proto"))?.toLowerCase() === "https";
  return {
    ip: normalize(forwardedFor ?? peer),
    https: Boolean(settings.publicUrl?.startsWith("https://")) || forwardedHttps,
  };
}
