import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { DEFAULT_ALERT_THRESHOLDS } from "../alerts/thresholds";
import { PROMETHEUS_RULES, prometheusRulesYaml } from "./prometheus-rules";

test("deploy/prometheus/rules.yml is what the rule defaults generate (npx tsx scripts/prometheus-rules.ts)", () => {
  const committed = readFileSync(path.resolve(__dirname, "../../deploy/prometheus/rules.yml"), "utf8");
  assert.equal(committed, prometheusRulesYaml());
});

test("the Prometheus rules use the dashboard's own levels", () => {
  const expr = (name: string) => PROMETHEUS_RULES.find((r) => r.alert === name)?.expr ?? "";
  assert.match(expr("JetStreamReplicaLagging"), new RegExp(`> ${DEFAULT_ALERT_THRESHOLDS.replicaLagCritical}$`));
  assert.match(expr("JetStreamStorageHigh"), new RegExp(`> ${DEFAULT_ALERT_THRESHOLDS.storageWarnPercent / 100}$`));
  assert.match(expr("JetStreamStorageCritical"), new RegExp(`> ${DEFAULT_ALERT_THRESHOLDS.storageCritPercent / 100}$`));
  assert.match(expr("JetStreamReplicaNotSeen"), new RegExp(`> ${DEFAULT_ALERT_THRESHOLDS.replicaSeenCriticalMs / 1000} `));
});
