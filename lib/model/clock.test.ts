import assert from "node:assert/strict";
import { test } from "node:test";
import { clockSkew, skewBeyond } from "./clock";

test("skew is the node's time against the middle of the round trip, within half of it", () => {
  // Sent at 10:00:00.000, answered after 40 ms; the node wrote 10:00:03.020 (nanoseconds as Go prints them).
  const sent = Date.parse("2026-11-20T10:00:00.000Z");
  assert.deepEqual(clockSkew("2026-11-20T10:00:03.020123456Z", sent, 40), { skewMs: 3000, errorMs: 20 });
  assert.deepEqual(clockSkew("2026-11-20T09:59:59.520Z", sent, 40), { skewMs: -500, errorMs: 20 });
  assert.deepEqual(clockSkew("2026-11-20T11:00:00.001+01:00", sent, 1), { skewMs: 1, errorMs: 1 }, "an offset in the node's time is honoured");
});

test("no skew without the node's time, the request's start, or a readable time", () => {
  assert.equal(clockSkew(undefined, 0, 1), null);
  assert.equal(clockSkew("2026-11-20T10:00:00Z", undefined, 1), null);
  assert.equal(clockSkew("yesterday-ish", 0, 1), null);
});

test("a skew is beyond a limit only when its error bound cannot bring it inside", () => {
  assert.equal(skewBeyond({ skewMs: 3000, errorMs: 20 }, 500), true);
  assert.equal(skewBeyond({ skewMs: -3000, errorMs: 20 }, 500), true);
  assert.equal(skewBeyond({ skewMs: 600, errorMs: 150 }, 500), false, "600 ± 150 may be 450");
  assert.equal(skewBeyond({ skewMs: 400, errorMs: 0 }, 500), false);
});
