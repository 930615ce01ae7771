/**
 * How long the dashboard's HTTP server keeps a request waiting while it polls: a tiny request
 * (`GET /api/health`) sent back to back, one at a time, for a while. A collector that blocks the
 * server's main thread shows up as the slow tail of these answers.
 */
import { setTimeout as sleep } from "node:timers/promises";

const GAP_MS = 50;

export async function probeResponsiveness(baseUrl: string, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const started = performance.now();
    try {
      const res = await fetch(new URL("/api/health", baseUrl), { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
    } catch {
      latencies.push(10_000);
    }
    await sleep(GAP_MS);
  }
  return latencies;
}
