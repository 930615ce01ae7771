/** The collector's view of a harness cluster: its nginx proxies, with the proxy's credentials and CA. */
import { readFileSync } from "node:fs";
import type { ClusterConfig } from "../../lib/sources/config";
import type { Harness } from "./cluster";

export function collectorConfig(harness: Harness, name: string, overrides: Partial<ClusterConfig["monitor"]> = {}): ClusterConfig {
  return {
    name,
    expectedNodes: harness.nodes.length,
    monitor: {
      urls: harness.nodes.map((n) => n.proxyUrl ?? n.monitorUrl),
      user: harness.proxyUser,
      password: harness.proxyPassword,
      ca: harness.caFile ? readFileSync(harness.caFile, "utf8") : undefined,
      timeoutMs: 1500,
      maxResponseBytes: 32 << 20,
      ...overrides,
    },
  };
}
