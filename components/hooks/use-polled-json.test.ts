import assert from "node:assert/strict";
import { test } from "node:test";
import { polledPanelStatus, type PolledState } from "./use-polled-json";

const WORDS = { loading: "Loading history…", notFound: "No such thing", unavailable: "History unavailable" };
const NOW = 1_000_000;

test("a panel says loading, unknown, or the API's reason, and marks data whose refreshes fail", () => {
  const base: PolledState<number> = { data: null, error: null, notFound: false, fetchedAt: null };
  const cases: [PolledState<number>, number | null, { empty: string | null; notice: string | null }][] = [
    [base, 30_000, { empty: "Loading history…", notice: null }],
    [{ ...base, error: "404: unknown", notFound: true }, 30_000, { empty: "No such thing", notice: null }],
    [
      { ...base, error: "503: history is switched off (HISTORY_PATH=off or history.enabled=false)" },
      30_000,
      { empty: "History unavailable — 503: history is switched off (HISTORY_PATH=off or history.enabled=false)", notice: null },
    ],
    [{ data: 1, error: "HTTP 502", notFound: false, fetchedAt: NOW - 60_000 }, 30_000, { empty: null, notice: null }],
    [{ data: 1, error: "HTTP 502", notFound: false, fetchedAt: NOW - 95_000 }, 30_000, { empty: null, notice: "not refreshed for 95 s — HTTP 502" }],
    [{ data: 1, error: null, notFound: false, fetchedAt: NOW - 95_000 }, 30_000, { empty: null, notice: null }],
    // A period in the past is fetched once and never gets old.
    [{ data: 1, error: "HTTP 502", notFound: false, fetchedAt: NOW - 999_000 }, null, { empty: null, notice: null }],
  ];
  for (const [state, period, expected] of cases) assert.deepEqual(polledPanelStatus(state, NOW, period, WORDS), expected, JSON.stringify(state));
});
