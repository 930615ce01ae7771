import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_ALERT_THRESHOLDS } from "../alerts/thresholds";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import type { NodeJetStream } from "../model/types";
import { stream } from "./assets.fixture";
import { nodeStorageRows, storageLevel, streamsNearestLimit, usedPercent, type StorageLevels } from "./storage";

const GIB = 1024 ** 3;
const polled = snapshotFrom(scenarioPolls("2.14.5", "steady"), null, Date.parse("2026-01-01T00:00:00Z"));
const withStorage = (storageBytes: number, storageLimitBytes: number | null): NodeJetStream => ({ ...polled.nodes[0].jetstream!, storageBytes, storageLimitBytes });

test("a level follows the storage alert's thresholds, default or configured", () => {
  const configured: StorageLevels = { storageWarnPercent: 60, storageCritPercent: 80 };
  const cases: [number | null, StorageLevels, string | null][] = [
    [null, DEFAULT_ALERT_THRESHOLDS, null],
    [0, DEFAULT_ALERT_THRESHOLDS, "ok"],
    [74.9, DEFAULT_ALERT_THRESHOLDS, "ok"],
    [75, DEFAULT_ALERT_THRESHOLDS, "warning"],
    [89.9, DEFAULT_ALERT_THRESHOLDS, "warning"],
    [90, DEFAULT_ALERT_THRESHOLDS, "critical"],
    [120, DEFAULT_ALERT_THRESHOLDS, "critical"],
    [59, configured, "ok"],
    [60, configured, "warning"],
    [80, configured, "critical"],
  ];
  for (const [percent, levels, expected] of cases) assert.equal(storageLevel(percent, levels), expected, `${percent} % of ${JSON.stringify(levels)}`);
});

test("used percent is null without a limit", () => {
  const cases: [number | null, number | null, number | null][] = [
    [50, 200, 25],
    [0, 200, 0],
    [50, null, null],
    [50, 0, null],
    [null, 200, null],
  ];
  for (const [used, limit, expected] of cases) assert.equal(usedPercent(used, limit), expected, `${used} of ${limit}`);
});

test("node rows: usage against the limit, no level without a limit, dashes without JetStream", () => {
  const [n1, n2, n3] = polled.nodes;
  const nodes = [
    { ...n1, jetstream: withStorage(0.95 * GIB, GIB) },
    { ...n2, jetstream: withStorage(0.8 * GIB, null) },
    { ...n3, jetstream: null },
  ];
  const rows = nodeStorageRows(nodes, DEFAULT_ALERT_THRESHOLDS);
  assert.deepEqual(
    rows.map((r) => [r.name, r.storagePercent === null ? null : Math.round(r.storagePercent), r.level, r.hasJetStream]),
    [
      ["n1", 95, "critical", true],
      ["n2", null, null, true],
      ["n3", null, null, false],
    ],
  );
  assert.equal(rows[0].memoryLimitBytes, n1.jetstream!.memoryLimitBytes);
  assert.equal(rows[2].storageBytes, null);
  assert.equal(nodeStorageRows(nodes, { storageWarnPercent: 96, storageCritPercent: 99 })[0].level, "ok");
});

test("streams nearest their max_bytes: fullest first, with time to full at the current growth", () => {
  const streams = [
    stream("UNLIMITED", { bytes: 900, maxBytes: null }),
    stream("HALF", { bytes: 500, maxBytes: 1000, bytesPerSec: 100 }),
    stream("FULL", { bytes: 990, maxBytes: 1000, bytesPerSec: 0 }),
    stream("SHRINKING", { bytes: 700, maxBytes: 1000, bytesPerSec: -5 }),
    stream("HALF", { account: "B", bytes: 50, maxBytes: 100, bytesPerSec: null }),
  ];
  const rows = streamsNearestLimit(streams);
  assert.deepEqual(
    rows.map((r) => [r.key, r.percent, r.growingBytesPerSec, r.fullInMs]),
    [
      ["APP/FULL", 99, null, null],
      ["APP/SHRINKING", 70, null, null],
      ["APP/HALF", 50, 100, 5000],
      ["B/HALF", 50, null, null],
    ],
  );
  assert.deepEqual(streamsNearestLimit(streams, 2).map((r) => r.name), ["FULL", "SHRINKING"]);
  assert.deepEqual(streamsNearestLimit([stream("NONE")]), []);
});
