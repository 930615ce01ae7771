import assert from "node:assert/strict";
import { test } from "node:test";
import { RecentSeries } from "./recent-series";

test("keeps the last `capacity` samples, oldest first", () => {
  const s = new RecentSeries(["a", "b"] as const, 3);
  for (let t = 1; t <= 5; t++) s.record(t * 1000, [["x", { a: t, b: t * 10 }]]);
  assert.deepEqual(s.read("x"), [
    { at: 3000, values: { a: 3, b: 30 } },
    { at: 4000, values: { a: 4, b: 40 } },
    { at: 5000, values: { a: 5, b: 50 } },
  ]);
});

test("nulls and absent assets read back as gaps", () => {
  const s = new RecentSeries(["a"] as const, 4);
  s.record(1, [["x", { a: 1 }], ["y", { a: 7 }]]);
  s.record(2, [["x", { a: null }], ["y", { a: 8 }]]);
  s.record(3, [["y", { a: 9 }]]);
  assert.deepEqual(s.read("x")?.map((p) => p.values.a), [1, null, null]);
  assert.deepEqual(s.read("y")?.map((p) => p.values.a), [7, 8, 9]);
  assert.equal(s.read("nope"), null);
});

test("an asset that joins later has gaps before it appeared", () => {
  const s = new RecentSeries(["a"] as const, 4);
  s.record(1, [["x", { a: 1 }]]);
  s.record(2, [["x", { a: 2 }], ["late", { a: 5 }]]);
  assert.deepEqual(s.read("late")?.map((p) => p.values.a), [null, 5]);
});

test("assets unseen for a whole window are forgotten", () => {
  const s = new RecentSeries(["a"] as const, 3);
  s.record(1, [["gone", { a: 1 }], ["kept", { a: 1 }]]);
  for (let t = 2; t <= 4; t++) s.record(t, [["kept", { a: t }]]);
  assert.equal(s.read("gone"), null);
  assert.equal(s.size, 1);
});
