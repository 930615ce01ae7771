/**
 * The dashboard's resident memory sampled through the whole run, to tell a leak (growing to the
 * end) from a heap settling to its working size (growing, then flat).
 */
import { sampleProcessTree } from "./proc";
import { formatBytes } from "./stats";

export interface RssSample {
  /** Since the timeline started, right after the dashboard began answering (and polling). */
  seconds: number;
  rssBytes: number;
}

export interface RssTimeline {
  /** Now, on the samples' clock. */
  seconds(): number;
  stop(): RssSample[];
}

export function startRssTimeline(pid: number, everyMs: number): RssTimeline {
  const started = performance.now();
  const samples: RssSample[] = [];
  const seconds = () => (performance.now() - started) / 1000;
  const take = () => {
    try {
      samples.push({ seconds: seconds(), rssBytes: sampleProcessTree(pid).rssBytes });
    } catch {
      // the process is gone
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    seconds,
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** When the heap is taken to have reached its working size: RSS later than this should stay flat. */
export const RSS_SETTLED_SECONDS = 120;

export interface RssFlatness {
  /** The first sample at or after RSS_SETTLED_SECONDS. */
  settled: RssSample;
  /** The last sample of the polling window. */
  end: RssSample;
  /** end ÷ settled. */
  ratio: number;
  /** The largest sample from the start to the end of the polling window. */
  maxBytes: number;
}

/**
 * RSS at the end of the polling window (no viewer, `windowEndSeconds` on the samples' clock)
 * against RSS after two minutes of polling; why not, when the window is too short to say.
 */
export function rssFlatness(samples: RssSample[], windowEndSeconds: number): RssFlatness | string {
  const inWindow = samples.filter((sample) => sample.seconds <= windowEndSeconds);
  const settled = inWindow.find((sample) => sample.seconds >= RSS_SETTLED_SECONDS);
  const end = inWindow.at(-1);
  if (!settled || !end || end === settled) {
    return `the polling window ended ${Math.round(windowEndSeconds)} s after the dashboard started, too soon to compare with RSS at ${RSS_SETTLED_SECONDS} s (--idle-seconds 1800 for the 30-minute soak)`;
  }
  return { settled, end, ratio: end.rssBytes / settled.rssBytes, maxBytes: Math.max(...inWindow.map((sample) => sample.rssBytes)) };
}

/** RSS at two minutes, at the end of the polling window, their ratio and the largest sample, in one line. */
export function describeRssFlatness(flatness: RssFlatness | string): string {
  if (typeof flatness === "string") return `RSS while polling with no viewer: not compared (${flatness})`;
  const { settled, end, ratio, maxBytes } = flatness;
  return (
    `RSS while polling with no viewer: ${formatBytes(settled.rssBytes)} at ${Math.round(settled.seconds)} s, ${formatBytes(end.rssBytes)} at ${Math.round(end.seconds)} s ` +
    `(the end of the window): ${ratio.toFixed(3)}× (${ratio >= 1 ? "+" : "−"}${(Math.abs(ratio - 1) * 100).toFixed(1)} %), max ${formatBytes(maxBytes)}`
  );
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
