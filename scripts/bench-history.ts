/**
 * The history store at trial scale: 14 days of a 3-node cluster with 1000 streams × 3 consumers —
 * the last 24 h written cycle by cycle through the store's own write path, the 13 days before it
 * as rollups (what pruning leaves) put straight into the tables — then the cost of one cycle's
 * write, of the rollups, of the report for the whole period, and the database's size. Prints
 * numbers; asserts nothing. Part of `npm run bench`; alone: `npm run bench:history [-- --streams N
 * --days N]`. `--store postgres` runs the same on a PostgreSQL server it starts (test/harness) and
 * prints its figures beside SQLite's.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PostgresHistoryStore } from "../lib/history/postgres";
import { buildReport, type TrialReport } from "../lib/history/report";
import { SqliteHistoryStore } from "../lib/history/sqlite";
import type { CycleRecord, HistoryStore } from "../lib/history/store";
import { startPostgres, type PostgresServer } from "../test/harness/postgres";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "1000" },
    "consumers-per-stream": { type: "string", default: "3" },
    nodes: { type: "string", default: "3" },
    days: { type: "string", default: "14" },
    "poll-ms": { type: "string", default: "2000" },
    store: { type: "string", default: "sqlite" },
    keep: { type: "boolean", default: false },
  },
});
if (values.store !== "sqlite" && values.store !== "postgres") throw new Error(`--store: "${values.store}" must be sqlite or postgres`);
const STREAMS = Number(values.streams);
const PER_STREAM = Number(values["consumers-per-stream"]);
const NODES = Number(values.nodes);
const DAYS = Number(values.days);
const POLL_MS = Number(values["poll-ms"]);
const ASSET_STEP_MS = 60_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPTIONS = { rawRetentionMs: DAY, rollupRetentionMs: 90 * DAY, assetRollupMs: HOUR };
/** PostgreSQL as SQLite runs here (WAL, synchronous=NORMAL): a crash of the process loses nothing committed, a power cut may lose the newest commits. */
const POSTGRES_SETTINGS = { synchronous_commit: "off" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Messages per second of stream i: a few busy streams, a long tail of quiet ones. */
const streamRate = (i: number) => (i < 10 ? 500 / (i + 1) : 1 + (i % 7));

/** What the bench needs of a store beyond its interface: plain SQL (with `?` placeholders) to seed and count, and its size. */
interface BenchStore {
  name: string;
  store: HistoryStore;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Many rows into a table, in one transaction. */
  insert(table: string, rows: unknown[][]): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

function sqliteBench(): BenchStore {
  const dir = mkdtempSync(path.join(tmpdir(), "jsw-bench-history-"));
  const file = path.join(dir, "history.sqlite");
  const store = new SqliteHistoryStore(file, OPTIONS);
  const db = store.db;
  return {
    name: "SQLite",
    store,
    async query(sql, params = []) {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const statement = db.prepare(`INSERT INTO ${table} VALUES (${rows[0].map(() => "?").join(", ")})`);
      db.transaction(() => rows.forEach((row) => statement.run(...row)))();
    },
    async size() {
      db.pragma("wal_checkpoint(TRUNCATE)");
      return [file, `${file}-wal`].reduce((sum, f) => sum + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
    },
    async close() {
      await store.close();
      if (!values.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBench(server: PostgresServer): Promise<BenchStore> {
  const url = await server.createDatabase("bench");
  const store = await PostgresHistoryStore.open({ url, poolSize: 4 }, OPTIONS);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    name: "PostgreSQL",
    store,
    query: async (sql, params = []) => (await store.pool.query(numbered(sql), params)).rows,
    async insert(table, rows) {
      if (rows.length === 0) return;
      // One statement per chunk: each column as an array, turned back into rows by unnest.
      const width = rows[0].length;
      const types = (await store.pool.query(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [table])).rows.map((r) => r.t as string);
      const client = await store.pool.connect();
      try {
        await client.query("BEGIN");
        for (let i = 0; i < rows.length; i += 20_000) {
          const chunk = rows.slice(i, i + 20_000);
          const columns = Array.from({ length: width }, (_, c) => chunk.map((row) => row[c]));
          await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${types.map((t, c) => `$${c + 1}::${t}[]`).join(", ")})`, columns);
        }
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
    async size() {
      await store.pool.query("VACUUM ANALYZE");
      return Number((await store.pool.query("SELECT pg_database_size(current_database()) AS n")).rows[0].n);
    },
    close: () => store.close(),
  };
}

interface Figures {
  size: number;
  rows: Record<string, number>;
  cycleMs: number[];
  assetCycleMs: number[];
  rawWriteMs: number;
  maintainMs: number;
  reportMs: number[];
  dayReportMs: number[];
  seriesMs: number[];
  report: TrialReport;
}

async function run(b: BenchStore): Promise<Figures> {
  const { store } = b;
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const start = now - DAYS * DAY;
  const rawFrom = now - DAY;
  const nodes = Array.from({ length: NODES }, (_, i) => `n${i + 1}`);
  const streams = Array.from({ length: STREAMS }, (_, i) => ({ account: "APP", name: `BENCH_${String(i).padStart(4, "0")}` }));
  const totalRate = streams.reduce((sum, _, i) => sum + streamRate(i), 0);
  console.log(`history bench on ${b.name}: ${DAYS} days, ${NODES} nodes, ${STREAMS} streams × ${PER_STREAM} consumers`);
  await store.beginSession("bench", start, POLL_MS);

  // The last 24 h through the store's own write path, one cycle per poll (the first creates the rows of every node, stream and consumer).
  let t0 = Date.now();
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
            return { ...s, created: new Date(start - DAY).toISOString(), messages: 100_000, bytes: 100e6, lastSeq: stored, storedTotal: stored };
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
  const rawWriteMs = Date.now() - t0;
  console.log(`  wrote 24 h of raw samples (${cycleMs.length + assetCycleMs.length} cycles) in ${ms(rawWriteMs)}`);

  // Days 1 … DAYS-1 as rollups, straight into the tables (what 24 h of pruning leaves), for the rows the writes made.
  t0 = Date.now();
  const ids = async (sql: string) => (await b.query(sql)).map((r) => Number(r.id));
  const [clusterId] = await ids("SELECT id FROM clusters WHERE name = 'bench'");
  const nodeIds = await ids("SELECT id FROM nodes ORDER BY id");
  const streamIds = await ids("SELECT id FROM streams ORDER BY id");
  const consumerIds = await ids("SELECT id FROM consumers ORDER BY id");
  for (let day = start; day < rawFrom; day += DAY) {
    const nodeMinutes: unknown[][] = [];
    const clusterMinutes: unknown[][] = [];
    const streamRollups: unknown[][] = [];
    const consumerRollups: unknown[][] = [];
    for (let m = day; m < day + DAY; m += MINUTE) {
      const wave = 1 + 0.5 * Math.sin((m / DAY) * 2 * Math.PI);
      nodeIds.forEach((id, i) => {
        const rate = (totalRate * wave * 3) / NODES;
        const r60 = Math.round(rate * 60);
        nodeMinutes.push([id, m, 30, 30, r60, r60, r60 * 1024, r60 * 1024, rate, rate * 1.2, rate, rate * 1.2, 1e9 + (m - start) * 10 + i, 1e9 + (m - start) * 10 + i, 50e9, 500e6, 20, 35, 300, 0]);
      });
      const rate = totalRate * wave;
      clusterMinutes.push([clusterId, m, 30, NODES, 0, rate * 3, rate * 3.6, rate * 3, rate * 3.6, rate, rate * 1.3, Math.round(rate * 60)]);
    }
    for (let h = day; h < day + DAY; h += HOUR) {
      streamIds.forEach((id, i) => {
        const stored = Math.round(streamRate(i) * ((h + HOUR - start) / 1000));
        streamRollups.push([id, h, 100_000, 100_000, 100e6, 100e6, stored, stored]);
      });
      consumerIds.forEach((id, i) => consumerRollups.push([id, h, (i * 37 + Math.floor(h / HOUR)) % 5000, (i * 11) % 700, 200, i % 100, 1]));
    }
    await b.insert("node_minutes", nodeMinutes);
    await b.insert("cluster_minutes", clusterMinutes);
    await b.insert("stream_rollups", streamRollups);
    await b.insert("consumer_rollups", consumerRollups);
  }
  for (const key of ["wm.minutes", "wm.assets"]) await b.query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, rawFrom]);
  console.log(`  generated ${DAYS - 1} days of rollups in ${ms(Date.now() - t0)}`);

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
  const judging = { targets: { throughputMsgsPerSec: 100_000, failoverMs: 10_000, clusterOutages: 0, alerts: 2 }, canary: null };
  const timed = async (times: number[], work: () => Promise<unknown>) => {
    const r0 = performance.now();
    await work();
    times.push(performance.now() - r0);
  };
  const reportMs: number[] = [];
  let report = await buildReport(store, "bench", period, judging, now);
  for (let i = 0; i < 5; i++) await timed(reportMs, async () => (report = await buildReport(store, "bench", period, judging, now)));
  const dayReportMs: number[] = [];
  for (let i = 0; i < 5; i++) await timed(dayReportMs, () => buildReport(store, "bench", { from: now - DAY, to: now }, judging, now));
  const seriesMs: number[] = [];
  for (let i = 0; i < 5; i++)
    await timed(seriesMs, () =>
      Promise.all([
        store.series("bench", { kind: "cluster" }, now - 30 * DAY, now, 2 * HOUR),
        store.series("bench", { kind: "stream", account: "APP", name: streams[0].name }, now - 7 * DAY, now, 30 * MINUTE),
      ]),
    );
  const rows: Record<string, number> = {};
  for (const table of ["node_samples", "node_minutes", "stream_samples", "stream_rollups", "consumer_samples", "consumer_rollups"])
    rows[table] = Number((await b.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const size = await b.size();
  await b.close();
  return { size, rows, cycleMs, assetCycleMs, rawWriteMs, maintainMs, reportMs, dayReportMs, seriesMs, report };
}

function print(results: { name: string; f: Figures }[]): void {
  const line = (label: string, cell: (f: Figures) => string) => `  ${label.padEnd(36)}${results.map((r) => cell(r.f).padEnd(34)).join("")}`;
  const says = (r: TrialReport) => `${r.messagesStored.toLocaleString("en")} msgs, peak ${Math.round(r.throughput.peakMsgsPerSec ?? 0)}/s, ${r.elections.length} elections, ${r.alerts.total} alerts`;
  console.log(`
=== history store (${DAYS} days, ${NODES} nodes, ${STREAMS} streams, ${STREAMS * PER_STREAM} consumers)${results.some((r) => r.name === "PostgreSQL") ? `; PostgreSQL 15 on loopback, ${Object.entries(POSTGRES_SETTINGS).map(([k, v]) => `${k}=${v}`).join(", ")}` : ""}
  ${"".padEnd(36)}${results.map((r) => r.name.padEnd(34)).join("")}
${line("database size", (f) => mb(f.size))}
${line("write of one cycle (nodes only)", (f) => `median ${ms(median(f.cycleMs))}, max ${ms(Math.max(...f.cycleMs))}`)}
${line("write of one cycle with assets", (f) => `median ${ms(median(f.assetCycleMs))}, max ${ms(Math.max(...f.assetCycleMs))}`)}
${line("24 h of cycles written", (f) => ms(f.rawWriteMs))}
${line("rollups + pruning of 24 h backlog", (f) => ms(f.maintainMs))}
${line(`report, whole ${DAYS} days`, (f) => `median ${ms(median(f.reportMs))} (max ${ms(Math.max(...f.reportMs))})`)}
${line("report, last 24 h", (f) => `median ${ms(median(f.dayReportMs))}`)}
${line("charts: cluster 30 d + stream 7 d", (f) => `median ${ms(median(f.seriesMs))}`)}
${results.map((r) => `  ${r.name}'s report says ${says(r.f.report)}\n  ${r.name}'s rows: ${Object.entries(r.f.rows).map(([t, n]) => `${t} ${n}`).join(", ")}`).join("\n")}`);
}

async function main() {
  const results: { name: string; f: Figures }[] = [];
  const sqlite = sqliteBench();
  results.push({ name: sqlite.name, f: await run(sqlite) });
  if (values.store === "postgres") {
    const server = await startPostgres(POSTGRES_SETTINGS);
    try {
      const postgres = await postgresBench(server);
      results.push({ name: postgres.name, f: await run(postgres) });
    } finally {
      await server.stop();
    }
  }
  print(results);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
