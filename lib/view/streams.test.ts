import assert from "node:assert/strict";
import { test } from "node:test";
import { stream } from "./assets.fixture";
import { ageMs, formatSaturation, isSaturated, saturationPercent, searchStreams, sortStreams, streamSaturation, timestampMs } from "./streams";

test("saturation is used over limit in percent, null without a limit", () => {
  const cases: Array<[number | null, number | null, number | null]> = [
    [90_000, 100_000, 90],
    [0, 100, 0],
    [5, null, null],
    [null, 100, null],
    [5, 0, null],
  ];
  for (const [used, limit, expected] of cases) assert.equal(saturationPercent(used, limit), expected, `${used}/${limit}`);
});

test("formatSaturation rounds down, keeps a decimal below 10 %, and shows — without a limit", () => {
  const cases: Array<[number | null, string]> = [
    [null, "—"],
    [0, "0 %"],
    [0.04, "0.0 %"],
    [0.56, "0.5 %"],
    [9.99, "9.9 %"],
    [90, "90 %"],
    [90.9, "90 %"],
    [99.99, "99 %"],
    [100, "100 %"],
  ];
  for (const [pct, text] of cases) assert.equal(formatSaturation(pct), text, String(pct));
  assert.equal(isSaturated(89.99), false);
  assert.equal(isSaturated(90), true);
  assert.equal(isSaturated(null), false);
});

test("streamSaturation covers messages, bytes and consumers", () => {
  const s = stream("FILL", { messages: 50, maxMsgs: 200, bytes: 95, maxBytes: 100, consumerCount: 1, maxConsumers: null });
  assert.deepEqual(streamSaturation(s), { messages: 25, bytes: 95, consumers: null });
});

test("timestamps: Go's zero time and garbage are unknown; ages never go negative", () => {
  assert.equal(timestampMs("0001-01-01T00:00:00Z"), null);
  assert.equal(timestampMs("not a time"), null);
  assert.equal(timestampMs(null), null);
  const t = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(ageMs("2026-01-01T00:00:00Z", t + 5000), 5000);
  assert.equal(ageMs("2026-01-01T00:00:05Z", t), 0);
});

const streams = [
  stream("ORDERS", { bytes: 500, maxBytes: 1000, lastTs: "2026-01-01T00:00:05Z", subjects: ["prod.order.>"] }),
  stream("LOGS", { bytes: 950, maxBytes: 1000, lastTs: "2026-01-01T00:00:09Z", subjects: ["prod.logs.>"] }),
  stream("EMPTY", { bytes: 0, maxBytes: null, lastTs: null, subjects: ["empty"] }),
  stream("AUDIT", { account: "SEC", bytes: 2, maxBytes: 20, lastTs: "2026-01-01T00:00:01Z", subjects: ["audit.>"] }),
];
const names = (list: typeof streams) => list.map((s) => s.name);

test("sorting by saturation puts streams without a limit last in both directions", () => {
  assert.deepEqual(names(sortStreams(streams, { key: "bytesSaturation", dir: "desc" })), ["LOGS", "ORDERS", "AUDIT", "EMPTY"]);
  assert.deepEqual(names(sortStreams(streams, { key: "bytesSaturation", dir: "asc" })), ["AUDIT", "ORDERS", "LOGS", "EMPTY"]);
});

test("sorting by age of the last message: ascending is the most recent first", () => {
  assert.deepEqual(names(sortStreams(streams, { key: "lastAge", dir: "asc" })), ["LOGS", "ORDERS", "AUDIT", "EMPTY"]);
});

test("sorting by name breaks ties by account", () => {
  const twins = [stream("X", { account: "B" }), stream("X", { account: "A" })];
  assert.deepEqual(sortStreams(twins, { key: "name", dir: "asc" }).map((s) => s.account), ["A", "B"]);
});

test("search matches names and subjects; the account filter is exact", () => {
  assert.deepEqual(names(searchStreams(streams, { account: null, q: "prod." })), ["ORDERS", "LOGS"]);
  assert.deepEqual(names(searchStreams(streams, { account: "SEC", q: "" })), ["AUDIT"]);
  assert.deepEqual(names(searchStreams(streams, { account: "SEC", q: "orders" })), []);
});
