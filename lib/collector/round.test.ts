import assert from "node:assert/strict";
import { test } from "node:test";
import type { ClusterConfig } from "../sources/config";
import type { SystemServerPoll } from "../sources/system-replies";
import { collectRound, type SystemRound } from "./round";

const cluster: ClusterConfig = { name: "main", expectedNodes: 3 };
/** A server that answered the PING with nothing usable: enough to be known by name. */
const server = (name: string): SystemServerPoll => ({ server: { name, id: `ID-${name}`, version: "2.14.5", cluster: "main" } });
const system: SystemRound = {
  poll: { ok: true, servers: new Map([["n1", server("n1")], ["n2", server("n2")]]), ms: 3 },
  state: { state: "connected", server: "n1", since: "2026-11-21T03:00:00.000Z" },
  timeoutMs: 500,
};

test("system account only: a server a previous run knew is shown as not answering from the first round, not left out", async () => {
  const fresh = await collectRound(cluster, [], null, system);
  assert.deepEqual(fresh.polls.map((p) => p.url), ["nats-sys://n1", "nats-sys://n2"], "a new dashboard cannot know n3");
  const restarted = await collectRound(cluster, [], null, system, { "nats-sys://n3": "n3", "https://n9.example:8222": "n9" });
  assert.deepEqual(restarted.polls.map((p) => [p.url, p.varz.ok]), [["nats-sys://n1", false], ["nats-sys://n2", false], ["nats-sys://n3", false]]);
  assert.match((restarted.polls[2].varz as { message: string }).message, /did not answer the system-account PING within 500 ms/);
});
