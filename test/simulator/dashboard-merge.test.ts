/**
 * The dashboard's own poll and merge (lib/sources pollNode, lib/model buildSnapshot), fed by the
 * simulator, come out as they would from a real cluster: every stream and consumer from its leader,
 * with the leader's numbers — the simulator is a fair stand-in for what the bench measures.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_THRESHOLDS } from "../../lib/model/thresholds";
import { buildSnapshot } from "../../lib/model/normalize";
import { withReports } from "../../lib/model/reports";
import { createMonitorAgents, pollNode } from "../../lib/sources/http-monitor";
import { CAPTURED_VERSIONS } from "../../lib/model/__fixtures__/captured";
import { manualClock, withSimulator } from "./testing";

for (const version of CAPTURED_VERSIONS) {
  test(`${version}: the merge keeps every stream and consumer from its leader, with the leader's counters`, async () => {
    const clock = manualClock();
    await withSimulator({ version, nodes: 5, streams: 30, consumersPerStream: 3, slowConsumerShare: 0.5, clock: clock.now }, async (sim) => {
      const monitor = { urls: sim.urls, timeoutMs: 2000, maxResponseBytes: 16 << 20 };
      const agents = createMonitorAgents({});
      try {
        const polls = await Promise.all(sim.urls.map((url) => pollNode(url, monitor, agents, { configs: true }, clock.now)));
        const { snapshot } = buildSnapshot({
          cluster: "sim",
          expectedNodes: 5,
          sources: { http: { urls: polls.length }, system: null },
          polls: polls.map(withReports),
          previous: null,
          counters: new Map(),
          collectedAt: clock.now(),
          cycleMs: 5,
          pollIntervalMs: 2000,
          thresholds: DEFAULT_THRESHOLDS,
        });
        const name = (node: number) => sim.state.nodes[node].name;
        assert.deepEqual(snapshot.nodes.map((n) => n.name), sim.nodeNames);
        assert.equal(snapshot.meta.leader, name(sim.state.meta.leader));
        assert.equal(snapshot.streams.length, 30);
        for (const stream of sim.state.streams) {
          const view = snapshot.streams.find((s) => s.name === stream.name);
          assert.equal(view?.truth, "leader", stream.name);
          assert.equal(view?.leader, name(stream.leader));
        }
        assert.equal(snapshot.consumers.length, 90);
        let pending = 0;
        for (const consumer of sim.state.consumers) {
          const view = snapshot.consumers.find((c) => c.stream === consumer.stream.name && c.name === consumer.name);
          assert.equal(view?.truth, "leader", `${consumer.stream.name}/${consumer.name}`);
          assert.equal(view?.leader, name(consumer.leader));
          assert.equal(view?.numPending, consumer.numPending, "the leader's count, not a follower's");
          pending += consumer.numPending;
        }
        assert.ok(pending > 0, "some consumers have messages pending");
      } finally {
        agents.http.destroy();
        agents.https.destroy();
      }
    });
  });
}
