/** Server start: validate the configuration (exit with one line per problem) and start the collectors once. */
import "server-only";
import { applyAuthEnvironment } from "./auth/secrets";
import { ConfigError, getConfig } from "./config";
import { openHistory, recordHistory } from "./history/runtime";
import { startHub } from "./hub";
import { startMetrics } from "./metrics/runtime";
import type { ClusterConfig } from "./sources/config";

function describeSources(cluster: ClusterConfig): string {
  const sources = [
    cluster.monitor ? `${cluster.monitor.urls.length} monitoring URL(s)` : null,
    cluster.system ? `system account via ${cluster.system.urls.length} NATS URL(s)` : null,
  ].filter(Boolean);
  return `${cluster.name} (${sources.join(" + ")})`;
}

export function boot(): void {
  let config;
  try {
    config = getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`jetstream-watch: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  applyAuthEnvironment(config);
  if (config.authSecretGenerated) console.warn(`jetstream-watch: AUTH_SECRET not set; using the secret kept in ${config.dataDir}/auth-secret`);
  // The store first: each collector continues from the alert state it keeps before its first poll.
  const history = openHistory(config);
  const store = history.store;
  const hub = startHub(config, store ? (cluster) => store.alertState(cluster) : undefined);
  recordHistory(history, hub, config);
  startMetrics(config.metrics, hub, history);
  console.log(
    `jetstream-watch: polling ${config.clusters.map(describeSources).join(", ")} every ${config.pollIntervalMs} ms; history ${history.store ? `in ${config.history.path}` : "off"}`,
  );
}
