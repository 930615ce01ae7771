/**
 * What a browser receives: follows the dashboard's Server-Sent Events stream for a while, as a
 * browser would (bearer token instead of the session cookie, the same Accept-Encoding), and
 * records the size of every event. Events are `event: NAME\ndata: JSON\n\n`; comments are heartbeats.
 */
import http from "node:http";
import { StringDecoder } from "node:string_decoder";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { formatBytes, row, type Row } from "./stats";

export interface SseEvent {
  type: string;
  /** The whole event as sent, framing included, decoded (before any transfer compression). */
  bytes: number;
  atMs: number;
  /** Streams / consumers carried: the lists of a snapshot, the upserts and patches of a delta. */
  streams: number | null;
  consumers: number | null;
  cycleMs: number | null;
  /** The `kind` field of other events (e.g. a cluster-event's "leader-elected"). */
  kind: string | null;
}

export interface SseRecording {
  label: string;
  path: string;
  seconds: number;
  status: number | null;
  contentEncoding: string | null;
  wireBytes: number;
  heartbeats: number;
  events: SseEvent[];
  error: string | null;
}

const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br";

function decoderFor(encoding: string | undefined) {
  if (encoding === "gzip") return createGunzip();
  if (encoding === "br") return createBrotliDecompress();
  if (encoding === "deflate") return createInflate();
  return null;
}

const count = (value: unknown): number | null => (Array.isArray(value) ? value.length : null);
const numberOrNull = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** What an event carries, read defensively: the delta format is still being settled. */
function describe(type: string, data: string): Pick<SseEvent, "streams" | "consumers" | "cycleMs" | "kind"> {
  const none = { streams: null, consumers: null, cycleMs: null, kind: null };
  if (type === "hello") return none;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return none;
  }
  if (type === "snapshot") return { ...none, streams: count(body.streams), consumers: count(body.consumers), cycleMs: numberOrNull(body.cycleMs) };
  if (type === "delta") {
    // Whole (upsert) or as their changed fields (patch): both are assets the update carries.
    const carried = (list: unknown) => {
      const changes = list as { upsert?: unknown; patch?: unknown } | undefined;
      const whole = count(changes?.upsert);
      const patched = count(changes?.patch);
      return whole === null && patched === null ? null : (whole ?? 0) + (patched ?? 0);
    };
    const head = body.head as { cycleMs?: unknown } | undefined;
    return { ...none, streams: carried(body.streams), consumers: carried(body.consumers), cycleMs: numberOrNull(head?.cycleMs) };
  }
  return { ...none, kind: typeof body.kind === "string" ? body.kind : null };
}

/** Splits the decoded stream into event blocks, however the bytes were chunked. */
class EventParser {
  private buffer = "";

  constructor(private readonly onBlock: (block: string) => void) {}

  push(text: string): void {
    // Only the tail can hold a new separator; rescanning megabyte snapshots from the start would be quadratic.
    let scanFrom = Math.max(0, this.buffer.length - 1);
    this.buffer += text;
    for (let end = this.buffer.indexOf("\n\n", scanFrom); end >= 0; end = this.buffer.indexOf("\n\n", scanFrom)) {
      this.onBlock(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      scanFrom = 0;
    }
  }
}

export function recordEvents(baseUrl: string, path: string, apiToken: string, seconds: number, label: string): Promise<SseRecording> {
  const recording: SseRecording = { label, path, seconds, status: null, contentEncoding: null, wireBytes: 0, heartbeats: 0, events: [], error: null };
  const started = performance.now();
  const onBlock = (block: string) => {
    const lines = block.split("\n");
    if (lines.every((line) => line.startsWith(":"))) {
      recording.heartbeats += 1;
      return;
    }
    const type = lines.find((line) => line.startsWith("event:"))?.slice(6).trim();
    const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).replace(/^ /, "")).join("\n");
    if (!type && !data) return; // "retry:" only
    recording.events.push({ type: type ?? "message", bytes: Buffer.byteLength(block) + 2, atMs: performance.now() - started, ...describe(type ?? "message", data) });
  };

  return new Promise((resolve) => {
    let finished = false;
    const parser = new EventParser(onBlock);
    const text = new StringDecoder("utf8");
    const req = http.get(
      new URL(path, baseUrl),
      { headers: { authorization: `Bearer ${apiToken}`, accept: "text/event-stream", "accept-encoding": BROWSER_ACCEPT_ENCODING } },
      (res) => {
        recording.status = res.statusCode ?? null;
        recording.contentEncoding = res.headers["content-encoding"] ?? null;
        res.on("data", (chunk: Buffer) => (recording.wireBytes += chunk.length));
        const decoder = decoderFor(res.headers["content-encoding"]);
        const decoded = decoder ? res.pipe(decoder) : res;
        decoded.on("data", (chunk: Buffer) => parser.push(text.write(chunk)));
        decoded.on("error", (error: Error) => {
          if (!finished) recording.error ??= error.message;
        });
      },
    );
    req.on("error", (error) => {
      if (!finished) recording.error ??= error.message;
    });
    setTimeout(() => {
      finished = true;
      req.destroy();
      resolve(recording);
    }, seconds * 1000);
  });
}

