/** Helpers for the simulator's tests: fetching its answers and walking /jsz. */
import type { Jsz, StreamDetail, ConsumerInfo } from "../../lib/sources/monitor-schemas";
import { Simulator, type SimulatorOptions } from "./simulator";

export interface Fetched {
  status: number;
  contentType: string | null;
  text: string;
  ms: number;
}

export async function get(url: string, timeoutMs = 5000): Promise<Fetched> {
  const started = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), text, ms: performance.now() - started };
}

export const FULL_JSZ = "/jsz?accounts=true&streams=true&consumers=true&config=true";

export async function jszOf(simulator: Simulator, node: string, query = FULL_JSZ): Promise<Jsz> {
  const answer = await get(simulator.url(node) + query);
  if (answer.status !== 200) throw new Error(`${node} ${query}: HTTP ${answer.status}: ${answer.text}`);
  return JSON.parse(answer.text) as Jsz;
}

export function streamEntries(jsz: Jsz): StreamDetail[] {
  return (jsz.account_details ?? []).flatMap((account) => account.stream_detail ?? []);
}

export function consumerEntries(jsz: Jsz): ConsumerInfo[] {
  return streamEntries(jsz).flatMap((stream) => stream.consumer_detail ?? []);
}

/** Every node's full /jsz, by node name. */
export async function everyJsz(simulator: Simulator, query = FULL_JSZ): Promise<Map<string, Jsz>> {
  const answers = await Promise.all(simulator.nodeNames.map(async (node) => [node, await jszOf(simulator, node, query)] as const));
  return new Map(answers);
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 21, 3, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export async function withSimulator<T>(options: SimulatorOptions, run: (simulator: Simulator) => Promise<T>): Promise<T> {
  const simulator = await Simulator.start(options);
  try {
    return await run(simulator);
  } finally {
    await simulator.stop();
  }
}
