/**
 * The dashboard's resident memory sampled through the whole run, to tell a leak (growing to the
 * end) from a heap settling to its working size (growing, then flat).
 */
import { sampleProcessTree } from "./proc";
import { formatBytes } from "./stats";

export interface RssSample {
  seconds: number;
  rssBytes: number;
}

export function startRssTimeline(pid: number, everyMs: number): { stop: () => RssSample[] } {
  const started = performance.now();
  const samples: RssSample[] = [];
  const take = () => {
    try {
      samples.push({ seconds: (performance.now() - started) / 1000, rssBytes: sampleProcessTree(pid).rssBytes });
    } catch {
      // the process is gone
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** One line: the samples about once a minute, and the change over the run's second half. */
export function describeRssTimeline(samples: RssSample[]): string[] {
  if (samples.length < 2) return ["RSS timeline: too short"];
  const end = samples[samples.length - 1];
  const perMinute = samples.filter((s, i) => i === 0 || Math.floor(s.seconds / 60) > Math.floor(samples[i - 1].seconds / 60));
  const half = samples.find((s) => s.seconds >= end.seconds / 2) ?? samples[0];
  const points = [...perMinute, ...(perMinute.at(-1) === end ? [] : [end])];
  return [
    `RSS timeline: ${points.map((s) => `${Math.round(s.seconds)} s ${formatBytes(s.rssBytes)}`).join(", ")}`,
    `RSS over the second half of ${Math.round(end.seconds)} s: ${formatBytes(half.rssBytes)} → ${formatBytes(end.rssBytes)} ` +
      `(${end.rssBytes >= half.rssBytes ? "+" : "−"}${formatBytes(Math.abs(end.rssBytes - half.rssBytes))}); ` +
      `max ${formatBytes(Math.max(...samples.map((s) => s.rssBytes)))}`,
  ];
}
