import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Measurement } from "../../sources/canary/measurement";
import { LatencyBook, MINUTE_MS, windowFigures } from "./book";
import { attemptsPercentileMs, decodeHistogram, figuresOf, newTally, recordUs } from "./histogram";

const T0 = Date.parse("2026-11-20T10:00:00Z");
const write = (at: number, us: number | null, outcome: Measurement["outcome"] = "ok", via = "n1"): Measurement => ({ kind: "write", via, at, us, outcome });

/** The exact nearest-rank percentile of raw values, the way HDR ranks them. */
function exact(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

describe("histograms", () => {
  test("percentiles are within 0.1 % of the exact ones, in ms", () => {
    const t = newTally();
    const raw: number[] = [];
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const us = 300 + (x % 9000) + (i % 97 === 0 ? 40_000 : 0);
      raw.push(us);
      recordUs(t.hist, us);
    }
    const f = figuresOf(t);
    assert.equal(f.count, 5000);
    for (const [p, got] of [[50, f.p50Ms], [90, f.p90Ms], [99, f.p99Ms]] as const) {
      const want = exact(raw, p) / 1000;
      assert.ok(Math.abs(got! - want) <= want * 0.001 + 0.001, `p${p}: ${got} vs exact ${want}`);
    }
    assert.ok(Math.abs(f.maxMs! - Math.max(...raw) / 1000) <= (Math.max(...raw) / 1000) * 0.001);
  });

  test("failures rank above every latency in the judged p99; past 1 % of attempts there is none", () => {
    const t = newTally();
    for (let i = 1; i <= 990; i++) recordUs(t.hist, i * 1000);
    t.timeouts = 5;
    // 995 attempts: rank ceil(0.99 × 995) = 986 is still a latency (986 ms).
    const near = (got: number | null, want: number) => assert.ok(got !== null && Math.abs(got - want) <= want * 0.001, `${got} vs ${want}`);
    near(attemptsPercentileMs(t, 0.99), 986);
    near(figuresOf(t).p99Ms, 981); // the latencies' own p99 ignores the failures
    t.timeouts = 11;
    assert.equal(attemptsPercentileMs(t, 0.99), null, "11 of 1001 attempts failed: the p99 is a failure");
    assert.equal(figuresOf(newTally()).p99Ms, null);
    assert.equal(figuresOf(newTally()).p99AttemptsMs, null);
  });
});

describe("the latency book", () => {
  test("the window holds the last five minutes, timeouts and errors apart from the latencies", () => {
    const book = new LatencyBook(T0, 3000);
    book.record(write(T0 - 1, 999_000)); // before the book began: a closed minute
    for (let s = 0; s < 400; s++) book.record(write(T0 + s * 1000, 1000 + s));
    book.record(write(T0 + 395_000, null, "timeout"));
    book.record(write(T0 + 396_000, null, "error", "n2"));
    const now = T0 + 400_000;
    const w = book.window(now);
    const f = windowFigures(w, ["n1", "n2"]);
    // Slots starting after now − 5 min: 100 s … 399 s.
    assert.equal(f.write.count, 300);
    assert.equal(f.write.timeouts, 1);
    assert.equal(f.write.errors, 1);
    assert.equal(f.write.maxMs, 1.399);
    assert.deepEqual(f.writeByNode.map((n) => [n.node, n.figures.count, n.figures.errors]), [["n1", 300, 0], ["n2", 0, 1]]);
    assert.equal(book.late, 1);
  });

  test("a minute is stored once its probes have had their grace, each series with its histogram", () => {
    const book = new LatencyBook(T0, 3000);
    const raw = [1200, 800, 1500, 30_000];
    raw.forEach((us, i) => book.record({ kind: "e2e", from: "n1", to: "n2", at: T0 + i * 10_000, us, outcome: "ok" }));
    book.record({ kind: "e2e", from: "n1", to: "n3", at: T0 + 59_999, us: null, outcome: "timeout" });
    book.record({ kind: "rtt", node: "n2", at: T0 + 61_000, us: 250, outcome: "ok" });
    assert.deepEqual(book.closeMinutes(T0 + MINUTE_MS + 2999), [], "still within the grace");
    const minutes = book.closeMinutes(T0 + MINUTE_MS + 3000);
    assert.deepEqual(
      minutes.map((m) => [m.minute, m.series, m.count, m.timeouts]),
      [
        [T0, "e2e", 4, 1],
        [T0, "pair:n1>n2", 4, 0],
        [T0, "pair:n1>n3", 0, 1],
      ],
    );
    const pair = decodeHistogram(minutes[1].hist);
    assert.equal(pair.totalCount, 4);
    assert.ok(Math.abs(pair.maxValue - 30_000) <= 30, `${pair.maxValue}`);
    book.record({ kind: "e2e", from: "n1", to: "n2", at: T0 + 5000, us: 1, outcome: "ok" });
    assert.equal(book.late, 1, "an outcome for a stored minute is dropped, not added to the next");
    assert.deepEqual(book.closeMinutes(T0 + MINUTE_MS + 4000), [], "nothing is stored twice");
    assert.equal(book.closeMinutes(T0 + 2 * MINUTE_MS + 3000)[0].series, "rtt:n2");
    assert.equal(windowFigures(book.window(T0 + 2 * MINUTE_MS + 3000), []).pairs.find((p) => p.to === "n2")?.figures.count, 4, "stored minutes stay in the live window");
  });

  test("pairs follow the nodes' order; ack latency counts redeliveries per consumer", () => {
    const book = new LatencyBook(T0, 3000);
    for (const [from, to] of [["n3", "n1"], ["n1", "n3"], ["n1", "n1"], ["n2", "n1"]]) book.record({ kind: "e2e", from, to, at: T0, us: 100, outcome: "ok" });
    book.record({ kind: "ack", stream: "ORDERS", consumer: "proc", at: T0, us: 50_000, outcome: "ok", deliveries: 1 });
    book.record({ kind: "ack", stream: "ORDERS", consumer: "proc", at: T0 + 1, us: 70_000, outcome: "ok", deliveries: 3 });
    const f = windowFigures(book.window(T0 + 1000), ["n1", "n2", "n3"]);
    assert.deepEqual(f.pairs.map((p) => `${p.from}>${p.to}`), ["n1>n1", "n1>n3", "n2>n1", "n3>n1"]);
    assert.equal(f.endToEnd.count, 4);
    assert.deepEqual(f.acks.map((a) => [a.stream, a.consumer, a.figures.count, a.redelivered, Math.round(a.figures.p50Ms!)]), [["ORDERS", "proc", 2, 1, 50]]);
  });
});
