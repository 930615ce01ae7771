/**
 * For every store (store-factory.ts): the report's edges exact to one poll (messages stored, summed poll by poll), a restarted
 * dashboard that does not count twice, and the latency canary's minutes: stored, merged, charted,
 * judged against their targets and pruned.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { scenarioPolls, snapshotFrom } from "../../model/__fixtures__/polls";
import { LatencyBook, MINUTE_MS } from "../../model/latency/book";
import type { ClusterSnapshot, LatencyView } from "../../model/types";
import type { Measurement } from "../../sources/canary/measurement";
import { buildReport } from "../report";
import { HistorySampler } from "../sampler";
import type { StoreFactory } from "./store-factory";

const T0 = Date.parse("2026-11-21T04:00:00Z");
const OPTIONS = { rawRetentionMs: 24 * 3_600_000, rollupRetentionMs: 90 * 24 * 3_600_000, assetRollupMs: 60 * MINUTE_MS };
const TARGETS = { throughputMsgsPerSec: null, failoverMs: null, clusterOutages: null, alerts: null };
const CANARY = { targets: { writeP99Ms: 5, endToEndP99Ms: 2 }, stream: "JSW_CANARY" };
export const FRESH = { nodes: new Map(), streams: new Map(), countedUntil: null, storedCredit: 0 };


/** The 2.9.10 capture at `at`, with each stream's last sequence set (and a canary view when asked). */
export function polled(at: number, lastSeq: Record<string, number>, extra: { created?: Record<string, string>; latency?: LatencyView | null } = {}): ClusterSnapshot {
  const s = snapshotFrom(scenarioPolls("2.9.10", "steady"), null, at);
  const base = s.streams[0];
  const names = Object.keys(lastSeq);
  const streams = names.map((name) => ({ ...(s.streams.find((x) => x.name === name) ?? { ...base, name }), lastSeq: lastSeq[name], created: extra.created?.[name] ?? base.created }));
  return { ...s, streams, latency: extra.latency ?? null };
}

/** Probe outcomes of minutes 0 … 2 after T0: writes of 1–4 ms and a few slow ones, two timeouts, deliveries of 0.3–0.9 ms. */
function probeMinutes(): { measurements: Measurement[]; writes: number[] } {
  const measurements: Measurement[] = [];
  const writes: number[] = [];
  let x = 7;
  for (let i = 0; i < 3 * 60 * 5; i++) {
    x = (x * 48271) % 2147483647;
    const at = T0 + i * 200;
    const us = 1000 + (x % 3000) + (i % 50 === 0 ? 6000 : 0);
    if (i === 100 || i === 700) measurements.push({ kind: "write", via: "n1", at, us: null, outcome: "timeout" });
    else {
      writes.push(us);
      measurements.push({ kind: "write", via: ["n1", "n2", "n3"][i % 3], at, us, outcome: "ok" });
    }
    for (const to of ["n1", "n2"]) measurements.push({ kind: "e2e", from: "n1", to, at, us: 300 + (x % 600) + (to === "n2" ? 2000 : 0), outcome: "ok" });
  }
  return { measurements, writes };
}

