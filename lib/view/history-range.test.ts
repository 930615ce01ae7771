import assert from "node:assert/strict";
import { test } from "node:test";
import { choiceIsLive, choicePeriod, rangeChoiceParams, rangeChoiceQuery, readRangeChoice, storedSeriesUrl, refreshPeriodMs, type RangeChoice } from "./history-range";

const FROM = "2026-11-01T00:00:00.000Z";
const TO = "2026-11-02T12:00:00.000Z";

test("the URL holds a named range or a custom period; bad values fall back and say why", () => {
  const cases: [string, RangeChoice, string | null][] = [
    ["", { kind: "range", range: "24h" }, null],
    ["range=6h", { kind: "range", range: "6h" }, null],
    ["range=6h&from=x", { kind: "range", range: "6h" }, null],
    [`from=${FROM}&to=${TO}`, { kind: "custom", from: Date.parse(FROM), to: Date.parse(TO) }, null],
    ["range=2w", { kind: "range", range: "24h" }, 'range: "2w" must be one of 15m, 1h, 6h, 24h, 7d, 30d'],
    [`from=${FROM}`, { kind: "range", range: "24h" }, "to: missing (give both from and to, ISO 8601 such as 2026-11-01T00:00:00Z)"],
    [`from=${TO}&to=${FROM}`, { kind: "range", range: "24h" }, "from: must be before to"],
    ["cluster=east", { kind: "range", range: "24h" }, null],
  ];
  for (const [query, choice, problem] of cases) assert.deepEqual(readRangeChoice(new URLSearchParams(query), "24h"), { choice, problem }, query);
  assert.deepEqual(readRangeChoice({ range: ["1h", "6h"] }, "24h").choice, { kind: "range", range: "1h" });
});

test("a choice written to the URL reads back the same, and clears the other parameters", () => {
  const choices: RangeChoice[] = [
    { kind: "range", range: "15m" },
    { kind: "range", range: "30d" },
    { kind: "custom", from: Date.parse(FROM), to: Date.parse(TO) },
  ];
  for (const choice of choices) {
    const params = rangeChoiceParams(choice);
    const url = new URLSearchParams("cluster=east");
    for (const [k, v] of Object.entries(params)) if (v === null) url.delete(k);
    else url.set(k, v);
    assert.deepEqual(readRangeChoice(url, "24h"), { choice, problem: null }, url.toString());
    assert.equal(url.get("cluster"), "east");
  }
  assert.deepEqual(rangeChoiceParams({ kind: "range", range: "1h" }), { range: "1h", from: null, to: null });
  assert.deepEqual(rangeChoiceQuery({ kind: "custom", from: Date.parse(FROM), to: Date.parse(TO) }), { from: FROM, to: TO });
  assert.deepEqual(rangeChoiceQuery({ kind: "range", range: "7d" }), { range: "7d" });
});

test("named ranges end now and refresh; a custom period refreshes only while it has not ended", () => {
  const now = Date.parse("2026-11-21T12:00:00Z");
  assert.deepEqual(choicePeriod({ kind: "range", range: "1h" }, now), { from: now - 3_600_000, to: now });
  assert.equal(choiceIsLive({ kind: "range", range: "30d" }, now), true);
  assert.equal(choiceIsLive({ kind: "custom", from: now - 10, to: now - 1 }, now), false);
  assert.equal(choiceIsLive({ kind: "custom", from: now - 10, to: now + 60_000 }, now), true);
  assert.deepEqual([refreshPeriodMs(null), refreshPeriodMs(5000), refreshPeriodMs(300_000)], [30_000, 30_000, 300_000]);
});

test("the API URL of a target's stored series carries the cluster, the target's names and the period", () => {
  const custom: RangeChoice = { kind: "custom", from: Date.parse(FROM), to: Date.parse(TO) };
  assert.equal(storedSeriesUrl("east", { kind: "cluster" }, { kind: "range", range: "1h" }), "/api/v1/history/cluster?cluster=east&range=1h");
  assert.equal(storedSeriesUrl("east", { kind: "node", node: "n 1" }, custom), `/api/v1/history/node?cluster=east&node=n+1&from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`);
  assert.equal(
    storedSeriesUrl("east", { kind: "consumer", account: "APP", stream: "ORDERS", name: "proc" }, { kind: "range", range: "7d" }),
    "/api/v1/history/consumer?cluster=east&account=APP&stream=ORDERS&name=proc&range=7d",
  );
});
