import assert from "node:assert/strict";
import { test } from "node:test";
import { consumer } from "./assets.fixture";
import { flagRank } from "../model/trouble";
import { ackPendingPercent, DEFAULT_CONSUMER_SORT, filterConsumers, sortConsumers, streamsOf } from "./consumers";

const consumers = [
  consumer("LOGS", "log-indexer", { numPending: 2, lastDeliveryAt: "2026-01-01T00:00:09Z" }),
  consumer("LOGS", "log-archiver", { numPending: 900, fallingBehind: true, lastDeliveryAt: "2026-01-01T00:00:08Z" }),
  consumer("ORDERS", "order-processor", { numPending: 10, stalled: true, lastDeliveryAt: "2026-01-01T00:00:01Z" }),
  consumer("ORDERS", "order-audit", { numPending: 5000, fallingBehind: true, lastDeliveryAt: null }),
  consumer("ORDERS", "slow", { account: "B", numPending: null }),
];
const names = (list: typeof consumers) => list.map((c) => c.name);

test("flag rank: stalled weighs more than falling behind", () => {
  assert.equal(flagRank({ stalled: false, fallingBehind: false }), 0);
  assert.equal(flagRank({ stalled: false, fallingBehind: true }), 1);
  assert.equal(flagRank({ stalled: true, fallingBehind: false }), 2);
  assert.equal(flagRank({ stalled: true, fallingBehind: true }), 3);
});

test("default order: stalled, then falling behind by unprocessed, then the rest by unprocessed", () => {
  assert.deepEqual(names(sortConsumers(consumers, DEFAULT_CONSUMER_SORT)), ["order-processor", "order-audit", "log-archiver", "log-indexer", "slow"]);
});

test("sorting by last delivery age: ascending is the most recent first, never-delivered last", () => {
  assert.deepEqual(names(sortConsumers(consumers, { key: "lastDelivery", dir: "asc" })), ["log-indexer", "log-archiver", "order-processor", "order-audit", "slow"]);
});

test("unknown unprocessed (no leader view) sorts last", () => {
  assert.equal(sortConsumers(consumers, { key: "unprocessed", dir: "asc" }).at(-1)?.name, "slow");
  assert.equal(sortConsumers(consumers, { key: "unprocessed", dir: "desc" }).at(-1)?.name, "slow");
});

test("filters combine: account, stream, flagged only, search over consumer and stream names", () => {
  const none = { account: null, stream: null, flagged: false, q: "" };
  assert.equal(filterConsumers(consumers, none).length, 5);
  assert.deepEqual(names(filterConsumers(consumers, { ...none, flagged: true })), ["log-archiver", "order-processor", "order-audit"]);
  assert.deepEqual(names(filterConsumers(consumers, { ...none, stream: "LOGS" })), ["log-indexer", "log-archiver"]);
  assert.deepEqual(names(filterConsumers(consumers, { ...none, account: "B" })), ["slow"]);
  assert.deepEqual(names(filterConsumers(consumers, { ...none, q: "orders" })), ["order-processor", "order-audit", "slow"]);
  assert.deepEqual(streamsOf(consumers), ["LOGS", "ORDERS"]);
});

test("ack pending as a share of max_ack_pending; none when unlimited", () => {
  assert.equal(ackPendingPercent({ numAckPending: 900, maxAckPending: 1000 }), 90);
  assert.equal(ackPendingPercent({ numAckPending: 900, maxAckPending: null }), null);
  assert.equal(ackPendingPercent({ numAckPending: 900, maxAckPending: -1 }), null);
});
