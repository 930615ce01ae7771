import assert from "node:assert/strict";
import { test } from "node:test";
import { chartStep, parsePeriod } from "./range";

const NOW = Date.parse("2026-11-21T12:00:00Z");
const FALLBACK = { from: 1, to: 2 };

test("periods: named ranges end now, custom periods need both ends in order, bad input is named", () => {
  const cases: [Parameters<typeof parsePeriod>[0], ReturnType<typeof parsePeriod>][] = [
    [{ range: "1h" }, { from: NOW - 3_600_000, to: NOW }],
    [{}, FALLBACK],
    [{ from: "2026-11-01T00:00:00Z", to: "2026-11-15T00:00:00Z" }, { from: Date.parse("2026-11-01T00:00:00Z"), to: Date.parse("2026-11-15T00:00:00Z") }],
    [{ range: "2w" }, 'range: "2w" must be one of 15m, 1h, 6h, 24h, 7d, 30d'],
    [{ from: "2026-11-01T00:00:00Z" }, "to: missing (give both from and to, ISO 8601 such as 2026-11-01T00:00:00Z)"],
    [{ from: "yesterday", to: "2026-11-15T00:00:00Z" }, 'from: "yesterday" is not an ISO 8601 time such as 2026-11-01T00:00:00Z'],
    [{ from: "2026-11-15T00:00:00Z", to: "2026-11-01T00:00:00Z" }, "from: must be before to"],
  ];
  for (const [params, expected] of cases) assert.deepEqual(parsePeriod(params, NOW, FALLBACK), expected, JSON.stringify(params));
});

test("chart steps: a few hundred points, never finer than the data", () => {
  const cases: [number, number, number][] = [
    [15 * 60_000, 2000, 5000],
    [3_600_000, 2000, 10_000],
    [24 * 3_600_000, 2000, 300_000],
    [30 * 86_400_000, 60_000, 7_200_000],
    [31 * 86_400_000, 60_000, 10_800_000],
    [15 * 60_000, 60_000, 60_000],
  ];
  for (const [period, finest, expected] of cases) assert.equal(chartStep(period, finest), expected, `${period} / ${finest}`);
});
