import assert from "node:assert/strict";
import { test } from "node:test";
import type { LatencyFigures, LatencyView } from "../model/types";
import { latencyTile, nodeLatencyRows, pairMatrix, skewState, verdict } from "./latency";

const figures = (p99: number | null, extra: Partial<LatencyFigures> = {}): LatencyFigures => ({
  count: 100,
  timeouts: 0,
  errors: 0,
  p50Ms: p99 === null ? null : p99 / 2,
  p90Ms: p99,
  p99Ms: p99,
  maxMs: p99,
  p99AttemptsMs: p99,
  ...extra,
});

const view = {
  targets: { writeP99Ms: 5, endToEndP99Ms: 2 },
  canary: { nodes: [{ name: "n1" }, { name: "n2" }], state: "running", message: null },
  write: figures(4.2, { timeouts: 1 }),
  writeByNode: [{ node: "n2", figures: figures(9) }],
  endToEnd: figures(1.1),
  pairs: [
    { from: "n1", to: "n1", figures: figures(0.4) },
    { from: "n1", to: "n2", figures: figures(2.5) },
    { from: "n2", to: "n1", figures: figures(1.2) },
  ],
  rtt: [{ node: "n1", figures: figures(0.3) }],
} as unknown as LatencyView;

test("a latency is judged on its p99 over every attempt; too many failures is failing, nothing is not judged", () => {
  assert.equal(verdict(figures(4.9), 5), "ok");
  assert.equal(verdict(figures(5.1), 5), "over");
  assert.equal(verdict(figures(null, { count: 90, timeouts: 10 }), 5), "failing");
  assert.equal(verdict(figures(null, { count: 0 }), 5), null);
});

test("the pair matrix has a row per publishing node and a column per receiving one; a pair without figures is empty", () => {
  const m = pairMatrix(view);
  assert.deepEqual(m.nodes, ["n1", "n2"]);
  assert.deepEqual(
    m.rows.map((r) => [r.from, r.cells.map((c) => c?.verdict ?? null)]),
    [
      ["n1", ["ok", "over"]],
      ["n2", ["ok", null]],
    ],
  );
});

test("per node: round trip, writes through it and its clock; nodes the canary does not reach keep their clock", () => {
  const rows = nodeLatencyRows(view, [
    { name: "n1", clock: { skewMs: 3, errorMs: 1 } },
    { name: "n3", clock: { skewMs: 3000, errorMs: 2 } },
  ], 500);
  assert.deepEqual(
    rows.map((r) => [r.node, r.rtt?.p99Ms ?? null, r.writes?.p99Ms ?? null, r.skew]),
    [
      ["n1", 0.3, null, "ok"],
      ["n2", null, 9, "unknown"],
      ["n3", null, null, "off"],
    ],
  );
  assert.equal(skewState({ skewMs: 600, errorMs: 200 }, 500), "ok", "not certainly beyond the limit");
});

test("the tile: write and end-to-end p99 with their verdicts, failures counted, the worst pair named", () => {
  const tile = latencyTile(view);
  assert.deepEqual(tile.write, { p99Ms: 4.2, target: 5, verdict: "ok", failed: 1 });
  assert.deepEqual(tile.endToEnd, { p99Ms: 1.1, target: 2, verdict: "ok", worstPair: "n1 → n2" });
});
