/**
 * A meta quorum rescue on a real 2.15+ cluster (`$JS.API.META.RESCUE`): two of three nodes are
 * killed, the survivor's meta group has no leader, an operator lowers its quorum to 1, and the
 * dashboard shows the survivor as meta leader running a rescue and raises meta-quorum-rescue.
 * Older lines have no rescue; the file skips there. Runs against $NATS_SERVER_BIN.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { startCluster, resolveNatsServerBin, type Harness } from "../harness/cluster";
import { collectorConfig } from "../harness/collector-config";
import { fetchJson, waitUntil } from "../harness/http";
import { toolVersion } from "../../scripts/provision";
import { DEFAULT_THRESHOLDS } from "../../lib/model/thresholds";
import { ClusterCollector } from "../../lib/hub";
import { DEFAULT_ALERT_THRESHOLDS } from "../../lib/alerts/thresholds";

interface MetaView {
  meta_cluster?: { leader?: string; quorum_needed?: number; rescue?: boolean };
}

let hasRescue = false;
let harness: Harness | undefined;
let collector: ClusterCollector | undefined;
let operator: NatsConnection | undefined;

before(async () => {
  const [major, minor] = (await toolVersion(resolveNatsServerBin())).split(".").map(Number);
  hasRescue = major > 2 || (major === 2 && minor >= 15);
  if (!hasRescue) return;
  harness = await startCluster({ nodes: 3 });
  // The rescue refuses a server with an empty meta log: the seed streams and consumers fill it.
  await harness.createSeedAssets();
  collector = new ClusterCollector(collectorConfig(harness, "rescue", { timeoutMs: 1000 }), 1000, 50, DEFAULT_THRESHOLDS, {
    holdMs: 0,
    thresholds: DEFAULT_ALERT_THRESHOLDS,
    webhooks: [],
  });
});

after(async () => {
  collector?.stop();
  await operator?.close();
  await harness?.stop();
});

test("a rescued meta group: the survivor leads on a quorum of 1, the dashboard names the rescue and alerts", async (t) => {
  if (!harness || !collector) {
    t.skip("nats-server before 2.15 has no meta quorum rescue");
    return;
  }
  const [survivor, ...lost] = harness.nodes;
  for (const node of lost) await harness.killNode(node.name);
  const metaOf = () => fetchJson<MetaView>(`${survivor.monitorUrl}/jsz`, 1000).then((jsz) => jsz.meta_cluster);
  let seen: MetaView["meta_cluster"];
  await waitUntil("the survivor to lose its meta leader", 60_000, async () => {
    seen = await metaOf();
    return seen?.leader === undefined;
  }, () => `survivor's meta_cluster: ${JSON.stringify(seen)}`);
  assert.equal(seen?.quorum_needed, 2);
  assert.equal(seen?.rescue, undefined);

  operator = await connect({ servers: survivor.clientUrl, user: harness.sysAdmin.user, pass: harness.sysAdmin.password });
  const reply = (await operator.request("$JS.API.META.RESCUE", JSON.stringify({ quorum_needed: 1 }), { timeout: 5000 })).json<{
    server?: string;
    prev_quorum?: number;
    new_quorum?: number;
    error?: { description?: string };
  }>();
  assert.deepEqual([reply.error?.description, reply.server, reply.prev_quorum, reply.new_quorum], [undefined, survivor.name, 2, 1]);

  await waitUntil("the survivor to lead the meta group on the rescued quorum", 30_000, async () => {
    seen = await metaOf();
    return seen?.leader === survivor.name;
  }, () => `survivor's meta_cluster: ${JSON.stringify(seen)}`);
  assert.deepEqual([seen?.quorum_needed, seen?.rescue], [1, true]);

  const deadline = Date.now() + 30_000;
  let snapshot = await collector.collectOnce();
  while (snapshot.meta.leader !== survivor.name && Date.now() < deadline) {
    await sleep(250);
    snapshot = await collector.collectOnce();
  }
  assert.deepEqual(
    [snapshot.meta.leader, snapshot.meta.quorumNeeded, snapshot.meta.rescueOn],
    [survivor.name, 1, [survivor.name]],
  );
  const rescue = collector.alerts().firing().find((a) => a.rule === "meta-quorum-rescue");
  assert.ok(rescue, `firing: ${JSON.stringify(collector.alerts().firing().map((a) => a.rule))}`);
  assert.equal(rescue.severity, "critical");
  assert.match(rescue.message, new RegExp(`active on ${survivor.name}: .* lowered to 1 of 3 `));
});
