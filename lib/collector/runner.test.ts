import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { DEFAULT_ALERTS } from "../alerts/config";
import { readFileSync } from "node:fs";
import path from "node:path";
import { FIXTURES_DIR } from "../model/__fixtures__/captured";
import { DEFAULT_THRESHOLDS } from "../model/thresholds";
import { MONITOR_DEFAULTS } from "../sources/config";
import { CYCLE_STEPS, NEEDS_CONFIGS, type CycleSettings } from "./cycle";
import { InlineRunner } from "./runner";

const settings = (url: string, timeoutMs = 10_000): CycleSettings => ({
  cluster: { name: "test", expectedNodes: 1, monitor: { urls: [url], ...MONITOR_DEFAULTS, timeoutMs } },
  pollIntervalMs: 1000,
  configRefreshMs: 0,
  thresholds: DEFAULT_THRESHOLDS,
  alertThresholds: DEFAULT_ALERTS.thresholds,
});

test("a cycle on the main thread that close() overtakes rejects, like the worker's, instead of ending with every node failed", async () => {
  // A node that answers only when the test says so: the cycle is in flight until then.
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const runner = new InlineRunner(settings(url));
    const cycle = runner.run({ startedAt: Date.now(), configs: true, system: null, latency: null });
    const settled = cycle.then(() => "resolved", (err: Error) => err.message);
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    runner.close();
    assert.match(await settled, /closed before it ended/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("a cycle says what each of its steps cost its thread, and that thread's heap", async () => {
  const ANSWER_DELAY_MS = 300;
  // A node answering what a 2.15.3 server answered; /connz is optional and answers 404 here.
  const fixture = path.join(FIXTURES_DIR, "2.15.3", "steady");
  const server = createServer((req, res) => {
    const endpoint = new URL(req.url ?? "/", "http://x").pathname.slice(1);
    let body: Buffer;
    try {
      body = readFileSync(path.join(fixture, `n1.${endpoint}.json`));
    } catch {
      res.writeHead(404).end();
      return;
    }
    // Slow to answer: waiting for the network is no step's time.
    setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(body), ANSWER_DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const runner = new InlineRunner(settings(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  try {
    const started = performance.now();
    const outcome = await runner.run({ startedAt: Date.now(), configs: true, system: null, latency: null });
    assert.ok(performance.now() - started >= ANSWER_DELAY_MS);
    assert.notEqual(outcome, NEEDS_CONFIGS);
    if (outcome === NEEDS_CONFIGS) return;
    assert.ok(outcome.snapshot.streams.length > 0, "the fixture's streams were merged");
    assert.deepEqual(Object.keys(outcome.stepsMs), [...CYCLE_STEPS]);
    for (const step of CYCLE_STEPS) assert.ok(outcome.stepsMs[step] >= 0, `${step}: ${outcome.stepsMs[step]}`);
    assert.ok(outcome.stepsMs.read > 0, "parsing the answers took time");
    const steps = CYCLE_STEPS.reduce((sum, step) => sum + outcome.stepsMs[step], 0);
    // The steps are the thread's busy time less the fetching; timers' rounding aside.
    assert.ok(steps <= outcome.busyMs + 1, `steps ${steps} ms, busy ${outcome.busyMs} ms`);
    assert.ok(steps < ANSWER_DELAY_MS, `steps ${steps} ms include the wait for the answers`);
    assert.ok(outcome.heapBytes > 1_000_000, `heap ${outcome.heapBytes}`);
  } finally {
    runner.close();
    server.closeAllConnections();
    server.close();
  }
});
