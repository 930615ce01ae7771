/** Server start: validate the configuration (exit with one line per problem), start the collectors once, and audit the start. */
import "server-only";
import { applyAuthEnvironment } from "./auth/secrets";
import { ConfigError, getConfig, type DashboardConfig } from "./config";
import { configLoadedEntry } from "./config-fingerprint";
import { recordAudit } from "./history/audit-log";
import { startHistory, type HistoryRuntime } from "./history/runtime";
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

/**
 * Where the audit log's sources are subscribed. The configuration is recorded here at each start;
 * managed tokens record their own events (lib/auth/tokens.ts). Sign-in outcomes (the sign-in hook
 * in lib/auth) and alert actions (acknowledge, silence: the collectors' listener) subscribe here,
 * each handing its entries to recordAudit.
 */
function startAudit(config: DashboardConfig, history: HistoryRuntime): void {
  const previous = history.store?.audit.auditEntries({ kind: "config-loaded", limit: 1 })[0]?.subject ?? null;
  recordAudit(configLoadedEntry(config, previous));
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
  const hub = startHub(config);
  const history = startHistory(config, hub);
  startAudit(config, history);
  startMetrics(config.metrics, hub, history);
  console.log(
    `jetstream-watch: polling ${config.clusters.map(describeSources).join(", ")} every ${config.pollIntervalMs} ms; history ${history.store ? `in ${config.history.path}` : "off"}`,
  );
}
