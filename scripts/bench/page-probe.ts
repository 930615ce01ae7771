/**
 * Where a page's time goes, measured inside Chromium. An init script (runs before the page's own
 * scripts) counts every JSON.parse, records long tasks and the first `snapshot` of each
 * EventSource; when the page shows its first row the figures are read back relative to the
 * navigation's start. Both functions are serialized into the page: they may use nothing from here.
 */

interface ProbeState {
  parseMs: number;
  parseBytes: number;
  longTasks: [number, number][];
  sse: { type: string; at: number; bytes: number }[];
  shownAt: number | null;
  parseMsAtShown: number | null;
  parseBytesAtShown: number | null;
}

export interface PageBreakdown {
  /** Navigation start → first byte of the HTML (server render time plus network). */
  responseStartMs: number;
  /** → last byte of the HTML. */
  responseEndMs: number;
  domContentLoadedMs: number;
  /** First contentful paint: the server-rendered page on screen. */
  firstPaintMs: number | null;
  shownMs: number;
  /** Time spent in JSON.parse before the row showed (React's flight data, the SSE snapshot, …). */
  parseMs: number;
  parseBytes: number;
  /** Main-thread tasks over 50 ms before the row showed: parsing, hydration, rendering. */
  longTaskMs: number;
  longTasks: number;
  /** The first `snapshot` event of the live stream, if one came before the row showed or at all. */
  sseSnapshotMs: number | null;
  sseSnapshotBytes: number | null;
}

/** Installed with page.addInitScript. */
export function installProbe(): void {
  const probe: ProbeState = { parseMs: 0, parseBytes: 0, longTasks: [], sse: [], shownAt: null, parseMsAtShown: null, parseBytesAtShown: null };
  const page = window as unknown as { __jswProbe: ProbeState; __jswMarkShown: () => void };
  page.__jswProbe = probe;
  // Called by the bench's "is it shown yet" check once it is.
  page.__jswMarkShown = () => {
    if (probe.shownAt !== null) return;
    probe.shownAt = performance.now();
    probe.parseMsAtShown = probe.parseMs;
    probe.parseBytesAtShown = probe.parseBytes;
  };
  const parse = JSON.parse;
  // Anonymous on purpose: tsx would wrap a named function expression in a helper the page lacks.
  JSON.parse = function (this: unknown, text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    const started = performance.now();
    try {
      return parse.call(this, text, reviver);
    } finally {
      probe.parseMs += performance.now() - started;
      probe.parseBytes += typeof text === "string" ? text.length : 0;
    }
  } as typeof JSON.parse;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // no long-task timing in this browser
  }
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      // Registered before the page's own listener, so `at` is the arrival, before the page parses it.
      this.addEventListener("snapshot", (event) => probe.sse.push({ type: "snapshot", at: performance.now(), bytes: (event as MessageEvent<string>).data.length }));
    }
  };
}

/** Run with page.evaluate after the row showed. */
export function readProbe(): PageBreakdown | null {
  const probe = (window as unknown as { __jswProbe?: ProbeState }).__jswProbe;
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (!probe || probe.shownAt === null || !nav) return null;
  const shownAt = probe.shownAt;
  const before = probe.longTasks.filter(([start]) => start < shownAt);
  const snapshot = probe.sse.find((event) => event.type === "snapshot");
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    responseStartMs: nav.responseStart,
    responseEndMs: nav.responseEnd,
    domContentLoadedMs: nav.domContentLoadedEventEnd,
    firstPaintMs: paint?.startTime ?? null,
    shownMs: shownAt,
    parseMs: probe.parseMsAtShown ?? 0,
    parseBytes: probe.parseBytesAtShown ?? 0,
    longTaskMs: before.reduce((sum, [start, duration]) => sum + Math.min(duration, shownAt - start), 0),
    longTasks: before.length,
    sseSnapshotMs: snapshot?.at ?? null,
    sseSnapshotBytes: snapshot?.bytes ?? null,
  };
}
