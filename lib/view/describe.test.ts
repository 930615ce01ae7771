import assert from "node:assert/strict";
import { formatCount } from "../format";
import { test } from "node:test";
import { replica } from "./assets.fixture";
import { agoText, configReadText, exactCount, laggingFor, opsBehind, rateValue, replicaLine, seenAgo, shortAge } from "./describe";

test("replica lines read like nats stream info", () => {
  const cases: Array<[Parameters<typeof replica>[1], string]> = [
    [{ activeMs: 210 }, "n2, current, seen 210 ms ago"],
    [{ current: false, lag: 12, activeMs: 5000 }, "n2, outdated, seen 5 s ago, 12 operations behind"],
    [{ current: false, offline: true, lag: 1, activeMs: null }, "n2, outdated, OFFLINE, not seen, 1 operation behind"],
    [{ lag: 12_345, activeMs: 90_000 }, "n2, current, seen 1 min 30 s ago, 12,345 operations behind"],
  ];
  for (const [over, line] of cases) assert.equal(replicaLine(replica("n2", over)), line);
});

test("seen, behind, lagging for and ago texts", () => {
  assert.equal(seenAgo(null), "not seen");
  assert.equal(seenAgo(0), "seen just now");
  assert.equal(seenAgo(3000), "seen 3 s ago");
  assert.equal(opsBehind(1), "1 op behind");
  assert.equal(opsBehind(40), "40 ops behind");
  assert.equal(opsBehind(12_345), "12,345 ops behind");
  const t = Date.parse("2026-01-01T00:02:00Z");
  assert.equal(laggingFor("2026-01-01T00:00:00Z", t), "for 2 min");
  assert.equal(laggingFor(null, t), "—");
  assert.equal(laggingFor("2026-01-01T00:02:05Z", t), "for < 1 s");
  assert.equal(agoText(null), "never");
  assert.equal(agoText(65_000), "1 min 5 s ago");
  assert.equal(agoText(400), "< 1 s ago");
  assert.equal(shortAge(null), "—");
  assert.equal(shortAge(999), "< 1 s");
  assert.equal(shortAge(12_000), "12 s");
});

test("a detail page says when the config it shows was read", () => {
  const now = Date.parse("2026-01-01T00:02:00Z");
  assert.equal(configReadText({ hostedOn: ["n1", "n2"] }, "2026-01-01T00:01:18Z", now), "42 s ago");
  assert.equal(configReadText({ hostedOn: ["n1"] }, null, now), "not yet");
  assert.equal(configReadText({ hostedOn: [] }, "2026-01-01T00:01:18Z", now), "before its nodes stopped answering");
});

test("rate values keep a decimal only below 10 per second", () => {
  const cases: Array<[number | null, string]> = [
    [null, "—"],
    [0, "0"],
    [0.44, "0.4"],
    [9.96, "10"],
    [321.4, "321"],
    [12_345, "12.3k"],
  ];
  for (const [rate, text] of cases) assert.equal(rateValue(rate), text, String(rate));
});

test("counts: exact with separators, or compact above 10,000", () => {
  const cases: Array<[number | null, string, string]> = [
    [null, "—", "—"],
    [0, "0", "0"],
    [9_999, "9,999", "9,999"],
    [12_345, "12,345", "12.3k"],
    [4_500_000, "4,500,000", "4.5M"],
    [2.5, "2.5", "2.5"],
  ];
  for (const [n, exact, compact] of cases) {
    assert.equal(exactCount(n), exact, `exact ${n}`);
    assert.equal(formatCount(n), compact, `compact ${n}`);
  }
});
