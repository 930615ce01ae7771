import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { DEFAULT_ALERTS } from "../alerts/config";
import { DEFAULT_THRESHOLDS } from "../model/thresholds";
import { MONITOR_DEFAULTS } from "../sources/config";
import { InlineRunner } from "./runner";

test("a cycle on the main thread that close() overtakes rejects, like the worker's, instead of ending with every node failed", async () => {
  // A node that answers only when the test says so: the cycle is in flight until then.
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const runner = new InlineRunner({
      cluster: { name: "test", expectedNodes: 1, monitor: { urls: [url], ...MONITOR_DEFAULTS, timeoutMs: 10_000 } },
      pollIntervalMs: 1000,
      configRefreshMs: 0,
      thresholds: DEFAULT_THRESHOLDS,
      alertThresholds: DEFAULT_ALERTS.thresholds,
    });
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
