import assert from "node:assert/strict";
import { test } from "node:test";
import { alertThresholdsSchema, DEFAULT_ALERT_THRESHOLDS } from "./thresholds";

test("the defaults are valid configuration themselves", () => {
  assert.deepEqual(alertThresholdsSchema.parse(DEFAULT_ALERT_THRESHOLDS), DEFAULT_ALERT_THRESHOLDS);
});

test("defaults match `nats server check` where it has them", () => {
  const { storageWarnPercent, storageCritPercent, memoryWarnPercent, memoryCritPercent, replicaLagCritical, replicaSeenCriticalMs } = DEFAULT_ALERT_THRESHOLDS;
  assert.deepEqual(
    { storageWarnPercent, storageCritPercent, memoryWarnPercent, memoryCritPercent, replicaLagCritical, replicaSeenCriticalMs },
    { storageWarnPercent: 75, storageCritPercent: 90, memoryWarnPercent: 75, memoryCritPercent: 90, replicaLagCritical: 200, replicaSeenCriticalMs: 5000 },
  );
});

const cases: { name: string; input: unknown; problem: RegExp | null }[] = [
  { name: "nothing set keeps every default", input: {}, problem: null },
  { name: "a consumer check turned on", input: { unprocessedCritical: 1000, lastDeliveryCriticalMs: 300_000 }, problem: null },
  { name: "an optional check turned off with null", input: { memoryRssWarnBytes: null }, problem: null },
  { name: "a required level cannot be null", input: { storageWarnPercent: null }, problem: /storageWarnPercent/ },
  { name: "an unknown key (a typo)", input: { storageWarnPercnt: 80 }, problem: /storageWarnPercnt/ },
  { name: "a warning above its critical level", input: { storageWarnPercent: 95, storageCritPercent: 90 }, problem: /storageWarnPercent.*must not be above storageCritPercent/ },
  { name: "a percentage over 100", input: { cpuCritPercent: 150 }, problem: /cpuCritPercent/ },
  { name: "a replica silence shorter than a second", input: { replicaSeenCriticalMs: 500 }, problem: /replicaSeenCriticalMs/ },
  { name: "a fractional operation count", input: { replicaLagCritical: 10.5 }, problem: /replicaLagCritical/ },
];

for (const c of cases) {
  test(`alert thresholds: ${c.name}`, () => {
    const result = alertThresholdsSchema.safeParse(c.input);
    if (c.problem === null) {
      assert.ok(result.success, result.error?.message);
      return;
    }
    assert.ok(!result.success);
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
    assert.match(problems, c.problem);
  });
}
