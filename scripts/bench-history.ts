/**
 * The history store at trial scale: 14 days of a 3-node cluster with 1000 streams × 3 consumers
 * generated into a fresh SQLite file — 13 days as rollups (what pruning leaves) and the last 24 h
 * as raw samples written cycle by cycle through the store — then the cost of one cycle's write,
 * of the rollups, and of the report for the whole period, and the file's size. Prints numbers;
 * asserts nothing. Part of `npm run bench`; alone: `npm run bench:history [-- --streams N --days N]`.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildReport } from "../lib/history/report";
import { SqliteHistoryStore } from "../lib/history/sqlite";
import type { CycleRecord } from "../lib/history/store";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "1000" },
    "consumers-per-stream": { type: "string", default: "3" },
    nodes: { type: "string", default: "3" },
    days: { type: "string", default: "14" },
    "poll-ms": { type: "string", default: "2000" },
    keep: { type: "boolean", default: false },
  },
});
const STREAMS = Number(values.streams);
const PER_STREAM = Number(values["consumers-per-stream"]);
const NODES = Number(values.nodes);
const DAYS = Number(values.days);
const POLL_MS = Number(values["poll-ms"]);
const ASSET_STEP_MS = 60_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fileSize = (file: string) => [file, `${file}-wal`].reduce((sum, f) => sum + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);

/** Messages per second of stream i: a few busy streams, a long tail of quiet ones. */
const streamRate = (i: number) => (i < 10 ? 500 / (i + 1) : 1 + (i % 7));

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "jsw-bench-history-"));
  const file = path.join(dir, "history.sqlite");
  const store = new SqliteHistoryStore(file, { rawRetentionMs: DAY, rollupRetentionMs: 90 * DAY, assetRollupMs: HOUR });
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const start = now - DAYS * DAY;
  const rawFrom = now - DAY;
  const nodes = Array.from({ length: NODES }, (_, i) => `n${i + 1}`);
  const streams = Array.from({ length: STREAMS }, (_, i) => ({ account: "APP", name: `BENCH_${String(i).padStart(4, "0")}` }));
  console.log(`history bench: ${DAYS} days, ${NODES} nodes, ${STREAMS} streams × ${PER_STREAM} consumers; ${file}`);

  // Days 1 … DAYS-1 as rollups, written straight into the tables (what 24 h of pruning leaves).
  let t0 = Date.now();
  await store.beginSession("bench", start, POLL_MS);
  const db = store.db;
  const clusterId = (db.prepare("SELECT id FROM clusters WHERE name = 'bench'").get() as { id: number }).id;
  const nodeIds = nodes.map((n) => (db.prepare("INSERT INTO nodes (cluster_id, name) VALUES (?, ?) RETURNING id").get(clusterId, n) as { id: number }).id);
  const streamIds = streams.map((s) => (db.prepare("INSERT INTO streams (cluster_id, account, name, created) VALUES (?, ?, ?, ?) RETURNING id").get(clusterId, s.account, s.name, start - DAY) as { id: number }).id);
  const consumerIds = streamIds.flatMap((id) => Array.from({ length: PER_STREAM }, (_, k) => (db.prepare("INSERT INTO consumers (stream_id, name) VALUES (?, ?) RETURNING id").get(id, `c${k}`) as { id: number }).id));
  const totalRate = streams.reduce((sum, _, i) => sum + streamRate(i), 0);
  const insertNodeMinute = db.prepare("INSERT INTO node_minutes VALUES (?, ?, 30, 30, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
  const insertClusterMinute = db.prepare("INSERT INTO cluster_minutes VALUES (?, ?, 30, ?, 0, ?, ?, ?, ?, ?, ?, ?)");
  const insertStreamRollup = db.prepare("INSERT INTO stream_rollups VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const insertConsumerRollup = db.prepare("INSERT INTO consumer_rollups VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (let day = start; day < rawFrom; day += DAY) {
    db.transaction(() => {
      for (let m = day; m < day + DAY; m += MINUTE) {
        const wave = 1 + 0.5 * Math.sin((m / DAY) * 2 * Math.PI);
        nodeIds.forEach((id, i) => {
          const rate = (totalRate * wave * 3) / NODES;
          insertNodeMinute.run(id, m, Math.round(rate * 60), Math.round(rate * 60), Math.round(rate * 60 * 1024), Math.round(rate * 60 * 1024), rate, rate * 1.2, rate, rate * 1.2, 1e9 + (m - start) * 10 + i, 1e9 + (m - start) * 10 + i, 50e9, 500e6, 20, 35, 300);
        });
        insertClusterMinute.run(clusterId, m, NODES, totalRate * wave * 3, totalRate * wave * 3.6, totalRate * wave * 3, totalRate * wave * 3.6, totalRate * wave, totalRate * wave * 1.3, Math.round(totalRate * wave * 60));
      }
      for (let h = day; h < day + DAY; h += HOUR) {
        streamIds.forEach((id, i) => {
          const stored = Math.round(streamRate(i) * ((h + HOUR - start) / 1000));
          insertStreamRollup.run(id, h, 100_000, 100_000, 100e6, 100e6, stored, stored);
        });
        consumerIds.forEach((id, i) => insertConsumerRollup.run(id, h, (i * 37 + h / HOUR) % 5000, (i * 11) % 700, 200, i % 100, 1));
      }
    })();
  }
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('wm.minutes', ?), ('wm.assets', ?)").run(rawFrom, rawFrom);
  console.log(`  generated ${DAYS - 1} days of rollups in ${ms(Date.now() - t0)}`);

  // The last 24 h through the store's own write path, one cycle per poll.
  t0 = Date.now();
  const cycleMs: number[] = [];
  const assetCycleMs: number[] = [];
  const counters = nodes.map(() => 0);
  for (let at = rawFrom; at < now; at += POLL_MS) {
    const withAssets = (at - rawFrom) % ASSET_STEP_MS === 0;
    const record: CycleRecord = {
      at,
      blind: false,
      cluster: { nodesUp: NODES, expectedNodes: NODES, metaLeader: "n1", status: "ok", inMsgsPerSec: totalRate * 3, outMsgsPerSec: totalRate * 3.6, storedMsgsPerSec: totalRate, storedDelta: Math.round((totalRate * POLL_MS) / 1000) },
      nodes: nodes.map((node, i) => {
        const delta = Math.round((totalRate * 3 * POLL_MS) / 1000 / NODES);
        counters[i] += delta;
        return {
          node,
          state: "up",
          inMsgsDelta: delta,
          outMsgsDelta: delta,
          inBytesDelta: delta * 1024,
          outBytesDelta: delta * 1024,
          inMsgs: counters[i],
          outMsgs: counters[i],
          inBytes: counters[i] * 1024,
          outBytes: counters[i] * 1024,
          startedAt: new Date(start).toISOString(),
          inMsgsPerSec: (totalRate * 3) / NODES,
          outMsgsPerSec: (totalRate * 3) / NODES,
          storageBytes: 2e9 + (at - rawFrom),
          storageLimitBytes: 50e9,
          memBytes: 500e6,
          cpuPercent: 20,
          connections: 300,
          slowConsumers: 0,
        };
      }),
      streams: withAssets
        ? streams.map((s, i) => {
            const stored = Math.round(streamRate(i) * ((at - start) / 1000));
            return { ...s, created: null, messages: 100_000, bytes: 100e6, lastSeq: stored, storedTotal: stored };
          })
        : null,
      consumers: withAssets
        ? streams.flatMap((s, i) => Array.from({ length: PER_STREAM }, (_, k) => ({ account: s.account, stream: s.name, name: `c${k}`, numPending: (i * 13 + k) % 3000, numAckPending: k, numRedelivered: i % 50, numWaiting: 1 })))
        : null,
      outages: [],
    };
    const w0 = performance.now();
    await store.writeCycle("bench", record);
    (withAssets ? assetCycleMs : cycleMs).push(performance.now() - w0);
  }
  console.log(`  wrote 24 h of raw samples (${cycleMs.length + assetCycleMs.length} cycles) in ${ms(Date.now() - t0)}`);

  // A few days' worth of happenings for the report to list.
  for (let i = 0; i < 40; i++) {
    const at = start + i * 8 * HOUR + 1234;
    await store.recordEvent("bench", { id: `e${i}`, at: new Date(at).toISOString(), kind: "stream-leader-elected", source: "advisory", account: "APP", stream: streams[i % STREAMS].name, consumer: null, server: null, fromLeader: "n1", toLeader: "n2", leaderlessSince: null, leaderlessMs: 2000 + (i % 9) * 500, detail: "" });
    await store.recordAlertTransition("bench", { at: new Date(at).toISOString(), id: `a${i}`, rule: "node-storage", severity: "warning", subjectLabel: "node n1", from: "pending", to: "firing", message: "storage 80 %" });
    await store.recordAlertTransition("bench", { at: new Date(at + 20 * MINUTE).toISOString(), id: `a${i}`, rule: "node-storage", severity: "warning", subjectLabel: "node n1", from: "firing", to: "resolved", message: "storage 80 %" });
  }

  t0 = Date.now();
  await store.maintain(now + 10 * MINUTE);
  const maintainMs = Date.now() - t0;

  const period = { from: start, to: now };
  const targets = { throughputMsgsPerSec: 100_000, failoverMs: 10_000, clusterOutages: 0, alerts: 2 };
  const times: number[] = [];
  let report = await buildReport(store, "bench", period, { targets, canary: null }, now);
  for (let i = 0; i < 5; i++) {
    const r0 = performance.now();
    report = await buildReport(store, "bench", period, { targets, canary: null }, now);
    times.push(performance.now() - r0);
  }
  const dayTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r0 = performance.now();
    await buildReport(store, "bench", { from: now - DAY, to: now }, { targets, canary: null }, now);
    dayTimes.push(performance.now() - r0);
  }
  const seriesTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r0 = performance.now();
    await store.series("bench", { kind: "cluster" }, now - 30 * DAY, now, 2 * HOUR);
    await store.series("bench", { kind: "stream", account: "APP", name: streams[0].name }, now - 7 * DAY, now, 30 * MINUTE);
    seriesTimes.push(performance.now() - r0);
  }
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  const size = fileSize(file);
  const rows = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  console.log(`
=== history store (${DAYS} days, ${NODES} nodes, ${STREAMS} streams, ${STREAMS * PER_STREAM} consumers)
  database size                       ${mb(size)}
  rows: node samples ${rows("node_samples")}, node minutes ${rows("node_minutes")}, stream samples ${rows("stream_samples")}, stream rollups ${rows("stream_rollups")}, consumer samples ${rows("consumer_samples")}, consumer rollups ${rows("consumer_rollups")}
  write of one cycle (nodes only)     median ${ms(median(cycleMs))}, max ${ms(Math.max(...cycleMs))}
  write of one cycle with assets      median ${ms(median(assetCycleMs))}, max ${ms(Math.max(...assetCycleMs))}
  rollups + pruning of 24 h backlog   ${ms(maintainMs)} (in batches; the event loop runs between them)
  ${`report, whole ${DAYS} days`.padEnd(36)}median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})
  report, last 24 h                   median ${ms(median(dayTimes))}
  charts: cluster 30 d + stream 7 d   median ${ms(median(seriesTimes))}
  report says: ${report.messagesStored.toLocaleString("en")} messages stored, peak ${Math.round(report.throughput.peakMsgsPerSec ?? 0)} msgs/s, ${report.elections.length} elections, ${report.alerts.total} alerts`);
  await store.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
