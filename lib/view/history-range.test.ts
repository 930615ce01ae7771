import assert from "node:assert/strict";
import { test } from "node:test";
import { choiceIsLive, choicePeriod, parseCustomInputs, rangeChoiceParams, rangeChoiceQuery, readRangeChoice, storedSeriesUrl, refreshPeriodMs, toLocalInput, utcOffsetLabel, type RangeChoice } from "./history-range";

// Local-time inputs are checked in a zone with an offset and a daylight-saving change.
process.env.TZ = "Europe/Berlin";

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

test("custom inputs are local time, validated with a message a person can act on", () => {
  const winter = new Date(2026, 10, 21, 9, 5).getTime();
  assert.equal(toLocalInput(winter), "2026-11-21T09:05");
  assert.deepEqual(parseCustomInputs("2026-11-21T09:05", "2026-11-21T10:00"), { from: winter, to: winter + 55 * 60_000 });
  assert.equal(new Date(winter).toISOString(), "2026-11-21T08:05:00.000Z");
  // Across the end of summer time the hour repeats: the period is 25 hours long.
  const across = parseCustomInputs("2026-10-24T12:00", "2026-10-25T12:00");
  assert.ok(typeof across !== "string");
  assert.equal(across.to - across.from, 25 * 3_600_000);
  const cases: [string, string, string][] = [
    ["", "2026-11-21T10:00", "Enter both a start and an end."],
    ["2026-02-31T10:00", "2026-03-05T10:00", "The start is not a valid date and time."],
    ["2026-11-21T10:00", "tomorrow", "The end is not a valid date and time."],
    ["2026-11-21T10:00", "2026-11-21T10:00", "The start must be before the end."],
    ["2020-01-01T00:00", "2026-01-01T00:00", "The period may span at most 400 days."],
  ];
  for (const [from, to, message] of cases) assert.equal(parseCustomInputs(from, to), message, `${from} – ${to}`);
  assert.equal(utcOffsetLabel(winter), "UTC+01:00");
  assert.equal(utcOffsetLabel(new Date(2026, 6, 1).getTime()), "UTC+02:00");
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
