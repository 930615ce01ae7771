/**
 * Page render time in Debian's Chromium: from `page.goto` until the page's main element shows
 * its first row (or, for the overview, the first node card), with a logged-in session.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "@playwright/test";
import { launchChromium } from "../browser";
import { installProbe, readProbe, type PageBreakdown } from "./page-probe";
import { row, type Row } from "./stats";

const SELECTOR_TIMEOUT_MS = 30_000;

export interface PageSpec {
  label: string;
  path: string;
  selector: string;
  /** Wait for a data row inside the element, not only for the element. */
  needsRow: boolean;
}

export function benchPages(cluster: string): PageSpec[] {
  const query = `?cluster=${encodeURIComponent(cluster)}`;
  return [
    { label: "/ (overview)", path: `/${query}`, selector: '[data-testid="node-card"]', needsRow: false },
    { label: "/streams", path: `/streams${query}`, selector: '[data-testid="streams-table"]', needsRow: true },
    { label: "/consumers", path: `/consumers${query}`, selector: '[data-testid="consumers-table"]', needsRow: true },
    { label: "/placement", path: `/placement${query}`, selector: '[data-testid="placement-matrix"]', needsRow: true },
  ];
}

export interface PageTiming {
  spec: PageSpec;
  /** Set when the page could not be measured; the timings are then empty. */
  missing: string | null;
  /** The first load, kept apart: it warms the server's render path and the browser cache. */
  coldMs: number | null;
  loadMs: number[];
  /** Time until the document's response started arriving. */
  responseMs: number[];
  /** The HTML document as transferred (encoded) — it carries the server-rendered first paint. */
  documentBytes: number[];
  /** Where each load's time went, as the page itself measured it. */
  breakdown: PageBreakdown[];
}

/**
 * True once `selector` is visible and, when asked, holds a data row: a visible row of more than
 * one cell with no header cells — not a virtual table's spacer, nor a one-cell "nothing to show".
 * Runs in the page.
 */
function rendered({ selector, needsRow }: { selector: string; needsRow: boolean }): boolean {
  const root = document.querySelector<HTMLElement>(selector);
  if (!root || root.getClientRects().length === 0) return false;
  if (!needsRow) {
    (window as unknown as { __jswMarkShown?: () => void }).__jswMarkShown?.();
    return true;
  }
  const rows = root.querySelectorAll<HTMLElement>("tr:not([aria-hidden]), [role='row']:not([aria-hidden])");
  const shown = [...rows].some(
    (candidate) =>
      candidate.children.length > 1 && candidate.querySelector("th, [role='columnheader']") === null && candidate.getClientRects().length > 0,
  );
  if (shown) (window as unknown as { __jswMarkShown?: () => void }).__jswMarkShown?.();
  return shown;
}

interface LoadOutcome {
  loadMs: number;
  responseMs: number;
  documentBytes: number;
  breakdown: PageBreakdown | null;
}

async function loadOnce(page: Page, baseUrl: string, spec: PageSpec): Promise<LoadOutcome | string> {
  const started = performance.now();
  const response = await page.goto(new URL(spec.path, baseUrl).toString(), { waitUntil: "commit", timeout: SELECTOR_TIMEOUT_MS });
  const responseMs = performance.now() - started;
  const status = response?.status() ?? 0;
  if (status === 404) return "n/a (page missing: HTTP 404)";
  if (status !== 200) return `n/a (HTTP ${status})`;
  try {
    await page.waitForFunction(rendered, { selector: spec.selector, needsRow: spec.needsRow }, { timeout: SELECTOR_TIMEOUT_MS, polling: "raf" });
  } catch {
    return `n/a (page missing: ${spec.selector}${spec.needsRow ? " with a row" : ""} not shown within ${SELECTOR_TIMEOUT_MS / 1000} s)`;
  }
  const loadMs = performance.now() - started;
  const sizes = await response!.request().sizes().catch(() => null);
  const breakdown = await page.evaluate(readProbe).catch(() => null);
  return { loadMs, responseMs, documentBytes: sizes?.responseBodySize ?? 0, breakdown };
}

