import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterQuery, nextSort, readParam, readSort, sortParams, withParams } from "./url-state";

const KEYS = ["name", "bytes"] as const;
const FALLBACK = { key: "name", dir: "asc" } as const;
const natural = (key: string) => (key === "bytes" ? "desc" : "asc");

test("readParam reads the first value from either source and treats empty as absent", () => {
  const cases: Array<[Parameters<typeof readParam>[0], string | null]> = [
    [new URLSearchParams("account=APP"), "APP"],
    [new URLSearchParams("account="), null],
    [new URLSearchParams(""), null],
    [{ account: "APP" }, "APP"],
    [{ account: ["A", "B"] }, "A"],
    [{ account: undefined }, null],
    [{ account: "" }, null],
  ];
  for (const [source, expected] of cases) assert.equal(readParam(source, "account"), expected);
});

test("readSort accepts known keys, falls back on unknown ones, defaults the direction per key", () => {
  const cases: Array<[string, { key: string; dir: string }]> = [
    ["", FALLBACK],
    ["sort=bytes", { key: "bytes", dir: "desc" }],
    ["sort=bytes&dir=asc", { key: "bytes", dir: "asc" }],
    ["sort=name&dir=desc", { key: "name", dir: "desc" }],
    ["sort=name&dir=sideways", { key: "name", dir: "asc" }],
    ["sort=constructor&dir=desc", FALLBACK],
  ];
  for (const [query, expected] of cases) assert.deepEqual(readSort(new URLSearchParams(query), KEYS, FALLBACK, natural), expected, query);
});

test("nextSort flips the same column and starts another in its natural direction", () => {
  assert.deepEqual(nextSort({ key: "name", dir: "asc" }, "name", "asc"), { key: "name", dir: "desc" });
  assert.deepEqual(nextSort({ key: "name", dir: "desc" }, "name", "asc"), { key: "name", dir: "asc" });
  assert.deepEqual(nextSort({ key: "name", dir: "asc" }, "bytes", "desc"), { key: "bytes", dir: "desc" });
});

test("sortParams leaves the default sort out of the URL", () => {
  assert.deepEqual(sortParams(FALLBACK, FALLBACK), { sort: null, dir: null });
  assert.deepEqual(sortParams({ key: "bytes", dir: "desc" }, FALLBACK), { sort: "bytes", dir: "desc" });
});

test("withParams keeps other parameters, sets, and removes null or empty ones", () => {
  assert.equal(withParams("cluster=east&q=ord", { q: "log" }), "?cluster=east&q=log");
  assert.equal(withParams("cluster=east&q=ord", { q: "" }), "?cluster=east");
  assert.equal(withParams(new URLSearchParams("q=ord"), { q: null }), "");
  assert.equal(withParams("", { account: "A B" }), "?account=A+B");
});

test("clusterQuery encodes the cluster name, or is empty without one", () => {
  assert.equal(clusterQuery("prod east"), "?cluster=prod+east");
  assert.equal(clusterQuery(null), "");
});
