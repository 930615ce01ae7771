/**
 * The sources' section of the configuration: the clusters and, per cluster, its monitoring URLs
 * and its system-account connection. lib/config.ts composes it with the other sections.
 */
import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { httpUrl, simpleName, wholeNumber } from "../fields";
import { canarySchema, type CanaryConfig } from "./canary/config";
import { checkNatsAuth, natsConnectionFields, type NatsConnectionConfig } from "./connection-config";


export interface MonitorSourceConfig {
  urls: string[];
  /** Optional display names, same order as urls; otherwise the server's own name is used. */
  names?: string[];
  user?: string;
  password?: string;
  token?: string;
  /** PEM contents of the CA that signs the monitoring proxy's certificate (read from caFile at start). */
  ca?: string;
  caFile?: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface SystemSourceConfig extends NatsConnectionConfig {
  stallMs: number;
}

export interface ClusterConfig {
  name: string;
  /**
   * How many nodes the cluster should have: configured, else the number of monitor URLs, else
   * null (learned from the JetStream meta group's size).
   */
  expectedNodes: number | null;
  /** HTTP monitoring ports (usually behind a proxy). */
  monitor?: MonitorSourceConfig;
  /** A system-account user: fan-out requests and live events over NATS. */
  system?: SystemSourceConfig;
  /** An application-account user with JetStream: the latency canary and consumer ack latency (opt-in). */
  canary?: CanaryConfig;
}

export const MONITOR_DEFAULTS = { timeoutMs: 1500, maxResponseBytes: 32 * 1024 * 1024 };
export const SYSTEM_DEFAULTS = { timeoutMs: 2000, stallMs: 300 };

const monitorSchema = z
  .strictObject({
    urls: z.array(httpUrl).min(1, "needs at least one monitoring URL"),
    names: z.array(z.string().min(1)).optional(),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    token: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    timeoutMs: wholeNumber(100, 60_000).default(MONITOR_DEFAULTS.timeoutMs),
    maxResponseBytes: wholeNumber(1024).default(MONITOR_DEFAULTS.maxResponseBytes),
  })
  .superRefine((m, ctx) => {
    if (m.user !== undefined && m.password === undefined)
      ctx.addIssue({ code: "custom", path: ["password"], message: "is required when user is set" });
    if (m.token !== undefined && m.user !== undefined)
      ctx.addIssue({ code: "custom", path: ["token"], message: "use either user/password or token, not both" });
    if (m.names !== undefined && m.names.length !== m.urls.length)
      ctx.addIssue({ code: "custom", path: ["names"], message: `has ${m.names.length} names for ${m.urls.length} urls` });
  });

const systemSchema = z
  .strictObject({
    ...natsConnectionFields,
    timeoutMs: wholeNumber(200, 60_000).default(SYSTEM_DEFAULTS.timeoutMs),
    stallMs: wholeNumber(50, 10_000).default(SYSTEM_DEFAULTS.stallMs),
  })
  .superRefine(checkNatsAuth);

export const clusterSchema = z
  .strictObject({
    name: simpleName,
    expectedNodes: wholeNumber(1, 64).optional(),
    monitor: monitorSchema.optional(),
    system: systemSchema.optional(),
    canary: canarySchema.optional(),
  })
  .refine((c) => c.monitor !== undefined || c.system !== undefined, { message: "needs a monitor or a system source (or both)" })
  .transform((c): ClusterConfig => ({ ...c, expectedNodes: c.expectedNodes ?? c.monitor?.urls.length ?? null }));

type Problem = (path: (string | number)[], message: string) => void;

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const field = (value: unknown, key: string): unknown => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined);

function readable(file: string | undefined, path: (string | number)[], problem: Problem): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    problem(path, `cannot read ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * Reads the files a cluster's sources name, so that a wrong path stops the start instead of failing
 * every poll. Works on the configuration as given (before validation), so these problems are
 * reported together with every other. Returns the monitoring CA's PEM.
 */
export function readSourceFiles(cluster: unknown, at: (string | number)[], problem: Problem): { ca?: string } {
  const monitor = field(cluster, "monitor");
  const caFile = text(field(monitor, "caFile"));
  const ca = readable(caFile, [...at, "monitor", "caFile"], problem);
  if (ca !== undefined && !ca.includes("BEGIN CERTIFICATE")) problem([...at, "monitor", "caFile"], `${caFile} contains no PEM certificate`);
  for (const section of ["system", "canary"]) {
    const connection = field(cluster, section);
    for (const key of ["credsFile", "nkeySeedFile"]) readable(text(field(connection, key)), [...at, section, key], problem);
    for (const key of ["caFile", "certFile", "keyFile"]) readable(text(field(field(connection, "tls"), key)), [...at, section, "tls", key], problem);
  }
  return { ca: ca?.includes("BEGIN CERTIFICATE") ? ca : undefined };
}
