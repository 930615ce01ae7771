/**
 * The history store's writes and reads and the trial report over them, for every store: the SQLite
 * store's unit tests (history.test.ts) and the PostgreSQL store's integration test run these.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildReport, reportCsv } from "../report";
import type { CycleRecord, NodeSampleRow } from "../store";
import type { StoreFactory } from "./store-factory";

const T0 = Date.parse("2026-11-21T03:00:00Z");
const MIN = 60_000;
const OPTIONS = { rawRetentionMs: 24 * 3_600_000, rollupRetentionMs: 90 * 24 * 3_600_000, assetRollupMs: 10 * MIN };
const NO_TARGETS = { throughputMsgsPerSec: null, failoverMs: null, clusterOutages: null, alerts: null };


function nodeRow(node: string, overrides: Partial<NodeSampleRow> = {}): NodeSampleRow {
  return {
    node,
    state: "up",
    inMsgsDelta: null,
    outMsgsDelta: null,
    inBytesDelta: null,
    outBytesDelta: null,
    inMsgs: null,
    outMsgs: null,
    inBytes: null,
    outBytes: null,
    startedAt: null,
    inMsgsPerSec: null,
    outMsgsPerSec: null,
    storageBytes: null,
    storageLimitBytes: null,
    memBytes: null,
    cpuPercent: null,
    connections: null,
    slowConsumers: null,
    ...overrides,
  };
}

function cycle(at: number, overrides: Partial<CycleRecord> = {}): CycleRecord {
  return {
    at,
    blind: false,
    cluster: { nodesUp: 3, expectedNodes: 3, metaLeader: "n1", status: "ok", inMsgsPerSec: null, outMsgsPerSec: null, storedMsgsPerSec: null, storedDelta: null },
    nodes: [],
    streams: null,
    consumers: null,
    outages: [],
    ...overrides,
  };
}

export function historyStoreSuite(stores: StoreFactory): void {
  const tempStore = () => stores.create(OPTIONS);

  test("store: a re-created stream keeps counting, totals over raw samples and minute rollups agree, and restarts resume", async () => {
    const store = await tempStore();
    const resume = await store.beginSession("c1", T0, 2000);
    assert.equal(resume.nodes.size, 0);
    // 25 minutes, one cycle every 2 s; each node receives 10 msgs per cycle.
    for (let i = 0; i < 750; i++) {
      const at = T0 + i * 2000;
      await store.writeCycle(
        "c1",
        cycle(at, {
          cluster: { nodesUp: 3, expectedNodes: 3, metaLeader: "n1", status: "ok", inMsgsPerSec: 15, outMsgsPerSec: 15, storedMsgsPerSec: i === 150 ? 99 : 5, storedDelta: 10 },
          nodes: ["n1", "n2", "n3"].map((n) =>
            nodeRow(n, { inMsgsDelta: i === 0 ? null : 10, outMsgsDelta: i === 0 ? null : 10, inBytesDelta: 0, outBytesDelta: 0, inMsgs: 10 * i, outMsgs: 10 * i, inBytes: 0, outBytes: 0, storageBytes: 1000 + i }),
          ),
          streams: i % 30 === 0 ? [{ account: "APP", name: "S", created: null, messages: i, bytes: i, lastSeq: i, storedTotal: 1000 + i }] : null,
          outages: i === 100 ? [{ scope: "node", node: "n2", kind: "start", at, reason: "connection refused" }] : [],
        }),
      );
    }
    const end = T0 + 749 * 2000;
    assert.deepEqual(await store.counterTotals("c1", T0, end), { inMsgs: 3 * 749 * 10, outMsgs: 3 * 749 * 10, inBytes: 0, outBytes: 0 });
    assert.equal((await store.counterTotals("c1", T0 + 10_000, T0 + 20_000)).inMsgs, 3 * 5 * 10, "samples in (from, to]");
    assert.equal((await store.peakRates("c1", T0, end)).storedMsgsPerSec, 99);
    assert.deepEqual(await store.streamAdvances("c1", T0 + 60_000, T0 + 240_000), [{ account: "APP", name: "S", stored: 90 }]);

    // Roll up and drop the raw samples: minute totals give the same answer for whole minutes.
    await store.maintain(T0 + 25 * 3_600_000);
    assert.equal(await stores.count(store, "node_samples"), 0, "raw rows past retention are gone");
    assert.equal((await store.counterTotals("c1", T0, T0 + 25 * MIN)).inMsgs, 3 * 749 * 10);
    assert.equal((await store.peakRates("c1", T0, T0 + 25 * MIN)).storedMsgsPerSec, 99);
    assert.deepEqual(await store.streamAdvances("c1", T0 + 10 * MIN, T0 + 20 * MIN), [{ account: "APP", name: "S", stored: 300 }], "from the rollups' last totals");
    const storage = await store.nodeStorage("c1", T0, T0 + 25 * MIN);
    assert.deepEqual(storage.find((s) => s.node === "n1"), { node: "n1", first: 1029, last: 1749, peak: 1749, limit: null });
    await store.close();

    // A new run: the outage left open ends, unobserved, when the previous run last looked; counters resume.
    const again = await stores.reopen(store, OPTIONS);
    const resumed = await again.beginSession("c1", end + 3_600_000, 2000);
    assert.equal(resumed.nodes.get("n1")?.inMsgs, undefined, "raw node samples were pruned above, nothing to resume from");
    assert.equal(resumed.streams.get("APP\u0000S")?.storedTotal, 1720);
    const [outage] = await again.outages("c1", T0, end + 3_600_000);
    assert.deepEqual(outage, { scope: "node", node: "n2", start: T0 + 200_000, end, endObserved: false, reason: "connection refused" });
    await again.close();
  });

  test("store: raw samples count from the period's start even when they do not begin on a whole minute", async () => {
    const store = await tempStore();
    await store.beginSession("c1", T0 + 7000, 2000);
    for (let i = 0; i < 40; i++) await store.writeCycle("c1", cycle(T0 + 7000 + i * 2000, { nodes: [nodeRow("n1", { inMsgsDelta: 1, outMsgsDelta: 2 })] }));
    assert.deepEqual(await store.counterTotals("c1", T0 + 7000, T0 + 7000 + 39 * 2000), { inMsgs: 39, outMsgs: 78, inBytes: 0, outBytes: 0 });
    assert.equal((await store.counterTotals("c1", T0, T0 + 7000 + 39 * 2000)).inMsgs, 40);
    await store.close();
  });

  test("a blind spell interrupts the observation: the report lists it as not observed", async () => {
    const store = await tempStore();
    await store.beginSession("c1", T0, 2000);
    for (let i = 0; i <= 30; i++) await store.writeCycle("c1", cycle(T0 + i * 2000, { blind: i >= 10 && i < 20 }));
    assert.deepEqual(
      (await store.sessions("c1", T0, T0 + 60_000)).map((s) => [s.started - T0, s.last - T0]),
      [[0, 18_000], [40_000, 60_000]],
    );
    const report = await buildReport(store, "c1", { from: T0, to: T0 + 60_000 }, { targets: NO_TARGETS, canary: null }, T0 + 60_000);
    assert.deepEqual(report.observation.notObserved.map((g) => g.durationMs), [22_000]);
    await store.close();
  });

  test("cycles never written (the store was down) interrupt the observation: the report lists that time as not observed", async () => {
    const store = await tempStore();
    await store.beginSession("c1", T0, 2000);
    for (let i = 0; i <= 30; i++) if (i < 10 || i >= 20) await store.writeCycle("c1", cycle(T0 + i * 2000, i === 20 ? { afterGap: true } : {}));
    assert.deepEqual(
      (await store.sessions("c1", T0, T0 + 60_000)).map((s) => [s.started - T0, s.last - T0]),
      [[0, 18_000], [40_000, 60_000]],
    );
    const report = await buildReport(store, "c1", { from: T0, to: T0 + 60_000 }, { targets: NO_TARGETS, canary: null }, T0 + 60_000);
    assert.deepEqual(report.observation.notObserved.map((g) => g.durationMs), [22_000]);
    await store.close();
  });

  test("store: charts get a fixed grid with gaps as nulls", async () => {
    const store = await tempStore();
    await store.beginSession("c1", T0, 2000);
    // Two samples per bucket, off the grid: they are averaged into their bucket.
    for (const i of [0, 1, 2, 10, 11])
      for (const offset of [1000, 6000]) await store.writeCycle("c1", cycle(T0 + i * 10_000 + offset, { nodes: [nodeRow("n1", { inMsgsPerSec: i + (offset === 1000 ? -0.5 : 0.5), storageBytes: 100 })] }));
    const series = await store.series("c1", { kind: "node", node: "n1" }, T0, T0 + 120_000, 10_000);
    assert.equal(series.resolution, "raw");
    assert.equal(series.points.length, 13);
    assert.deepEqual(
      series.points.map((p) => p.values.inMsgsPerSec),
      [0, 1, 2, null, null, null, null, null, null, null, 10, 11, null],
    );
    assert.deepEqual((await store.series("c1", { kind: "node", node: "nope" }, T0, T0 + 1000, 1000)).points, []);
    await store.close();
  });

  test("report: figures, outages, the dashboard's own downtime, alerts and targets", async () => {
    const store = await tempStore();
    // Run 1: 0–10 min. n3 is out 2:00–3:30; the cluster is fine. An alert fires 1:00–4:00.
    await store.beginSession("c1", T0, 2000);
    for (let i = 0; i <= 300; i++) {
      const at = T0 + i * 2000;
      const outages: CycleRecord["outages"] = [];
      if (at === T0 + 120_000) outages.push({ scope: "node", node: "n3", kind: "start", at, reason: "connection refused" });
      if (at === T0 + 210_000) outages.push({ scope: "node", node: "n3", kind: "end", at, reason: "" });
      await store.writeCycle(
        "c1",
        cycle(at, {
          cluster: { nodesUp: 3, expectedNodes: 3, metaLeader: "n1", status: "ok", inMsgsPerSec: 20, outMsgsPerSec: 20, storedMsgsPerSec: 10, storedDelta: i ? 20 : null },
          nodes: [nodeRow("n1", { inMsgsDelta: i ? 20 : null, storageBytes: 5_000 + i, storageLimitBytes: 10_000 })],
          streams: i % 15 === 0 ? [{ account: "APP", name: "ORDERS", created: null, messages: 20 * i, bytes: 0, lastSeq: 20 * i, storedTotal: 20 * i }] : null,
          outages,
        }),
      );
    }
    const alert = { id: "a1", rule: "node-storage" as const, severity: "warning" as const, subjectLabel: "node n1", message: "storage 80 %" };
    await store.recordAlertTransition("c1", { ...alert, at: new Date(T0 + 60_000).toISOString(), from: "pending", to: "firing" });
    await store.recordAlertTransition("c1", { ...alert, at: new Date(T0 + 240_000).toISOString(), from: "firing", to: "resolved" });
    await store.recordEvent("c1", {
      id: "e1",
      at: new Date(T0 + 130_000).toISOString(),
      kind: "stream-leader-elected",
      source: "advisory",
      account: "APP",
      stream: "ORDERS",
      consumer: null,
      server: null,
      fromLeader: "n3",
      toLeader: "n1",
      leaderlessSince: new Date(T0 + 124_000).toISOString(),
      leaderlessMs: 6_000,
      detail: "",
    });
    // The dashboard is down 10:00–15:00 (not observed), then runs again 15:00–20:00.
    await store.beginSession("c1", T0 + 15 * MIN, 2000);
    // Its first poll counts what was stored while it was down (6000 → 9000); nothing more is stored.
    for (let i = 0; i <= 150; i++)
      await store.writeCycle(
        "c1",
        cycle(T0 + 15 * MIN + i * 2000, {
          cluster: { nodesUp: 3, expectedNodes: 3, metaLeader: "n1", status: "ok", inMsgsPerSec: 0, outMsgsPerSec: 0, storedMsgsPerSec: 0, storedDelta: i ? 0 : 3000 },
          streams: i === 150 ? [{ account: "APP", name: "ORDERS", created: null, messages: 0, bytes: 0, lastSeq: 9000, storedTotal: 9000 }] : null,
        }),
      );

    const report = await buildReport(store, "c1", { from: T0, to: T0 + 20 * MIN }, { targets: { throughputMsgsPerSec: 10, failoverMs: 5_000, clusterOutages: 0, alerts: 0 }, canary: null }, T0 + 20 * MIN);
    assert.equal(report.messagesStored, 9000, "last_seq advance 0 → 9000, including what was stored while the dashboard was down");
    assert.equal(report.messagesStoredPrecisionMs, 2000, "one poll interval at each end");
    assert.deepEqual(report.topStreams.map((t) => [t.name, t.messagesStored]), [["ORDERS", 9000]]);
    assert.equal(report.messagesIn, 300 * 20);
    assert.deepEqual(
      report.nodeOutages.map((o) => [o.node, o.durationMs, o.endObserved]),
      [["n3", 90_000, true]],
    );
    assert.deepEqual(report.clusterOutages, []);
    assert.deepEqual(report.observation.notObserved, [{ start: new Date(T0 + 10 * MIN).toISOString(), end: new Date(T0 + 15 * MIN).toISOString(), durationMs: 5 * MIN }]);
    assert.equal(report.uptime.clusterPercent, 100, "the dashboard's downtime is not an outage");
    assert.equal(Math.round(report.uptime.nodes.find((n) => n.node === "n3")!.percent! * 100) / 100, 90);
    assert.deepEqual(report.alerts.byRule, { "node-storage": 1 });
    assert.equal(report.alerts.firingMs, 180_000);
    assert.deepEqual(report.elections.map((e) => [e.stream, e.from, e.to, e.leaderlessMs]), [["ORDERS", "n3", "n1", 6000]]);
    assert.deepEqual(
      report.targets.map((t) => [t.name.split(" ")[0], t.pass]),
      [["peak", true], ["failover", false], ["cluster", true], ["alerts", false], ["JetStream", null], ["end-to-end", null]],
    );
    const untargeted = (await buildReport(store, "c1", { from: T0, to: T0 + 20 * MIN }, { targets: NO_TARGETS, canary: null }, T0 + 20 * MIN)).targets;
    assert.deepEqual(
      untargeted.map((t) => [t.name, t.target, t.pass, t.note]),
      [
        ["JetStream write p99 (canary)", 5, null, "not measured: no latency canary is configured for this cluster (clusters[].canary)"],
        ["end-to-end p99 (canary, every node pair)", 2, null, "not measured: no latency canary is configured for this cluster (clusters[].canary)"],
      ],
      "the users' latency targets are always listed, unmeasured without a canary",
    );
    const csv = reportCsv(report);
    assert.match(csv, /^section,item,value,unit,detail\r\n/);
    assert.match(csv, /messages,stored,9000,msgs,/);
    assert.match(csv, /not observed,.*,300000,ms/);
    await store.close();
  });

  test("report: an alert still firing when the dashboard restarted ends with that run, unless the restarted run carried it over", async () => {
    const store = await tempStore();
    const alert = { rule: "node-storage" as const, severity: "warning" as const, subjectLabel: "node n1", message: "storage 80 %" };
    const at = (ms: number) => new Date(ms).toISOString();
    // Run 1: 0–10 min; two alerts fire at 1:00 and never resolve in it. Run 2 from 15:00 (current at 20:00) restored only "kept".
    await store.beginSession("c1", T0, 2000);
    for (let i = 0; i <= 300; i++) await store.writeCycle("c1", cycle(T0 + i * 2000));
    for (const id of ["kept", "forgotten"]) await store.recordAlertTransition("c1", { ...alert, id, at: at(T0 + MIN), from: "pending", to: "firing" });
    // Restored just before the new run's first session begins (the hub starts before its recorder).
    await store.recordAlertTransition("c1", { ...alert, id: "kept", at: at(T0 + 15 * MIN - 5), from: "firing", to: "restored" });
    await store.beginSession("c1", T0 + 15 * MIN, 2000);
    for (let i = 0; i <= 150; i++) await store.writeCycle("c1", cycle(T0 + 15 * MIN + i * 2000));

    const list = async () => (await buildReport(store, "c1", { from: T0, to: T0 + 20 * MIN }, { targets: NO_TARGETS, canary: null }, T0 + 20 * MIN)).alerts.list.map((a) => [a.id, a.resolvedAt]);
    assert.deepEqual(await list(), [
      ["kept", null],
      ["forgotten", at(T0 + 10 * MIN)],
    ]);
    await store.recordAlertTransition("c1", { ...alert, id: "kept", at: at(T0 + 18 * MIN), from: "firing", to: "resolved" });
    assert.deepEqual(await list(), [
      ["kept", at(T0 + 18 * MIN)],
      ["forgotten", at(T0 + 10 * MIN)],
    ]);
    await store.close();
  });
}
