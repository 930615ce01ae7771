import assert from "node:assert/strict";
import { test } from "node:test";
import { parseZoneInputs, toLocalInput, toZoneInput, utcOffsetLabel, zoneLabel, type InputZone } from "./period-inputs";

// Local inputs are read in a zone with an offset and a daylight-saving change, so a zone mix-up cannot pass unnoticed.
process.env.TZ = "Europe/Berlin";

const at = (iso: string) => Date.parse(iso);

test("the same typed time is a different instant in each zone, and shows back as typed", () => {
  const cases: [InputZone, string, string][] = [
    ["utc", "2026-11-21T09:05", "2026-11-21T09:05:00.000Z"],
    ["local", "2026-11-21T09:05", "2026-11-21T08:05:00.000Z"],
    ["local", "2026-07-01T09:05", "2026-07-01T07:05:00.000Z"],
  ];
  for (const [zone, typed, instant] of cases) {
    const period = parseZoneInputs(typed, "2026-12-31T00:00", zone);
    assert.ok(typeof period !== "string", `${zone} ${typed}`);
    assert.equal(new Date(period.from).toISOString(), instant, `${zone} ${typed}`);
    assert.equal(toZoneInput(period.from, zone), typed, `${zone} ${typed} back`);
  }
});

test("bad input says what to fix, in the same words in either zone", () => {
  const cases: [string, string, string][] = [
    ["", "2026-11-21T10:00", "Enter both a start and an end."],
    ["2026-02-31T10:00", "2026-03-05T10:00", "The start is not a valid date and time."],
    ["2026-11-21T10:00", "tomorrow", "The end is not a valid date and time."],
    ["2026-11-21T10:00", "2026-11-21T10:00", "The start must be before the end."],
    ["2026-11-21T11:00", "2026-11-21T10:00", "The start must be before the end."],
    ["2020-01-01T00:00", "2026-01-01T00:00", "The period may span at most 400 days."],
  ];
  for (const zone of ["utc", "local"] as const)
    for (const [from, to, message] of cases) assert.equal(parseZoneInputs(from, to, zone), message, `${zone}: ${from} – ${to}`);
  assert.deepEqual(parseZoneInputs("2026-11-21T10:00", "2026-11-21T10:00:30", "utc"), { from: at("2026-11-21T10:00:00Z"), to: at("2026-11-21T10:00:30Z") });
});

test("labels name the zone: UTC, or local time with its offset at that moment", () => {
  assert.equal(zoneLabel("utc", at("2026-07-01T00:00:00Z")), "UTC");
  assert.equal(zoneLabel("local", at("2026-07-01T00:00:00Z")), "local time, UTC+02:00");
  assert.equal(zoneLabel("local", at("2026-12-01T00:00:00Z")), "local time, UTC+01:00");
});

test("local inputs are the browser's local time, across a daylight-saving change", () => {
  const winter = new Date(2026, 10, 21, 9, 5).getTime();
  assert.equal(toLocalInput(winter), "2026-11-21T09:05");
  assert.deepEqual(parseZoneInputs("2026-11-21T09:05", "2026-11-21T10:00", "local"), { from: winter, to: winter + 55 * 60_000 });
  assert.equal(new Date(winter).toISOString(), "2026-11-21T08:05:00.000Z");
  // Across the end of summer time the hour repeats: the period is 25 hours long.
  const across = parseZoneInputs("2026-10-24T12:00", "2026-10-25T12:00", "local");
  assert.ok(typeof across !== "string");
  assert.equal(across.to - across.from, 25 * 3_600_000);
  // Bad local input: the cases of "bad input says what to fix" above, run in both zones.
  assert.equal(utcOffsetLabel(winter), "UTC+01:00");
  assert.equal(utcOffsetLabel(new Date(2026, 6, 1).getTime()), "UTC+02:00");
});
