/**
 * The storage page: JetStream file storage of each node against its limit, and the streams
 * nearest their max_bytes with how soon they fill at their current growth. The warning and
 * critical levels are the alert rules' own (`storageWarnPercent`, `storageCritPercent`), so a bar
 * turns amber exactly when the storage alert would.
 */
import type { AlertThresholds } from "../alerts/thresholds";
import type { NodeView, StreamView } from "../model/types";
import { assetPath } from "../model/assets";

export type StorageLevels = Pick<AlertThresholds, "storageWarnPercent" | "storageCritPercent">;

/** Only the two levels, for a page to send to the browser instead of every threshold. */
export function storageLevelsOf(thresholds: StorageLevels): StorageLevels {
  return { storageWarnPercent: thresholds.storageWarnPercent, storageCritPercent: thresholds.storageCritPercent };
}

export type StorageLevel = "ok" | "warning" | "critical";

/** How full, as the storage alert judges it; null without a limit. */
export function storageLevel(percent: number | null, levels: StorageLevels): StorageLevel | null {
  if (percent === null) return null;
  if (percent >= levels.storageCritPercent) return "critical";
  if (percent >= levels.storageWarnPercent) return "warning";
  return "ok";
}

export function usedPercent(usedBytes: number | null, limitBytes: number | null): number | null {
  return usedBytes === null || !limitBytes ? null : (usedBytes / limitBytes) * 100;
}

export interface NodeStorageRow {
  name: string;
  url: string;
  /** null when the node reports no JetStream (not enabled, or not answering). */
  storageBytes: number | null;
  /** null without a limit (or without JetStream). */
  storageLimitBytes: number | null;
  storagePercent: number | null;
  level: StorageLevel | null;
  memoryBytes: number | null;
  memoryLimitBytes: number | null;
  hasJetStream: boolean;
}

export function nodeStorageRows(nodes: readonly NodeView[], levels: StorageLevels): NodeStorageRow[] {
  return nodes.map((n) => {
    const js = n.jetstream;
    const storagePercent = js ? usedPercent(js.storageBytes, js.storageLimitBytes) : null;
    return {
      name: n.name,
      url: n.url,
      storageBytes: js?.storageBytes ?? null,
      storageLimitBytes: js?.storageLimitBytes ?? null,
      storagePercent,
      level: storageLevel(storagePercent, levels),
      memoryBytes: js?.memoryBytes ?? null,
      memoryLimitBytes: js?.memoryLimitBytes ?? null,
      hasJetStream: js !== null,
    };
  });
}

/** How many streams the page lists. */
export const NEAREST_LIMIT_STREAMS = 20;

export interface StreamNearLimit {
  /** "ACCOUNT/STREAM" */
  key: string;
  account: string;
  name: string;
  bytes: number;
  maxBytes: number;
  percent: number;
  /** Net growth in bytes per second; null when the stream is not growing. */
  growingBytesPerSec: number | null;
  /** Time until max_bytes at the current growth; null when the stream is not growing. */
  fullInMs: number | null;
}

/** The streams with a max_bytes, fullest first (ties by name). */
export function streamsNearestLimit(streams: readonly StreamView[], limit: number = NEAREST_LIMIT_STREAMS): StreamNearLimit[] {
  const rows: StreamNearLimit[] = [];
  for (const s of streams) {
    if (s.maxBytes === null || s.bytes === null) continue;
    const growing = s.bytesPerSec !== null && s.bytesPerSec > 0 ? s.bytesPerSec : null;
    rows.push({
      key: assetPath(s.account, s.name),
      account: s.account,
      name: s.name,
      bytes: s.bytes,
      maxBytes: s.maxBytes,
      percent: (s.bytes / s.maxBytes) * 100,
      growingBytesPerSec: growing,
      fullInMs: growing === null ? null : ((s.maxBytes - s.bytes) / growing) * 1000,
    });
  }
  rows.sort((a, b) => b.percent - a.percent || a.account.localeCompare(b.account) || a.name.localeCompare(b.name));
  return rows.slice(0, limit);
}
