/**
 * A real local HTTP server for webhooks to post to: it keeps every request (path, Idempotency-Key,
 * JSON body), and can answer 503 for a while or hold its answers (a receiver that is slow when
 * the dashboard dies).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  idempotencyKey: string | null;
  body: unknown;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Requests answered 503 (and not kept) before the next ones are accepted. */
  failuresLeft = 0;
  /** Paths whose requests are kept but never answered. */
  readonly holding = new Set<string>();
  /** Requests it accepts are kept but never answered, whatever their path (e.g. those about one alert). */
  holdWhen: ((request: ReceivedWebhook) => boolean) | null = null;
  private readonly held: http.ServerResponse[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly base: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = http.createServer((req, res) => receiver!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return receiver;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Forgets what came so far (between tests). */
  clear(): void {
    this.received.length = 0;
  }

  /** The requests to `path`, in the order they came. */
  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (this.failuresLeft > 0) {
        this.failuresLeft -= 1;
        res.writeHead(503).end();
        return;
      }
      const path = req.url ?? "";
      const request: ReceivedWebhook = { path, idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null, body: JSON.parse(body) };
      this.received.push(request);
      if (this.holding.has(path) || this.holdWhen?.(request)) this.held.push(res);
      else res.writeHead(200).end("ok");
    });
  }
}
