/**
 * Rollups and pruning, in small batches between which the event loop (and so the collector) gets
 * its turn. Nodes and the cluster roll up per minute, streams and consumers per `assetRollupMs`,
 * the latency canary's minutes per hour; raw rows go only once their rollup exists.
 */
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { encodeHistogram } from "../../model/latency/histogram";
import { alignDown, HOUR, LATENCY_SETTLE_MS, mergeLatencyMinutes, MINUTE, SETTLE_MS } from "../figures";
import type { Row } from "../rows";
import type { StoreContext } from "./context";
import type { AssetKind } from "./statements";

/** Ids per batch when rolling up or pruning stream and consumer rows. */
const ID_SLICE = 200;
/** Raw stream and consumer samples deleted per batch (by time). */
const PRUNE_CHUNK_MS = 5 * MINUTE;
/** Minutes of node and cluster samples rolled up per batch. */
const MINUTES_PER_BATCH = 60;
const ASSET_KINDS: AssetKind[] = ["stream", "consumer"];

function metaNumber(s: StoreContext, key: string): number | null {
  const row = s.sql.metaGet.get(key) as { value: number } | undefined;
  return row ? Number(row.value) : null;
}

/** Time up to which per-minute rollups of nodes and the cluster are complete. */
export const minuteWatermark = (s: StoreContext) => metaNumber(s, "wm.minutes");

/** Time up to which stream and consumer rollups are complete. */
export const assetWatermark = (s: StoreContext) => metaNumber(s, "wm.assets");

/** Time up to which the latency minutes are merged into hours. */
export const latencyHourWatermark = (s: StoreContext) => metaNumber(s, "wm.latency-hours");


/** Each closed hour's minutes merged per cluster and series, one hour per transaction. */
async function rollUpLatencyHours(s: StoreContext, until: number): Promise<void> {
  let from = latencyHourWatermark(s);
  if (from === null) {
    const oldest = (s.sql.oldestLatencyMinute.get() as { t: number | null }).t;
    if (oldest === null) return;
    from = alignDown(oldest, HOUR);
  }
  for (; from + HOUR <= until; from += HOUR) {
    const hour = from;
    s.db.transaction(() => {
      for (const m of mergeLatencyMinutes(s.sql.latencyMinutesOfHour.all(hour, hour + HOUR) as Row[]))
        s.sql.latencyHour.run(m.clusterId, m.series, hour, m.minutes, m.tally.hist.totalCount, m.tally.timeouts, m.tally.errors, encodeHistogram(m.tally.hist));
      s.sql.metaSet.run("wm.latency-hours", hour + HOUR);
    })();
    await yieldToLoop();
  }
}

/** Runs `batch` over the asset ids in slices of ID_SLICE, yielding to the event loop after each. */
async function inIdSlices(s: StoreContext, kind: AssetKind, batch: (lo: number, hi: number) => void): Promise<void> {
  const maxId = (s.sql.maxId[kind].get() as { id: number | null }).id ?? 0;
  for (let lo = 0; lo <= maxId; lo += ID_SLICE) {
    batch(lo, lo + ID_SLICE - 1);
    await yieldToLoop();
  }
}

/** Where rolling up starts: the watermark, else the first session's start. */
function rollupStart(s: StoreContext, watermark: number | null, step: number): number | null {
  if (watermark !== null) return watermark;
  const first = s.sql.sessionFirstAny.get() as { t: number | null };
  return first.t === null ? null : alignDown(first.t, step);
}

async function rollUpMinutes(s: StoreContext, until: number): Promise<void> {
  let from = rollupStart(s, minuteWatermark(s), MINUTE);
  if (from === null) return;
  while (from < until) {
    const to = Math.min(until, from + MINUTES_PER_BATCH * MINUTE);
    s.db.transaction(() => {
      s.sql.nodeMinutes.run(from, to);
      s.sql.clusterMinutes.run(from, to);
      s.sql.metaSet.run("wm.minutes", to);
    })();
    from = to;
    await yieldToLoop();
  }
}

async function rollUpAssets(s: StoreContext, until: number): Promise<void> {
  const size = s.options.assetRollupMs;
  let from = rollupStart(s, assetWatermark(s), size);
  if (from === null) return;
  while (from < until) {
    const bucket = { bucket: from, from, to: from + size };
    for (const kind of ASSET_KINDS) await inIdSlices(s, kind, (lo, hi) => s.sql.assetRollup[kind].run({ ...bucket, lo, hi }));
    from += size;
    s.sql.metaSet.run("wm.assets", from);
  }
}

async function prune(s: StoreContext, now: number): Promise<void> {
  const { sql, options } = s;
  const rawCutoff = now - options.rawRetentionMs;
  const rollupCutoff = now - options.rollupRetentionMs;
  // Raw rows go only once their rollup exists.
  const minuteCut = Math.min(rawCutoff, minuteWatermark(s) ?? -Infinity);
  const assetCut = Math.min(rawCutoff, assetWatermark(s) ?? -Infinity);
  if (Number.isFinite(minuteCut)) for (const del of Object.values(sql.pruneRaw)) del.run(minuteCut);
  await yieldToLoop();
  for (const del of sql.pruneOld) del.run(rollupCutoff);
  // A minute of a detail series goes only once its hour exists.
  const hoursMerged = latencyHourWatermark(s);
  if (hoursMerged !== null) sql.pruneLatencyDetail.run(Math.min(rawCutoff, hoursMerged));
  for (const del of sql.pruneLatency) del.run(rollupCutoff);
  await yieldToLoop();
  if (Number.isFinite(assetCut)) {
    // Time-keyed: delete the oldest rows a few minutes at a time.
    for (const kind of ASSET_KINDS) {
      const oldest = () => (sql.oldestAssetSample[kind].get() as { at: number } | undefined)?.at;
      for (let t = oldest(); t !== undefined && t < assetCut; t = oldest()) {
        sql.pruneAssetSamples[kind].run(Math.min(assetCut, t + PRUNE_CHUNK_MS));
        await yieldToLoop();
      }
    }
  }
  for (const kind of ASSET_KINDS) await inIdSlices(s, kind, (lo, hi) => sql.pruneAssetRollups[kind].run(lo, hi, rollupCutoff));
}

/** Rolls up what has settled and prunes what is past retention. */
export async function maintain(s: StoreContext, now: number): Promise<void> {
  await rollUpMinutes(s, alignDown(now - SETTLE_MS, MINUTE));
  await rollUpAssets(s, alignDown(now - SETTLE_MS, s.options.assetRollupMs));
  await rollUpLatencyHours(s, alignDown(now - LATENCY_SETTLE_MS, HOUR));
  await prune(s, now);
}
