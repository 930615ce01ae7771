import assert from "node:assert/strict";
import { test } from "node:test";
import { FIRST_PAINT_ROWS, listPreview } from "./first-paint";

test("a preview keeps the first rows in their order and counts what it leaves out", () => {
  const rows = Array.from({ length: 100 }, (_, i) => `row-${i}`);
  const preview = listPreview(rows, 1000);
  assert.equal(preview.rows.length, FIRST_PAINT_ROWS);
  assert.deepEqual(preview.rows.slice(0, 2), ["row-0", "row-1"]);
  assert.equal(preview.matched, 100);
  assert.equal(preview.total, 1000);
});

test("a short list is previewed whole", () => {
  assert.deepEqual(listPreview(["a", "b"], 2, 40), { rows: ["a", "b"], matched: 2, total: 2 });
  assert.deepEqual(listPreview([], 0), { rows: [], matched: 0, total: 0 });
});
