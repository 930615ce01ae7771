/**
 * A viewer of a Server-Sent Events stream that reconnects as a browser page does: EventSource
 * waits the stream's `retry:` time after the connection ends and opens it again, sending
 * Last-Event-ID when the stream gave ids; when it gives up on an HTTP error the page's hook
 * (components/hooks/use-cluster-stream.ts) reopens it after a while. Every event is kept with the
 * connection it came on.
 */
import https from "node:https";
import { eachEventBlock } from "./http";

export interface ViewedEvent {
  event: string;
  data: string;
  atMs: number;
  /** Which connection (0, 1, …) it came on. */
  connection: number;
}

export interface ViewerConnection {
  openedAtMs: number;
  status: number | null;
  /** The Last-Event-ID it was opened with, if any. */
  lastEventId: string | null;
  endedAtMs: number | null;
}

const DEFAULT_RETRY_MS = 3000;

export class ReconnectingViewer {
  readonly events: ViewedEvent[] = [];
  readonly connections: ViewerConnection[] = [];
  private retryMs = DEFAULT_RETRY_MS;
  private lastEventId: string | null = null;
  private request: ReturnType<typeof https.get> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly options: { ca: Buffer; headers: Record<string, string> },
  ) {
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.request?.destroy();
  }

  /** The first event from `fromIndex` on that `wanted` accepts. */
  async waitFor(what: string, wanted: (event: ViewedEvent) => boolean, timeoutMs: number, fromIndex = 0): Promise<ViewedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(fromIndex).find(wanted);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the viewer did not see ${what} within ${timeoutMs} ms; its connections: ${JSON.stringify(this.connections)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  private open(): void {
    const connection = this.connections.length;
    const state: ViewerConnection = { openedAtMs: Date.now(), status: null, lastEventId: this.lastEventId, endedAtMs: null };
    this.connections.push(state);
    const headers = { ...this.options.headers, accept: "text/event-stream", "cache-control": "no-cache", ...(this.lastEventId !== null ? { "last-event-id": this.lastEventId } : {}) };
    const ended = () => {
      if (state.endedAtMs !== null) return;
      state.endedAtMs = Date.now();
      this.request = null;
      this.wake();
      if (!this.closed) this.timer = setTimeout(() => this.open(), this.retryMs);
    };
    this.request = https.get(this.url, { ca: this.options.ca, headers, agent: false }, (res) => {
      state.status = res.statusCode ?? 0;
      if (res.statusCode !== 200) {
        res.resume();
        res.on("end", ended);
        return;
      }
      eachEventBlock(res, (block) => this.dispatch(block, connection));
      res.on("end", ended);
      res.on("error", ended);
      res.on("close", ended);
    });
    this.request.on("error", ended);
  }

  /** One block of fields, as EventSource reads it. */
  private dispatch(block: string, connection: number): void {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
      else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    if (data.length === 0) return;
    this.events.push({ event, data: data.join("\n"), atMs: Date.now(), connection });
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }
}
