/** Names, ids and time formats as nats-server makes them. */
import { createHash } from "node:crypto";

const HASH_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** nats-server's `getHash`: 8 base-62 digits of sha256(name) — the `peer` ids in replica lists. */
export function natsHash(name: string, size = 8): string {
  const digest = createHash("sha256").update(name).digest();
  let out = "";
  for (let i = 0; i < size; i++) out += HASH_DIGITS[digest[i] % HASH_DIGITS.length];
  return out;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A server public key's shape: "N" and 55 base-32 characters, stable per name. */
export function serverId(name: string): string {
  const digest = createHash("sha512").update(`server:${name}`).digest();
  let out = "N";
  for (let i = 0; i < 55; i++) out += BASE32[digest[i] % 32];
  return out;
}

/** A Raft group name as `groupName` prints it: "S-R3F-xxxxxxxx" (prefix, replicas, storage initial, hash). */
export function raftGroupName(prefix: "S" | "C", replicas: number, seed: string): string {
  return `${prefix}-R${replicas}F-${natsHash(seed)}`;
}

/** The zero time.Time, as JSON prints it. */
export const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/**
 * Go's RFC3339Nano (what `time.Time` marshals to): nanoseconds with trailing zeros dropped,
 * no fraction when they are all zero. `ms` may carry a fraction (sub-millisecond part).
 */
export function goTime(ms: number): string {
  const whole = Math.floor(ms);
  const nanos = Math.min(999_999, Math.round((ms - whole) * 1e6)) + (whole % 1000) * 1e6;
  const base = secondText(whole - (whole % 1000));
  if (nanos === 0) return `${base}Z`;
  return `${base}.${String(nanos).padStart(9, "0").replace(/0+$/, "")}Z`;
}

/** Like goTime, but always with nine fraction digits (a last digit of 0, which Go would trim, becomes 1): a time of fixed width. */
export function goTimeFullNanos(ms: number): string {
  const whole = Math.floor(ms);
  let nanos = Math.min(999_999, Math.round((ms - whole) * 1e6)) + (whole % 1000) * 1e6;
  if (nanos % 10 === 0) nanos += 1;
  return `${secondText(whole - (whole % 1000))}.${String(nanos).padStart(9, "0")}Z`;
}

// Times printed together fall in few distinct seconds: format each second once.
const SECOND_CACHE_LIMIT = 4096;
const secondTexts = new Map<number, string>();
function secondText(ms: number): string {
  let text = secondTexts.get(ms);
  if (text === undefined) {
    if (secondTexts.size >= SECOND_CACHE_LIMIT) secondTexts.clear();
    secondTexts.set(ms, (text = new Date(ms).toISOString().slice(0, 19)));
  }
  return text;
}

/** nats-server's `myUptime`: "5s", "3m4s", "2h3m4s", "1d2h3m4s", "1y1d2h3m4s". */
export function goUptime(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const mins = Math.floor(secs / 60);
  const hours = Math.floor(mins / 60);
  const days = Math.floor(hours / 24);
  const years = Math.floor(days / 365);
  if (years > 0) return `${years}y${days % 365}d${hours % 24}h${mins % 60}m${secs % 60}s`;
  if (days > 0) return `${days}d${hours % 24}h${mins % 60}m${secs % 60}s`;
  if (hours > 0) return `${hours}h${mins % 60}m${secs % 60}s`;
  if (mins > 0) return `${mins}m${secs % 60}s`;
  return `${secs}s`;
}
