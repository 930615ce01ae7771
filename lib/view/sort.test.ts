import assert from "node:assert/strict";
import { test } from "node:test";
import { compareValues, matchesSearch, sortRows } from "./sort";

test("null sorts last in both directions", () => {
  const values = [3, null, 1, 2];
  assert.deepEqual([...values].sort((a, b) => compareValues(a, b, "asc")), [1, 2, 3, null]);
  assert.deepEqual([...values].sort((a, b) => compareValues(a, b, "desc")), [3, 2, 1, null]);
});

test("strings compare with numbers inside them in numeric order", () => {
  const names = ["n10", "n2", "n1"];
  assert.deepEqual([...names].sort((a, b) => compareValues(a, b, "asc")), ["n1", "n2", "n10"]);
});

test("booleans compare as numbers", () => {
  assert.ok(compareValues(true, false, "desc") < 0);
});

test("sortRows sorts a copy by the chosen column and breaks ties with the tiebreak", () => {
  const rows = [
    { name: "b", size: 1 },
    { name: "a", size: 1 },
    { name: "c", size: 5 },
  ];
  const sorted = sortRows<(typeof rows)[number], "name" | "size">(rows, { name: (r) => r.name, size: (r) => r.size }, { key: "size", dir: "desc" }, (a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(sorted.map((r) => r.name), ["c", "a", "b"]);
  assert.deepEqual(rows.map((r) => r.name), ["b", "a", "c"], "the input is not reordered");
});

test("matchesSearch is case-insensitive, ignores surrounding spaces, and an empty query matches", () => {
  const cases: Array<[string, string[], boolean]> = [
    ["", ["ORDERS"], true],
    ["  ", ["ORDERS"], true],
    ["ord", ["ORDERS"], true],
    [" order ", ["LOGS", "prod.order.>"], true],
    ["x", ["ORDERS"], false],
  ];
  for (const [query, texts, expected] of cases) assert.equal(matchesSearch(query, texts), expected, `${query} in ${texts}`);
});
