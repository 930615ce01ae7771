import { collectorFor } from "@/lib/api/cluster-param";
import { withAuth } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 10_000;

/**
 * Server-Sent Events: `hello` (poll interval and the recent throughput window), then one
 * `snapshot` per collector cycle, and a comment line as heartbeat so proxies keep the stream open.
 * Subscribing never triggers an upstream request.
 */
export const GET = withAuth((req) => {
  const collector = collectorFor(req);
  if (collector instanceof Response) return collector;
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

      write("retry: 2000\n\n");
      send("hello", {
        cluster: collector.cluster.name,
        pollIntervalMs: collector.snapshot()?.pollIntervalMs ?? null,
        recent: collector.recentThroughput(),
      });
      const latest = collector.snapshot();
      if (latest) send("snapshot", latest);
      const unsubscribe = collector.subscribe((event) => send(event.type, event.snapshot));
      const heartbeat = setInterval(() => write(`: heartbeat ${Date.now()}\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