export function eventsOfType(recording: SseRecording, type: string): SseEvent[] {
  return recording.events.filter((event) => event.type === type);
}

const MODEL_EVENTS = new Set(["hello", "snapshot", "delta"]);

/** Event types besides the model's own (e.g. `cluster-event`), in order of first appearance. */
export function otherEventTypes(recording: SseRecording): string[] {
  return [...new Set(recording.events.map((event) => event.type).filter((type) => !MODEL_EVENTS.has(type)))];
}

/** The first snapshot is the connect cost; what follows it is the per-update cost. */
export function updateEvents(recording: SseRecording): SseEvent[] {
  const first = recording.events.findIndex((event) => event.type === "snapshot");
  return recording.events.slice(first + 1).filter((event) => event.type === "snapshot" || event.type === "delta");
}

export function sseRows(recording: SseRecording): Row[] {
  const firstSnapshot = eventsOfType(recording, "snapshot")[0];
  const updates = updateEvents(recording);
  const snapshots = updates.filter((event) => event.type === "snapshot");
  const deltas = updates.filter((event) => event.type === "delta");
  const rows: Row[] = [row(`${recording.label}: first snapshot`, "bytes", firstSnapshot ? [firstSnapshot.bytes] : [], { whenEmpty: "none received" })];
  if (deltas.length || !snapshots.length) rows.push(row(`${recording.label}: delta`, "bytes", deltas.map((e) => e.bytes), { whenEmpty: "no delta events" }));
  if (snapshots.length) rows.push(row(`${recording.label}: later snapshot`, "bytes", snapshots.map((e) => e.bytes)));
  for (const type of otherEventTypes(recording)) rows.push(row(`${recording.label}: ${type} event`, "bytes", eventsOfType(recording, type).map((e) => e.bytes)));
  rows.push(row(`${recording.label}: on the wire per second`, "bytes", [recording.wireBytes / recording.seconds]));
  return rows;
}

/** Events by type with their total size, the kinds of other events, assets per delta and the transfer encoding. */
export function describeRecording(recording: SseRecording): string {
  const byType = new Map<string, { n: number; bytes: number }>();
  for (const event of recording.events) {
    const total = byType.get(event.type) ?? { n: 0, bytes: 0 };
    byType.set(event.type, { n: total.n + 1, bytes: total.bytes + event.bytes });
  }
  const kinds = [...byType].map(([type, total]) => `${total.n} ${type} (${formatBytes(total.bytes)})`).join(", ") || "no events";
  const upserts = eventsOfType(recording, "delta").map((event) => `${event.streams ?? "?"}s/${event.consumers ?? "?"}c`);
  const otherKinds = new Map<string, number>();
  for (const event of recording.events) if (event.kind) otherKinds.set(event.kind, (otherKinds.get(event.kind) ?? 0) + 1);
  const status = recording.status === 200 ? "" : ` HTTP ${recording.status ?? "no answer"};`;
  const error = recording.error ? ` error: ${recording.error};` : "";
  return (
    `${recording.label}:${status}${error} ${kinds}, ${recording.heartbeats} heartbeats in ${recording.seconds} s, ` +
    `transfer encoding ${recording.contentEncoding ?? "none"}` +
    (otherKinds.size ? `; event kinds: ${[...otherKinds].map(([kind, n]) => `${kind} ×${n}`).join(", ")}` : "") +
    (upserts.length ? `; assets per delta (streams/consumers): ${upserts.join(" ")}` : "")
  );
}
