import assert from "node:assert/strict";
import { test } from "node:test";
import type { Series } from "../history/store";
import { emptySeriesText, formatStep, rawSinceRecording, isolatedPoints, pointTime, resolutionText, seriesRows, summarize, timeAxis, withRate } from "./series-chart";

process.env.TZ = "UTC";

const T0 = Date.parse("2026-11-21T10:00:00Z");
const series: Series = {
  from: T0,
  to: T0 + 4 * 60_000,
  stepMs: 60_000,
  resolution: "rollup",
  points: [
    { at: T0, values: { inMsgsPerSec: 10, outMsgsPerSec: null } },
    { at: T0 + 60_000, values: { inMsgsPerSec: null, outMsgsPerSec: null } },
    { at: T0 + 120_000, values: { inMsgsPerSec: 30, outMsgsPerSec: 31 } },
    { at: T0 + 180_000, values: { inMsgsPerSec: 40, outMsgsPerSec: 41 } },
    { at: T0 + 240_000, values: {} },
  ],
};

test("rows keep every grid point and keep gaps as nulls, never zeros", () => {
  const rows = seriesRows(series, ["inMsgsPerSec", "outMsgsPerSec"]);
  assert.deepEqual(
    rows.map((r) => [r.t - T0, r.inMsgsPerSec, r.outMsgsPerSec]),
    [
      [0, 10, null],
      [60_000, null, null],
      [120_000, 30, 31],
      [180_000, 40, 41],
      [240_000, null, null],
    ],
  );
  assert.deepEqual([...isolatedPoints(rows, "inMsgsPerSec")], [0]);
  assert.deepEqual([...isolatedPoints(rows, "outMsgsPerSec")], []);
  const summary = summarize(rows, ["inMsgsPerSec", "outMsgsPerSec"]);
  assert.equal(summary.withData, 3);
  assert.equal(summary.total, 5);
  assert.equal(summary.latest?.t, T0 + 180_000);
  assert.deepEqual(summarize([], ["x"]), { withData: 0, total: 0, latest: null });
});

test("a rate from a cumulative total needs two neighbouring values; a gap or a step back gives none", () => {
  const rows = [0, 60, 120, 180, 240].map((s, i) => ({ t: T0 + s * 1000, total: [100, 160, null, 400, 300][i] }));
  assert.deepEqual(
    withRate(rows, "total", "perSec").map((r) => r.perSec),
    [null, 1, null, null, null],
  );
});

test("the words under a chart say what a point stands for", () => {
  const cases: [Parameters<typeof resolutionText>[0], string][] = [
    [{ resolution: "raw", sampleMs: 2000, stepMs: 5000 }, "raw samples every 2 s · one point per 5 s"],
    [{ resolution: "raw", sampleMs: 60_000, stepMs: 60_000 }, "raw samples every 1 min · one point per 1 min"],
    [{ resolution: "rollup", sampleMs: 60_000, stepMs: 300_000 }, "1-minute rollups · one point per 5 min"],
    [{ resolution: "rollup", sampleMs: 3_600_000, stepMs: 7_200_000 }, "1-hour rollups · one point per 2 h"],
  ];
  for (const [series, text] of cases) assert.equal(resolutionText(series), text);
  assert.deepEqual([formatStep(500), formatStep(1500), formatStep(90_000), formatStep(86_400_000)], ["500 ms", "1.5 s", "90 s", "1 d"]);
});

