import { apiError } from "@/lib/api/errors";
import { parseInclude } from "@/lib/api/include-param";
import { endWhenRevoked } from "@/lib/api/revocation";
import { withAuth } from "@/lib/api/with-auth";
import { getMetrics } from "@/lib/metrics/runtime";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 10_000;

/**
 * Server-Sent Events: `hello` (poll interval and the recent throughput window), the latest
 * `snapshot`, then one `delta` per collector cycle (only what changed; see lib/model/delta.ts),
 * a `cluster-event` for each event as it happens (leader elections, nodes down, …), and a
 * comment line as heartbeat so proxies keep the stream open. `?include=streams,consumers`
 * adds those lists; without it a viewer gets nodes, meta group, status and throughput only.
 * `?include=trouble` (the wall display) gets only the streams and consumers in trouble, as a
 * full snapshot every cycle. Subscribing never triggers an upstream request. A wall display's
 * link may read this route; a stream opened with a managed token ends when the token is revoked.
 */
export const GET = withAuth((req, { collector, principal }) => {
  const include = parseInclude(req.nextUrl.searchParams.get("include"));
  if ("error" in include) return apiError("bad-request", include.error);
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
      const send = (event: string, json: string) => write(`event: ${event}\ndata: ${json}\n\n`);

      write("retry: 2000\n\n");
      send(
        "hello",
        JSON.stringify({
          cluster: collector.cluster.name,
          pollIntervalMs: collector.snapshot()?.pollIntervalMs ?? null,
          recent: collector.recentThroughput(),
        }),
      );
      const latest = collector.update();
      if (latest) send("snapshot", latest.snapshotJson(include));
      let haveSnapshot = latest !== null;
      const unsubscribe = collector.subscribe((update) => {
        const delta = haveSnapshot ? update.deltaJson(include) : null;
        if (delta) send("delta", delta);
        else send("snapshot", update.snapshotJson(include));
        haveSnapshot = true;
      });
      const unsubscribeEvents = collector.subscribeEvents((event) => send("cluster-event", JSON.stringify(event)));
      const heartbeat = setInterval(() => write(`: heartbeat ${Date.now()}\n\n`), HEARTBEAT_MS);
      const stopWatching = endWhenRevoked(principal, () => cleanup());
      const viewerClosed = getMetrics()?.self.viewerOpened(collector.cluster.name);
      cleanup = () => {
        if (!open) return;
        open = false;
        viewerClosed?.();
        unsubscribe();
        unsubscribeEvents();
        clearInterval(heartbeat);
        stopWatching();
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
}, { display: true, cluster: true });

/**
 * Whether GET would be let in, without opening a stream: a page whose live stream was closed asks
 * this to tell a refused login or display link (401) from a server that is restarting, and a GET
 * would build its first snapshot (megabytes with the lists) only to be aborted.
 */
export const HEAD = withAuth(() => new Response(null, { status: 200, headers: { "cache-control": "no-store" } }), { display: true, cluster: true });
