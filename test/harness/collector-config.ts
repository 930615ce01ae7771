/**
 * A collector's config for a harness cluster, made the way the dashboard makes it from its config
 * file: an entry of cluster-entry.ts, checked by the sources' own schema, with the CA file read.
 */
import { clusterSchema, readSourceFiles, type ClusterConfig } from "../../lib/sources/config";
import { harnessCluster, type ClusterEntry, type MonitorEntry } from "./cluster-entry";
import type { Harness } from "./cluster";

/** A `clusters[]` entry as the dashboard reads it: defaults applied, the monitoring CA's PEM loaded. */
export function parsedCluster(entry: ClusterEntry): ClusterConfig {
  const problems: string[] = [];
  const { ca } = readSourceFiles(entry, [], (at, message) => problems.push(`${at.join(".")}: ${message}`));
  if (problems.length > 0) throw new Error(`cluster ${entry.name}: ${problems.join("; ")}`);
  const config = clusterSchema.parse(entry);
  return config.monitor ? { ...config, monitor: { ...config.monitor, ca } } : config;
}

/** The harness polled over HTTP (through its proxies when it has them). */
export function collectorConfig(harness: Harness, name: string, overrides: Partial<MonitorEntry> = {}): ClusterConfig {
  return parsedCluster(harnessCluster(harness, name, overrides));
}