test("the time axis: round times of day for hours, dates for weeks, the date at midnight", () => {
  const day = Date.parse("2026-11-21T00:00:00Z");
  const cases: [string, number, number, string[]][] = [
    ["15 minutes", day + 10 * 3_600_000 + 7 * 60_000 + 13_000, 15 * 60_000, ["10:08", "10:10", "10:12", "10:14", "10:16", "10:18", "10:20", "10:22"]],
    ["1 hour", day + 10 * 3_600_000 + 7 * 60_000, 3_600_000, ["10:10", "10:20", "10:30", "10:40", "10:50", "11:00"]],
    ["6 hours", day + 9 * 3_600_000 + 30 * 60_000, 6 * 3_600_000, ["10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]],
    ["24 hours", day + 10 * 3_600_000, 24 * 3_600_000, ["12:00", "15:00", "18:00", "21:00", "22 Nov", "03:00", "06:00", "09:00"]],
    ["7 days", day + 10 * 3_600_000, 7 * 86_400_000, ["22 Nov", "23 Nov", "24 Nov", "25 Nov", "26 Nov", "27 Nov", "28 Nov"]],
    ["30 days", day, 30 * 86_400_000, ["23 Nov", "28 Nov", "3 Dec", "8 Dec", "13 Dec", "18 Dec"]],
    ["2 minutes", day + 30_000, 2 * 60_000, ["00:00:30", "00:01:00", "00:01:30", "00:02:00", "00:02:30"]],
  ];
  for (const [name, from, span, labels] of cases) {
    const axis = timeAxis(from, from + span);
    assert.deepEqual(axis.ticks.map(axis.tick), labels, name);
    assert.ok(axis.ticks.every((t) => t >= from && t <= from + span), name);
  }
  assert.equal(pointTime(day + 10 * 3_600_000 + 5 * 60_000 + 30_000), "21 Nov, 10:05:30");
});

test("ticks fall on local round times, not UTC ones", () => {
  process.env.TZ = "Asia/Kolkata";
  try {
    const from = Date.parse("2026-11-21T00:00:00Z");
    const axis = timeAxis(from, from + 6 * 3_600_000);
    assert.deepEqual(axis.ticks.map(axis.tick), ["06:00", "07:00", "08:00", "09:00", "10:00", "11:00"]);
  } finally {
    process.env.TZ = "UTC";
  }
});

test("an empty chart says why: never recorded, recorded after the period, or no rollup closed yet", () => {
  const day = Date.parse("2026-11-21T00:00:00Z");
  const period = { from: day + 3_600_000, to: day + 2 * 3_600_000, resolution: "rollup" as const, sampleMs: 3_600_000, rawKept: true };
  assert.equal(emptySeriesText({ ...period, recordedFrom: null }), "Nothing recorded yet: history starts when the dashboard starts recording this cluster.");
  assert.equal(emptySeriesText({ ...period, recordedFrom: day + 3 * 3_600_000 }), "Nothing recorded in this period. History starts when the dashboard started recording (21 Nov, 03:00:00).");
  assert.equal(
    emptySeriesText({ ...period, recordedFrom: day + 90 * 60_000 }),
    "No 1-hour rollup has closed in this period yet. The dashboard has recorded since 21 Nov, 01:30:00: a custom period from then on shows its raw samples.",
  );
  assert.equal(rawSinceRecording({ ...period, recordedFrom: day + 90 * 60_000 }), day + 91 * 60_000);
  assert.equal(rawSinceRecording({ ...period, recordedFrom: day + 90 * 60_000 + 29_000 }), day + 91 * 60_000);
  assert.equal(rawSinceRecording({ ...period, recordedFrom: day + 90 * 60_000 + 31_000 }), day + 92 * 60_000);
  assert.equal(rawSinceRecording({ ...period, recordedFrom: day }), null);
  assert.equal(rawSinceRecording({ ...period, resolution: "raw", recordedFrom: day + 90 * 60_000 }), null);
  assert.equal(emptySeriesText({ ...period, resolution: "raw", recordedFrom: day }), "Nothing recorded in this period. History starts when the dashboard started recording (21 Nov, 00:00:00).");
  // A series stored only in rollups (the canary's latency minutes) offers no raw samples.
  const minutesOnly = { ...period, sampleMs: 60_000, rawKept: false };
  assert.equal(rawSinceRecording({ ...minutesOnly, recordedFrom: day + 90 * 60_000 }), null);
  assert.equal(
    emptySeriesText({ ...minutesOnly, recordedFrom: day + 90 * 60_000 }),
    "No 1-minute rollup has closed in this period yet. The dashboard has recorded since 21 Nov, 01:30:00; this series is stored only in 1-minute rollups, each once it has closed.",
  );
  assert.equal(emptySeriesText({ ...minutesOnly, recordedFrom: day }), "Nothing recorded in this period. History starts when the dashboard started recording (21 Nov, 00:00:00).");
});
