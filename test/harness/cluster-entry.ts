/**
 * A harness cluster as an entry of the dashboard's config file (`clusters[]`): the one shape the
 * dashboard process is configured with (scripts/dashboard-process.ts) and that collectorConfig
 * parses for a collector in the test's own process.
 */
import type { z } from "zod";
import type { clusterSchema } from "../../lib/sources/config";
import type { Harness } from "./cluster";

/** A `clusters[]` entry as written in the config file (before defaults are applied). */
export type ClusterEntry = z.input<typeof clusterSchema>;
export type MonitorEntry = NonNullable<ClusterEntry["monitor"]>;
export type SystemEntry = NonNullable<ClusterEntry["system"]>;

/**
 * The cluster polled over HTTP: through its nginx proxies (TLS and basic auth) when the harness
 * has them, else straight from each node's monitoring port.
 */
export function harnessCluster(harness: Harness, name = "main", overrides: Partial<MonitorEntry> = {}): ClusterEntry {
  const proxied = harness.nodes.every((n) => n.proxyUrl !== undefined);
  const monitor: MonitorEntry = proxied
    ? {
        urls: harness.nodes.map((n) => n.proxyUrl!),
        user: harness.proxyUser,
        password: harness.proxyPassword,
        caFile: harness.caFile || undefined,
      }
    : { urls: harness.nodes.map((n) => n.monitorUrl) };
  return { name, expectedNodes: harness.nodes.length, monitor: { ...monitor, ...overrides } };
}

/** The system-account part of a cluster entry: the harness's least-privilege dashboard user over NATS. */
export function systemSource(harness: Harness, overrides: Partial<SystemEntry> = {}): SystemEntry {
  return { urls: harness.nodes.map((n) => n.clientUrl), user: harness.sys.user, password: harness.sys.password, ...overrides };
}
