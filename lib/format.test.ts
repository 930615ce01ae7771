import assert from "node:assert/strict";
import { test } from "node:test";
import { csvLine, formatTime, formatUtcDateTime } from "./format";

test("formatTime: the 24-hour local time toLocaleTimeString gave, from one shared formatter", () => {
  for (const iso of ["2026-11-21T00:00:00Z", "2026-11-21T09:05:01.123Z", "2026-11-21T12:00:00Z", "2026-11-21T23:59:59.999Z", "2026-03-29T01:30:00Z"]) {
    const shown = formatTime(iso);
    assert.match(shown, /^\d{2}:\d{2}:\d{2}$/, iso);
    assert.equal(shown, new Date(iso).toLocaleTimeString("en-GB", { hour12: false }), iso);
  }
  assert.equal(formatTime(null), "—");
  assert.equal(formatTime(undefined), "—");
  assert.equal(formatTime(""), "—");
});

test("a CSV line writes numbers as they are, negative ones too, and empty cells for null", () => {
  assert.equal(csvLine([-5, 0.25, null, undefined, true, "-5"]), "-5,0.25,,,true,'-5\r\n");
});

test("a UTC date and time reads the same everywhere", () => {
  assert.equal(formatUtcDateTime("2026-11-21T03:00:05.123Z"), "2026-11-21 03:00:05 UTC");
  assert.equal(formatUtcDateTime("2026-11-21T04:00:05+01:00"), "2026-11-21 03:00:05 UTC");
  assert.equal(formatUtcDateTime(null), "—");
});
