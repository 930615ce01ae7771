/**
 * A NATS connection's settings — URLs, one way to authenticate, TLS — as the system-account source
 * and the latency canary both take them.
 */
import { z } from "zod";
import { natsUrl } from "../fields";

/** A NATS connection as configured: where to, and who as (one of user/password, token, nkey seed, creds file), with optional TLS. */
export interface NatsConnectionConfig {
  /** nats://, tls://, ws:// or wss:// URLs of the cluster's servers. */
  urls: string[];
  user?: string;
  password?: string;
  token?: string;
  nkeySeedFile?: string;
  credsFile?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  timeoutMs: number;
}

const NATS_AUTH_KEYS = ["user", "token", "nkeySeedFile", "credsFile"] as const;

/** The fields of a NATS connection's settings (URLs, one way to authenticate, TLS); the system account and the canary share them. */
export const natsConnectionFields = {
  urls: z.array(natsUrl).min(1, "needs at least one NATS URL"),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  token: z.string().min(1).optional(),
  nkeySeedFile: z.string().min(1).optional(),
  credsFile: z.string().min(1).optional(),
  tls: z.strictObject({ caFile: z.string().min(1).optional(), certFile: z.string().min(1).optional(), keyFile: z.string().min(1).optional() }).optional(),
};

type NatsAuthInput = { user?: string; password?: string; token?: string; nkeySeedFile?: string; credsFile?: string; tls?: { certFile?: string; keyFile?: string } };

/** The rules across a connection's fields: one way to authenticate, a password with a user, certificate and key together. */
export function checkNatsAuth(s: NatsAuthInput, ctx: z.RefinementCtx): void {
  const used = NATS_AUTH_KEYS.filter((key) => s[key] !== undefined);
  // `keys` lets the problem name each setting involved (a file path, or the variables that set them).
  if (used.length > 1) ctx.addIssue({ code: "custom", path: [], message: "use one of user/password, token, nkeySeedFile or credsFile", params: { keys: used } });
  if (s.user !== undefined && s.password === undefined) ctx.addIssue({ code: "custom", path: ["password"], message: "is required when user is set" });
  if (s.tls && (s.tls.certFile === undefined) !== (s.tls.keyFile === undefined))
    ctx.addIssue({ code: "custom", path: ["tls"], message: "certFile and keyFile go together", params: { keys: ["certFile", "keyFile"] } });
}

