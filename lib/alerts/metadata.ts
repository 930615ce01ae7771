/**
 * The `io.nats.monitor.*` metadata of streams and consumers that `nats server check` reads
 * (shared/nats-monitoring-reference.md §6.3; nats-io/jsm.go monitor/ names the same keys), each key
 * with the parser of its value, and how a level set there wins over the dashboard's.
 */

/** A metadata key and how its value reads: a count, or a duration in milliseconds. */
export interface MonitorSetting {
  key: string;
  parse: (text: string) => number | null;
}

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 MICRO SIGN, as Go writes it
  μs: 1e-3, // U+03BC GREEK SMALL LETTER MU, which Go accepts too
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  // Units natscli adds to Go's (jsm.go ParseDuration): days, weeks, 30-day months, 365-day years.
  d: 86_400_000,
  D: 86_400_000,
  w: 604_800_000,
  W: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
  Y: 31_536_000_000,
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|D|w|W|M|y|Y)/g;
const DURATION = new RegExp(`^(?:${DURATION_PART.source})+$`);

/**
 * A Go duration ("10s", "1m30s", "500ms", "1.5h") or natscli's extra units ("2d", "1w") in
 * milliseconds; a plain integer counts seconds. null when it is neither (or negative).
 */
export function parseDurationMs(text: string): number | null {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!DURATION.test(value)) return null;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) ms += Number(amount) * DURATION_UNITS_MS[unit];
  return ms;
}

/** A whole count as Go's strconv.Atoi reads it; negative values are kept (they turn a check off). */
export function parseCount(text: string): number | null {
  const value = text.trim();
  return /^[+-]?\d+$/.test(value) ? Number(value) : null;
}

const count = (name: string): MonitorSetting => ({ key: `io.nats.monitor.${name}`, parse: parseCount });
const duration = (name: string): MonitorSetting => ({ key: `io.nats.monitor.${name}`, parse: parseDurationMs });

// Streams
export const STREAM_PEER_LAG_CRITICAL = count("peer-lag-critical");
export const STREAM_PEER_SEEN_CRITICAL = duration("peer-seen-critical");
/** A floor, not a cap: alert when the stream holds this few messages or fewer. */
export const STREAM_MSGS_WARN = count("msgs-warn");
export const STREAM_MSGS_CRITICAL = count("msgs-critical");
// Consumers (metadata on consumers needs nats-server 2.10+)
export const CONSUMER_UNPROCESSED_CRITICAL = count("unprocessed-critical");
export const CONSUMER_OUTSTANDING_ACK_CRITICAL = count("outstanding-ack-critical");
export const CONSUMER_REDELIVERY_CRITICAL = count("redelivery-critical");
export const CONSUMER_WAITING_CRITICAL = count("waiting-critical");
export const CONSUMER_LAST_DELIVERY_CRITICAL = duration("last-delivery-critical");
export const CONSUMER_LAST_ACK_CRITICAL = duration("last-ack-critical");

export interface Level {
  value: number;
  /** The metadata key that set it, or null for the dashboard's own threshold. */
  metadataKey: string | null;
}

/**
 * The level an asset's metadata sets for a check, else the dashboard's. As in natscli a level of
 * 0 or below turns the check off for that asset; a value that does not parse is ignored.
 */
export function resolveLevel(metadata: Record<string, string> | null, setting: MonitorSetting, fallback: number | null): Level | null {
  const raw = metadata?.[setting.key];
  const parsed = raw === undefined ? null : setting.parse(raw);
  if (parsed === null) return fallback === null ? null : { value: fallback, metadataKey: null };
  return parsed > 0 ? { value: parsed, metadataKey: setting.key } : null;
}

/** ", set by io.nats.monitor.…" when the asset's metadata set the level. */
export const setBy = (level: Level) => (level.metadataKey ? `, set by ${level.metadataKey}` : "");
