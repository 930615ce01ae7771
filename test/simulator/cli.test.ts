/** The CLI's options and its control channel, as the bench drives them. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCli } from "./cli";
import { startSimulatorProcess } from "./run";
import { get } from "./testing";

test("options become simulator settings; bad ones are refused with the option's name", () => {
  const parsed = parseCli(["--nodes", "5", "--streams", "10", "--fail", "n2=401:jsz,varz", "--fail", "n3=refuse", "--slow", "n1=200", "--lag-share", "0.2", "--lag-ops", "100", "--hung", "n4"]);
  assert.notEqual(parsed, "help");
  if (parsed === "help") return;
  assert.equal(parsed.simulator.nodes, 5);
  assert.equal(parsed.simulator.streams, 10);
  assert.deepEqual(parsed.simulator.failures, { n2: { mode: "401", endpoints: ["jsz", "varz"] }, n3: { mode: "refuse", endpoints: undefined } });
  assert.deepEqual(parsed.simulator.slow, { n1: 200 });
  assert.deepEqual(parsed.simulator.lag, { share: 0.2, ops: 100, node: undefined });
  assert.deepEqual(parsed.simulator.hung, ["n4"]);
  assert.equal("version" in parsed.simulator, false, "unset options keep the simulator's defaults");
  assert.throws(() => parseCli(["--fail", "n2=boom"]), /unknown failure "boom"/);
  assert.throws(() => parseCli(["--fail", "n2=401:nope"]), /unknown endpoint "nope"/);
  assert.throws(() => parseCli(["--nodes", "0"]), /--nodes must be an integer ≥ 1/);
  assert.throws(() => parseCli(["--lag-share", "0.2"]), /need --lag-ops/);
  assert.throws(() => parseCli(["--slow", "n1"]), /--slow takes NODE=VALUE/);
  assert.equal(parseCli(["--help"]), "help");
});

test("as a child process: URLs and pid on the first line, knobs over stdin, gone when stdin closes", async () => {
  const simulator = await startSimulatorProcess(["--nodes", "2", "--streams", "4", "--replicas", "2", "--publish-rate", "0"]);
  try {
    assert.deepEqual(simulator.nodes, ["n1", "n2"]);
    assert.equal(simulator.urls.length, 2);
    assert.equal(JSON.parse((await get(`${simulator.urls[1]}/varz`)).text).server_name, "n2");
    const reply = await simulator.control({ publishRate: 1000, hotStreams: 1 });
    assert.equal(reply.ok, true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { stats } = (await simulator.control({ stats: true })) as { stats: { published: number } };
    assert.ok(stats.published > 100, `${stats.published} published`);
    await simulator.control({ fail: { n1: "401" } });
    assert.equal((await get(`${simulator.urls[0]}/varz`)).status, 401);
    await assert.rejects(simulator.control({ nonsense: true }), /unknown control "nonsense"/);
  } finally {
    await simulator.stop();
  }
  assert.notEqual(simulator.child.exitCode ?? simulator.child.signalCode, null, "the process ended");
});
