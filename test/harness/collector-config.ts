/**
 * A collector's config for a harness cluster, made the way the dashboard makes it from its config
 * file: the entry of cluster-entry.ts, checked by the sources' own schema, with the CA file read.
 */
import { clusterSchema, readSourceFiles, type ClusterConfig } from "../../lib/sources/config";
import { harnessCluster, type MonitorEntry } from "./cluster-entry";
import type { Harness } from "./cluster";

export function collectorConfig(harness: Harness, name: string, overrides: Partial<MonitorEntry> = {}): ClusterConfig {
  const entry = harnessCluster(harness, name, overrides);
  const problems: string[] = [];
  const { ca } = readSourceFiles(entry, [], (at, message) => problems.push(`${at.join(".")}: ${message}`));
  if (problems.length > 0) throw new Error(`harness cluster ${name}: ${problems.join("; ")}`);
  const config = clusterSchema.parse(entry);
  return config.monitor ? { ...config, monitor: { ...config.monitor, ca } } : config;
}