export function exactAndLatencySuite(stores: StoreFactory): void {
  const tempStore = () => stores.create(OPTIONS);

  test("messages stored in a 10-second period are exact when polled every second, and the precision is said", async () => {
    const store = await tempStore();
    const sampler = new HistorySampler(await store.beginSession("c1", T0, 1000), 60_000);
    // One poll a second; 1000 messages stored between 12 s and 16 s (250 a second), nothing else.
    let seq = 5000;
    for (let t = 0; t <= 40; t++) {
      if (t >= 13 && t <= 16) seq += 250;
      await store.writeCycle("c1", sampler.sample(polled(T0 + t * 1000, { ORDERS: seq }))!);
    }
    const report = await buildReport(store, "c1", { from: T0 + 10_000, to: T0 + 20_000 }, { targets: TARGETS, canary: null }, T0 + 41_000);
    assert.equal(report.messagesStored, 1000);
    assert.equal(report.messagesStoredPrecisionMs, 1000, "one poll interval");
    // The stream samples are taken once a minute: alone they would have said 0 for this period.
    assert.deepEqual(await store.streamAdvances("c1", T0 + 10_000, T0 + 20_000), [{ account: "APP", name: "ORDERS", stored: 0 }]);
    assert.equal((await buildReport(store, "c1", { from: T0 + 14_000, to: T0 + 15_000 }, { targets: TARGETS, canary: null }, T0 + 41_000)).messagesStored, 250, "to one poll");
    await store.close();
  });

  test("a restarted dashboard does not count again what the polls after the last stream sample counted", async () => {
    const store = await tempStore();
    const first = new HistorySampler(await store.beginSession("c1", T0, 1000), 60_000);
    // Run 1: stream samples at 0 s and 60 s; polls every second to 90 s, 10 messages a second.
    for (let t = 0; t <= 90; t++) await store.writeCycle("c1", first.sample(polled(T0 + t * 1000, { ORDERS: 1000 + 10 * t }))!);
    assert.equal((await buildReport(store, "c1", { from: T0, to: T0 + 90_000 }, { targets: TARGETS, canary: null }, T0 + 91_000)).messagesStored, 900);
    // Down 90 s → 100 s (100 more stored); run 2 resumes from the 60 s stream sample.
    const resume = await store.beginSession("c1", T0 + 100_000, 1000);
    assert.equal(resume.countedUntil, T0 + 90_000);
    assert.equal(resume.storedCredit, 300, "61 s … 90 s were counted already");
    const second = new HistorySampler(resume, 60_000);
    for (let t = 100; t <= 110; t++) await store.writeCycle("c1", second.sample(polled(T0 + t * 1000, { ORDERS: 1000 + 10 * t }))!);
    assert.equal((await buildReport(store, "c1", { from: T0, to: T0 + 110_000 }, { targets: TARGETS, canary: null }, T0 + 111_000)).messagesStored, 1100);
    await store.close();
  });

  test("a restarted dashboard counts exactly when a stream's leader did not answer at the last stream sample before the stop", async () => {
    const store = await tempStore();
    // LOGS's only host is down from 55 s to 65 s (it stores nothing then): the stream sample of 60 s has no figures for it.
    const logsAt = (t: number) => (t >= 55 && t <= 65 ? null : 100 + 5 * Math.min(t, 55) + 5 * Math.max(0, t - 65));
    const poll = (t: number) => {
      const logs = logsAt(t);
      const s = polled(T0 + t * 1000, { ORDERS: 1000 + 10 * t, LOGS: logs ?? 0 });
      if (logs !== null) return s;
      return { ...s, streams: s.streams.map((st) => (st.name === "LOGS" ? { ...st, truth: "leader-unreachable" as const, lastSeq: null, messages: null, bytes: null } : st)) };
    };
    const first = new HistorySampler(await store.beginSession("c1", T0, 1000), 60_000);
    for (let t = 0; t <= 90; t++) {
      await store.writeCycle("c1", first.sample(poll(t))!);
      if (t === 61 || t === 90) await store.maintain(T0 + t * 1000);
    }
    // Down 90 s → 100 s; run 2 resumes from the 60 s stream sample, LOGS's count included.
    const second = new HistorySampler(await store.beginSession("c1", T0 + 100_000, 1000), 60_000);
    for (let t = 100; t <= 110; t++) await store.writeCycle("c1", second.sample(poll(t))!);
    const stored = 10 * 110 + (logsAt(110)! - logsAt(0)!);
    assert.equal((await buildReport(store, "c1", { from: T0, to: T0 + 110_000 }, { targets: TARGETS, canary: null }, T0 + 111_000)).messagesStored, stored);
    // Its chart has no figures for the sample its leader missed, rather than made-up ones.
    const chart = await store.series("c1", { kind: "stream", account: "APP", name: "LOGS" }, T0, T0 + 61_000, 60_000);
    const shown = poll(0).streams.find((st) => st.name === "LOGS")!.messages;
    assert.deepEqual(chart.points.map((p) => p.values.messages), [shown, null]);
    await store.close();
  });

  test("latency minutes: stored, merged for the report within HDR precision of the raw values, judged, charted and pruned", async () => {
    const store = await tempStore();
    await store.beginSession("c1", T0, 1000);
    const book = new LatencyBook(T0, 3000);
    const { measurements, writes } = probeMinutes();
    for (const m of measurements) book.record(m);
    await store.writeLatencyMinutes("c1", book.closeMinutes(T0 + 3 * MINUTE_MS + 3000));

    const report = await buildReport(store, "c1", { from: T0, to: T0 + 3 * MINUTE_MS }, { targets: TARGETS, canary: CANARY }, T0 + 4 * MINUTE_MS);
    const write = report.latency.write!;
    assert.equal(write.count, writes.length);
    assert.equal(write.timeouts, 2);
    assert.equal(write.measuredPercent, 100);
    // The judged p99 ranks the two timeouts above every latency: rank ceil(0.99 × 900) = 891 of the 898 latencies.
    const sorted = [...writes].sort((a, b) => a - b);
    const exactJudged = sorted[Math.ceil(0.99 * (writes.length + 2)) - 1] / 1000;
    assert.ok(Math.abs(write.p99AttemptsMs! - exactJudged) <= exactJudged * 0.001, `${write.p99AttemptsMs} vs ${exactJudged}`);
    const exactP99 = sorted[Math.ceil(0.99 * writes.length) - 1] / 1000;
    assert.ok(Math.abs(write.p99Ms! - exactP99) <= exactP99 * 0.001, `${write.p99Ms} vs ${exactP99}`);

    const [writeTarget, e2eTarget] = report.targets;
    assert.deepEqual([writeTarget.name, writeTarget.pass, writeTarget.samples, writeTarget.measuredPercent], ["JetStream write p99 (canary)", false, 900, 100]);
    assert.match(writeTarget.note!, /^900 canary writes, 2 timed out or failed \(counted as slower than any latency\); measured 100\.0 % of the period$/);
    assert.deepEqual([e2eTarget.pass, e2eTarget.samples], [false, 1800], "n1 → n2 deliveries take 2.3–2.9 ms");
    assert.deepEqual(report.latency.pairs.map((p) => `${p.from}>${p.to}`), ["n1>n2", "n1>n1"], "worst first");
    const lenient = await buildReport(store, "c1", { from: T0, to: T0 + 3 * MINUTE_MS }, { targets: TARGETS, canary: { ...CANARY, targets: { writeP99Ms: 10, endToEndP99Ms: 3 } } }, T0 + 4 * MINUTE_MS);
    assert.deepEqual(lenient.targets.map((t) => t.pass), [true, true]);
    // One minute of three: a third of the period measured.
    const part = await buildReport(store, "c1", { from: T0 + 2 * MINUTE_MS, to: T0 + 5 * MINUTE_MS }, { targets: TARGETS, canary: CANARY }, T0 + 6 * MINUTE_MS);
    assert.equal(Math.round(part.latency.write!.measuredPercent), 33);

    const chart = await store.series("c1", { kind: "latency", series: "write" }, T0, T0 + 4 * MINUTE_MS, MINUTE_MS);
    assert.deepEqual(chart.points.map((p) => p.values.count), [299, 300, 299, null, null]);
    assert.deepEqual(chart.points.map((p) => p.values.failed), [1, 0, 1, null, null]);
    assert.ok(chart.points[0].values.p99Ms! > chart.points[0].values.p50Ms!);
    assert.deepEqual(await store.latencySeriesNames("c1", "pair:", T0, T0 + 4 * MINUTE_MS), ["pair:n1>n1", "pair:n1>n2"]);

    // Closed hours are merged; a day later the per-pair minutes are gone, their hours and the write and end-to-end minutes stay.
    const HOUR = 60 * MINUTE_MS;
    const byMinutes = (await store.latencyTotals("c1", ["write"], T0, T0 + HOUR)).get("write")!;
    await store.maintain(T0 + 25 * HOUR);
    const byHour = await store.latencyTotals("c1", ["write", "pair:n1>n2"], T0, T0 + HOUR);
    assert.equal(byHour.get("write")!.tally.hist.totalCount, byMinutes.tally.hist.totalCount);
    assert.equal(byHour.get("write")!.tally.timeouts, 2);
    assert.equal(byHour.get("write")!.minutes, 3);
    assert.equal(byHour.get("write")!.measuredMs, 3 * MINUTE_MS);
    assert.equal(byHour.get("write")!.tally.hist.getValueAtPercentile(99), byMinutes.tally.hist.getValueAtPercentile(99), "one merge is as good as another");
    assert.equal(byHour.get("pair:n1>n2")!.tally.hist.totalCount, 900);
    assert.deepEqual(await store.latencySeriesNames("c1", "pair:", T0, T0 + 4 * MINUTE_MS), ["pair:n1>n1", "pair:n1>n2"], "known from their hour");
    assert.equal((await store.latencyTotals("c1", ["pair:n1>n2"], T0, T0 + 4 * MINUTE_MS)).size, 0, "their minutes are pruned");
    assert.equal((await store.latencyTotals("c1", ["write", "e2e"], T0, T0 + 4 * MINUTE_MS)).size, 2);
    const hourly = await store.series("c1", { kind: "latency", series: "write" }, T0, T0 + 2 * HOUR, HOUR);
    assert.deepEqual(hourly.points.map((p) => p.values.count), [898, null, null]);
    await store.close();
  });
}
