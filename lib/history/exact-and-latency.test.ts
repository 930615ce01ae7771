/** The sampler's part of the report's exact edges; the stores' part runs in exactAndLatencySuite (here on SQLite). */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { LatencyView } from "../model/types";
import { exactAndLatencySuite, FRESH, polled } from "./__fixtures__/exact-and-latency-suite";
import { sqliteStores } from "./__fixtures__/store-factory";
import { HistorySampler } from "./sampler";

const T0 = Date.parse("2026-11-21T04:00:00Z");

test("a stream created while the dashboard watches counts from zero; the canary's own stream never counts", () => {
  const sampler = new HistorySampler(FRESH, 60_000);
  const latency = { canary: { stream: "JSW_CANARY" } } as LatencyView;
  const created = { NEW: new Date(T0 + 1500).toISOString(), OLD: new Date(T0 - 3_600_000).toISOString() };
  assert.equal(sampler.sample(polled(T0, { ORDERS: 10, JSW_CANARY: 100 }, { latency }))!.cluster.storedDelta, null, "the first poll is the baseline");
  // NEW was made after the first poll, OLD before it (only now seen, e.g. its leader answered again).
  const second = sampler.sample(polled(T0 + 2000, { ORDERS: 15, JSW_CANARY: 110, NEW: 7, OLD: 900 }, { created, latency }))!;
  assert.equal(second.cluster.storedDelta, 5 + 7);
});

exactAndLatencySuite(sqliteStores);
