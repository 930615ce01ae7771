import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRates, type CounterSample } from "./rates";

const base: CounterSample = {
  start: "2026-11-21T02:00:00Z",
  atMs: Date.parse("2026-11-21T02:10:00Z"),
  inMsgs: 1000,
  outMsgs: 2000,
  inBytes: 1_000_000,
  outBytes: 2_000_000,
  inClientMsgs: null,
  outClientMsgs: null,
};
const later = (delta: Partial<CounterSample>, seconds = 2): CounterSample => ({ ...base, atMs: base.atMs + seconds * 1000, ...delta });

test("rates are counter deltas over the server's own clock", () => {
  const rates = computeRates(base, later({ inMsgs: 1200, outMsgs: 2100, inBytes: 1_204_800, outBytes: 2_000_000 }));
  assert.deepEqual(rates, {
    inMsgsPerSec: 100,
    outMsgsPerSec: 50,
    inBytesPerSec: 102_400,
    outBytesPerSec: 0,
    inClientMsgsPerSec: null,
    outClientMsgsPerSec: null,
  });
});

test("client-only counters (2.12.9+) give client rates", () => {
  const rates = computeRates({ ...base, inClientMsgs: 10, outClientMsgs: 20 }, later({ inClientMsgs: 30, outClientMsgs: 20 }));
  assert.equal(rates?.inClientMsgsPerSec, 10);
  assert.equal(rates?.outClientMsgsPerSec, 0);
});

test("no previous sample: no rate", () => {
  assert.equal(computeRates(undefined, base), null);
});

test("a restart (new start time) yields no rate rather than a negative one", () => {
  assert.equal(computeRates(base, later({ start: "2026-11-21T02:09:59Z", inMsgs: 5, outMsgs: 5, inBytes: 5, outBytes: 5 })), null);
});

test("a counter that went backwards with the same start is treated as a reset", () => {
  assert.equal(computeRates(base, later({ inMsgs: 10 })), null);
});

test("a non-advancing server clock yields no rate", () => {
  assert.equal(computeRates(base, later({ inMsgs: 2000 }, 0)), null);
});
