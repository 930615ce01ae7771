/** Server start: validate the configuration (exit with one line per problem) and start the collectors once. */
import "server-only";
import { applyAuthEnvironment, ConfigError, getConfig } from "./config";
import { startHub } from "./hub";

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
  console.log(
    `jetstream-watch: polling ${hub.clusterNames().map((n) => `${n} (${hub.collector(n)?.cluster.monitor.urls.length} nodes)`).join(", ")} every ${config.pollIntervalMs} ms`,
  );
}