async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(new URL("/login", baseUrl).toString());
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function timePage(page: Page, baseUrl: string, spec: PageSpec, reps: number, pauseMs: number): Promise<PageTiming> {
  const timing: PageTiming = { spec, missing: null, coldMs: null, loadMs: [], responseMs: [], documentBytes: [], breakdown: [] };
  for (let rep = 0; rep <= reps; rep++) {
    if (pauseMs > 0) {
      // Leave the previous page first: its live stream's first snapshot (up to megabytes for the
      // consumer list) and its chart queries would otherwise still be served while this load starts.
      await page.goto("about:blank");
      await sleep(pauseMs);
    }
    const outcome = await loadOnce(page, baseUrl, spec);
    if (typeof outcome === "string") {
      timing.missing = outcome;
      return timing;
    }
    if (rep === 0) {
      timing.coldMs = outcome.loadMs;
      continue;
    }
    timing.loadMs.push(outcome.loadMs);
    timing.responseMs.push(outcome.responseMs);
    timing.documentBytes.push(outcome.documentBytes);
    if (outcome.breakdown) timing.breakdown.push(outcome.breakdown);
  }
  return timing;
}

export interface Login {
  baseUrl: string;
  username: string;
  password: string;
}

export async function measurePages(login: Login, pages: PageSpec[], reps: number, pauseMs: number, log: (line: string) => void): Promise<PageTiming[]> {
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.addInitScript(installProbe);
    await logIn(page, login.baseUrl, login.username, login.password);
    const timings: PageTiming[] = [];
    for (const spec of pages) {
      const timing = await timePage(page, login.baseUrl, spec, reps, pauseMs);
      log(`${spec.label}: ${timing.missing ?? `${timing.loadMs.length} loads`}`);
      timings.push(timing);
    }
    return timings;
  } finally {
    await browser?.close();
  }
}

export function pageRows(timings: PageTiming[]): Row[] {
  return timings.flatMap((timing) => {
    const label = timing.spec.label;
    if (timing.missing) return [row(`${label}: until shown`, "ms", [], { whenEmpty: timing.missing })];
    const cold = timing.coldMs === null ? undefined : `first load ${Math.round(timing.coldMs)} ms`;
    const b = timing.breakdown;
    const pick = (value: (x: PageBreakdown) => number | null) => b.map(value).filter((v): v is number => v !== null);
    return [
      row(`${label}: until shown`, "ms", timing.loadMs, { note: cold }),
      row(`${label}: until response`, "ms", timing.responseMs),
      row(`${label}: HTML document`, "bytes", timing.documentBytes),
      row(`${label}:   in page: first byte of HTML`, "ms", pick((x) => x.responseStartMs)),
      row(`${label}:   in page: last byte of HTML`, "ms", pick((x) => x.responseEndMs)),
      row(`${label}:   in page: DOMContentLoaded`, "ms", pick((x) => x.domContentLoadedMs)),
      row(`${label}:   in page: first contentful paint`, "ms", pick((x) => x.firstPaintMs)),
      row(`${label}:   in page: first row shown`, "ms", pick((x) => x.shownMs)),
      row(`${label}:   JSON.parse before shown`, "ms", pick((x) => x.parseMs)),
      row(`${label}:   JSON parsed before shown`, "bytes", pick((x) => x.parseBytes)),
      row(`${label}:   long tasks before shown`, "ms", pick((x) => x.longTaskMs)),
      row(`${label}:   SSE first snapshot arrived`, "ms", pick((x) => x.sseSnapshotMs), { whenEmpty: "none" }),
      row(`${label}:   SSE first snapshot`, "bytes", pick((x) => x.sseSnapshotBytes), { whenEmpty: "none" }),
    ];
  });
}
