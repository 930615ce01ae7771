/**
 * The system-account source against a real cluster: fan-out over TCP and over WebSocket, and the
 * three failures users must be able to tell apart (wrong password, not a system user, unreachable).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startCluster, type Harness } from "../harness/cluster";
import { SystemAccountSource, type SystemConnectionState, type SystemSourceConfig } from "../../lib/sources/system-account";

let harness: Harness;

const base = (): SystemSourceConfig => ({
  urls: harness.nodes.map((n) => n.clientUrl),
  user: harness.sys.user,
  password: harness.sys.password,
  timeoutMs: 2000,
  stallMs: 300,
});

async function started(config: SystemSourceConfig, until: (s: SystemConnectionState) => boolean): Promise<SystemAccountSource> {
  const source = new SystemAccountSource(config);
  source.start();
  const deadline = Date.now() + 10_000;
  while (!until(source.state()) && Date.now() < deadline) await sleep(50);
  return source;
}

before(async () => {
  harness = await startCluster({ nodes: 3, proxy: false });
  await harness.createSeedAssets();
});

after(async () => {
  await harness?.stop();
});

describe("system-account source", () => {
  test("one fan-out gets VARZ, JSZ (with consumers) and HEALTHZ from every server", async () => {
    const source = await started(base(), (s) => s.state === "connected");
    try {
      const poll = await source.poll();
      assert.ok(poll.ok, JSON.stringify(poll));
      assert.deepEqual([...poll.servers.keys()].sort(), harness.nodes.map((n) => n.name).sort());
      for (const server of poll.servers.values()) {
        assert.equal(server.server.version, harness.version);
        assert.ok(server.varz?.ok && server.varz.data.server_name === server.server.name);
        assert.ok(server.healthz?.ok);
        assert.ok(server.jsz?.ok);
      }
      const consumers = [...poll.servers.values()].flatMap((s) =>
        s.jsz?.ok ? (s.jsz.data.account_details ?? []).flatMap((a) => (a.stream_detail ?? []).flatMap((d) => d.consumer_detail ?? [])) : [],
      );
      assert.ok(consumers.some((c) => c.name === "order-processor"), "consumer details arrive (the JSON key is `consumer`)");
    } finally {
      await source.close();
    }
  });

  test("over WebSocket too (Node 20 with the ws package)", async () => {
    const source = await started({ ...base(), urls: [harness.nodes[0].websocketUrl] }, (s) => s.state === "connected");
    try {
      assert.equal(source.state().state, "connected");
      const poll = await source.poll();
      assert.ok(poll.ok && poll.servers.size === harness.nodes.length);
    } finally {
      await source.close();
    }
  });

  test("an nkey seed file authenticates as well", async () => {
    const source = await started(
      { urls: harness.nodes.map((n) => n.clientUrl), nkeySeedFile: harness.sysNkeySeedFile, timeoutMs: 2000, stallMs: 300 },
      (s) => s.state !== "connecting",
    );
    try {
      assert.equal(source.state().state, "connected", JSON.stringify(source.state()));
      const poll = await source.poll();
      assert.ok(poll.ok && poll.servers.size === harness.nodes.length);
    } finally {
      await source.close();
    }
  });

  test("a hung server is missing from the answers and costs no more than the stall", async () => {
    const source = await started(base(), (s) => s.state === "connected");
    // Not the server this connection goes through (that case is the next test).
    const via = source.connection()!.getServer();
    const victim = harness.nodes.find((n) => !n.clientUrl.endsWith(via))!.name;
    harness.stopNode(victim);
    try {
      const poll = await source.poll();
      assert.ok(poll.ok);
      assert.ok(!poll.servers.has(victim));
      assert.equal(poll.servers.size, harness.nodes.length - 1);
      // Bounded by the configured collection time, not by the hung server.
      assert.ok(poll.ms <= base().timeoutMs + 500, `took ${poll.ms} ms`);
    } finally {
      harness.contNode(victim);
      await source.close();
    }
  });

  test("when the connection's own server hangs, the source says so and moves to another server", async () => {
    const source = await started(base(), (s) => s.state === "connected");
    const via = source.connection()!.getServer();
    const victim = harness.nodes.find((n) => n.clientUrl.endsWith(via))!;
    harness.stopNode(victim.name);
    try {
      const blind = await source.poll();
      assert.ok(!blind.ok && blind.kind === "unreachable", JSON.stringify(blind));
      assert.match(blind.message, /may be hung, reconnecting/);
      const deadline = Date.now() + 15_000;
      let recovered = false;
      while (!recovered && Date.now() < deadline) {
        const poll = await source.poll();
        recovered = poll.ok && poll.servers.size === harness.nodes.length - 1;
        if (!recovered) await sleep(250);
      }
      assert.ok(recovered, `still blind; state ${JSON.stringify(source.state())}`);
      assert.notEqual(source.connection()!.getServer(), via);
    } finally {
      harness.contNode(victim.name);
      await source.close();
    }
  });

  test("a wrong password, a non-system user and an unreachable URL give three distinct reasons", async () => {
    const wrong = await started({ ...base(), password: "wrong" }, (s) => s.state === "failed");
    const appUser = await started({ ...base(), user: harness.app.user, password: harness.app.password }, (s) => s.state === "connected");
    const nowhere = await started({ ...base(), urls: ["nats://127.0.0.1:1"] }, (s) => s.state === "failed");
    try {
      const wrongState = wrong.state();
      assert.ok(wrongState.state === "failed" && wrongState.kind === "auth-failed", JSON.stringify(wrongState));
      const noPermission = await appUser.poll();
      assert.ok(!noPermission.ok && noPermission.kind === "no-permission", JSON.stringify(noPermission));
      assert.match(noPermission.message, /no responders/);
      const nowhereState = nowhere.state();
      assert.ok(nowhereState.state === "failed" && nowhereState.kind === "unreachable", JSON.stringify(nowhereState));
      const polled = await wrong.poll();
      assert.ok(!polled.ok && polled.kind === "auth-failed");
    } finally {
      await Promise.all([wrong.close(), appUser.close(), nowhere.close()]);
    }
  });
});
