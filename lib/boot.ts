/** Server start: validate the configuration (exit with one line per problem), start the collectors once, and audit the start. */
import "server-only";
import { applyAuthEnvironment } from "./auth/secrets";
import { onSignIn } from "./auth/sign-in-events";
import { ConfigError, getConfig, type DashboardConfig } from "./config";
import { configLoadedEntry } from "./config-fingerprint";
import { recordAudit } from "./history/audit-log";
import { describeStore } from "./history/config";
import { makeRecorders, openHistory, type HistoryRuntime } from "./history/runtime";
import { createHub, loadAlertStates, type Hub } from "./hub";
import { startMetrics } from "./metrics/runtime";
import { PostgresLeadership, SoloLeadership } from "./replicas/leadership";
import { CycleRelay } from "./replicas/relay";
import { Replica, REPLICA_ID, startReplica } from "./replicas/replica";
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
 * managed tokens record their own events (lib/auth/tokens.ts); sign-in outcomes (lib/auth's
 * sign-in hook) and alert actions (acknowledge, silence: the collectors' listener) are recorded here.
 */
async function startAudit(config: DashboardConfig, history: HistoryRuntime, hub: Hub): Promise<void> {
  const previous = (await history.store?.audit.auditEntries({ kind: "config-loaded", limit: 1 }).catch((err) => {
    console.error("jetstream-watch: the audit log could not be read:", err);
    return [];
  }))?.[0]?.subject ?? null;
  await recordAudit(configLoadedEntry(config, previous));
  onSignIn((outcome) =>
    recordAudit({
      at: outcome.at,
      kind: outcome.ok ? "sign-in" : "sign-in-failed",
      actor: outcome.user ?? "(unknown)",
      ip: outcome.ip,
      subject: outcome.method === "oidc" ? "single sign-on" : "password",
      detail: outcome.ok
        ? `role ${outcome.role}`
        : [outcome.reason, outcome.retryAfterSeconds !== undefined ? `retry in ${outcome.retryAfterSeconds} s` : null, outcome.detail ?? null].filter(Boolean).join("; "),
    }),
  );
  for (const collector of hub.collectors.values()) {
    collector.subscribeAlertActions((action) =>
      recordAudit({
        at: Date.parse(action.at),
        kind: action.kind === "acknowledge" ? "alert-acknowledged" : "alert-silenced",
        actor: action.by,
        ip: null,
        subject: `${action.cluster}: ${action.alertId}`,
        detail: [action.subjectLabel, action.kind === "silence" ? `until ${action.until}` : null, action.note ? `note: ${action.note}` : null].filter(Boolean).join("; "),
      }),
    );
  }
}

export async function boot(): Promise<void> {
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
  if (config.authSecretGenerated) {
    // Replicas that share the store but not the secret reject each other's sessions: a failover signs everyone out.
    const replicas = config.history.postgres ? "; replicas that share the PostgreSQL store must all be given the same AUTH_SECRET" : "";
    console.warn(`jetstream-watch: AUTH_SECRET not set; using the secret kept in ${config.dataDir}/auth-secret${replicas}`);
  }
  // The store first: each collector continues from the alert state it keeps before its first poll.
  const history = await openHistory(config);
  const store = history.store;
  const hub = createHub(config, store ? await loadAlertStates(config.clusters, (cluster) => store.alertState(cluster)) : undefined);
  makeRecorders(history, hub, config);
  await startAudit(config, history, hub);
  startMetrics(config.metrics, hub, history);
  // Replicas sharing a PostgreSQL store take turns per cluster; with SQLite this process leads them all.
  const clusters = config.clusters.map((c) => c.name);
  const postgres = store ? config.history.postgres : null;
  const replica = startReplica(() => {
    if (!postgres) return new Replica(hub, history, new SoloLeadership(clusters), false);
    new CycleRelay(postgres.url, hub, REPLICA_ID).start();
    return new Replica(hub, history, new PostgresLeadership({ url: postgres.url, clusters }), true);
  });
  console.log(
    `jetstream-watch: ${replica.shared ? `replica ${replica.id}, polling where it leads: ` : "polling "}${config.clusters.map(describeSources).join(", ")} every ${config.pollIntervalMs} ms; history ${history.store ? describeStore(config.history) : "off"}`,
  );
}
