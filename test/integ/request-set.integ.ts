/**
 * The request set at the floor, measured on the wire: a byte-counting proxy in front of each
 * node's monitoring port and one in front of a NATS client port. Polls between config reads cost
 * at most 0.7× of a full fetch with configs over HTTP and at most 0.1× of it over the system account
 * (gzip), and what they show is still each stream's and each consumer's leader's own answer, with a
 * consumer led by another node than its stream, whose followers report other counters.
 */
import assert from "node:assert/strict";
import { after, before, describe, test, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { createInbox, nanos, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { startCluster, type Harness } from "../harness/cluster";
import { systemSource } from "../harness/cluster-entry";
import { parsedCluster } from "../harness/collector-config";
import { connectResilient } from "../harness/connection";
import { startCountingProxy, type CountingProxy } from "../harness/counting-proxy";
import { fetchJson } from "../harness/http";
import { retryTransient } from "../harness/seed";
import { ClusterCollector } from "../../lib/hub";
import type { ClusterSnapshot } from "../../lib/model/types";
import { createMonitorAgents, pollNode } from "../../lib/sources/http-monitor";
import type { ConsumerInfo, Jsz, StreamDetail } from "../../lib/sources/monitor-schemas";

// Enough assets that they, not the per-node /varz, make the bytes; few enough to create in ~20 s.
const STREAMS = 30;
const CONSUMERS_PER_STREAM = 3;
const STEADY_POLLS = 3;
const PROBE_STREAM = "FLOOR_00";
const PROBE = "probe";
const HTTP_RATIO_MAX = 0.7;
const SYSTEM_RATIO_MAX = 0.1;

let harness: Harness;
let nc: NatsConnection;
let jsm: JetStreamManager;
let monitorProxies: CountingProxy[] = [];
let clientProxy: CountingProxy;
let waiting: Subscription;
const collectors: ClusterCollector[] = [];
/** Bytes the dashboard read for one full per-node fetch with configs over HTTP (the poll before this change). */
let fullFetchBytes = 0;

const streamName = (i: number) => `FLOOR_${String(i).padStart(2, "0")}`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function inParallel<T>(items: T[], width: number, action: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(action));
}

async function createAssets(): Promise<void> {
  await inParallel([...Array(STREAMS).keys()], 6, (i) =>
    retryTransient(`stream ${streamName(i)}`, () =>
      jsm.streams.add({
        name: streamName(i),
        subjects: [`floor.${i}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        num_replicas: 3,
        max_age: nanos(24 * 3600 * 1000),
        max_msgs: 1_000_000,
        // Reserved on every replica, within the harness's 1 GB of file store per server.
        max_bytes: 8 * 1024 * 1024,
        description: `stream ${i} of the request-set test`,
      }),
    ),
  );
  const consumers = [...Array(STREAMS).keys()].flatMap((i) => [...Array(CONSUMERS_PER_STREAM).keys()].map((j) => [i, j] as const));
  await inParallel(consumers, 6, ([i, j]) =>
    retryTransient(`consumer ${streamName(i)} > C${j}`, () =>
      jsm.consumers.add(streamName(i), { durable_name: `C${j}`, ack_policy: AckPolicy.Explicit, filter_subject: `floor.${i}.c${j}`, max_ack_pending: 1000 }),
    ),
  );
  const js = jetstream(nc);
  await inParallel([...Array(STREAMS).keys()], 10, (i) => js.publish(`floor.${i}.c${i % CONSUMERS_PER_STREAM}`, "x"));
}

/** The leader of a stream or consumer, as JetStream's own API says (asked again while an election settles). */
async function leaderOf(stream: string, consumer?: string): Promise<string> {
  return retryTransient(`leader of ${stream}/${consumer ?? ""}`, async () => {
    const info = consumer ? await jsm.consumers.info(stream, consumer) : await jsm.streams.info(stream);
    const leader = info.cluster?.leader;
    if (!leader) throw new Error("no leader yet");
    return leader;
  });
}

/**
 * The probe consumer, led by another node than its stream: messages pending beyond its
 * max_ack_pending of 2, two delivered and unacknowledged, and one pull request waiting (only the
 * leader holds it, so only the leader counts it).
 */
async function createProbe(): Promise<void> {
  await retryTransient("probe consumer", () =>
    jsm.consumers.add(PROBE_STREAM, { durable_name: PROBE, ack_policy: AckPolicy.Explicit, filter_subject: "floor.0.probe", max_ack_pending: 2, ack_wait: nanos(600_000) }),
  );
  const streamLeader = await leaderOf(PROBE_STREAM);
  for (let tries = 0; (await leaderOf(PROBE_STREAM, PROBE)) === streamLeader; tries++) {
    assert.ok(tries < 20, `the probe's leader stays ${streamLeader}, its stream's leader`);
    await nc.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.${PROBE_STREAM}.${PROBE}`, "", { timeout: 5000 }).catch(() => undefined);
    await sleep(500);
  }
  const js = jetstream(nc);
  for (let i = 0; i < 5; i++) await js.publish("floor.0.probe", `probe ${i}`);
  const consumer = await js.consumers.get(PROBE_STREAM, PROBE);
  const batch = await consumer.fetch({ max_messages: 2, expires: 2000 });
  for await (const message of batch) void message; // delivered, never acknowledged
  const inbox = createInbox();
  waiting = nc.subscribe(inbox);
  nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${PROBE_STREAM}.${PROBE}`, JSON.stringify({ batch: 1, expires: nanos(600_000) }), { reply: inbox });
  await nc.flush();
}

/** Every node's own /jsz without configs, straight from its monitoring port (not through a proxy). */
async function ownAnswers(): Promise<{ node: string; jsz: Jsz }[]> {
  const query = "/jsz?accounts=true&streams=true&consumers=true";
  return Promise.all(harness.nodes.map(async (n) => ({ node: n.name, jsz: await fetchJson<Jsz>(`${n.monitorUrl}${query}`) })));
}

function entries(answers: { node: string; jsz: Jsz }[]) {
  const streams: { node: string; detail: StreamDetail }[] = [];
  const consumers: { node: string; detail: ConsumerInfo }[] = [];
  for (const { node, jsz } of answers)
    for (const account of jsz.account_details ?? [])
      for (const detail of account.stream_detail ?? []) {
        streams.push({ node, detail });
        for (const consumer of detail.consumer_detail ?? []) consumers.push({ node, detail: consumer });
      }
  return { streams, consumers };
}

const consumerFigures = (c: ConsumerInfo) => ({
  numPending: c.num_pending ?? null,
  numAckPending: c.num_ack_pending ?? null,
  numRedelivered: c.num_redelivered ?? null,
  numWaiting: c.num_waiting ?? null,
  deliveredStreamSeq: c.delivered?.stream_seq ?? null,
  ackFloorStreamSeq: c.ack_floor?.stream_seq ?? null,
});

/** Every stream leader, replica state and consumer counter of the snapshot against the leaders' own answers. */
async function assertLeadersOwnFigures(snapshot: ClusterSnapshot): Promise<void> {
  const { streams, consumers } = entries(await ownAnswers());
  const ownStream = new Map(streams.filter((s) => s.detail.cluster?.leader === s.node).map((s) => [s.detail.name, s.detail]));
  const ownConsumer = new Map(consumers.filter((c) => c.detail.cluster?.leader === c.node).map((c) => [`${c.detail.stream_name}/${c.detail.name}`, c.detail]));
  const floorStreams = snapshot.streams.filter((s) => s.name.startsWith("FLOOR_"));
  assert.equal(floorStreams.length, STREAMS);
  for (const view of floorStreams) {
    const own = ownStream.get(view.name);
    assert.ok(own, `${view.name}: a node answers as its leader`);
    assert.equal(view.truth, "leader", view.name);
    assert.equal(view.leader, own.cluster?.leader, `${view.name}: leader`);
    assert.deepEqual([view.messages, view.lastSeq], [own.state.messages, own.state.last_seq], `${view.name}: state`);
    const replicas = (own.cluster?.replicas ?? []).map((r) => [r.name, r.current ?? false, r.lag ?? 0, r.offline ?? false]).sort();
    assert.deepEqual(view.replicas?.map((r) => [r.name, r.current, r.lag, r.offline]).sort(), replicas, `${view.name}: replicas as its leader sees them`);
  }
  const floorConsumers = snapshot.consumers.filter((c) => c.stream.startsWith("FLOOR_"));
  assert.equal(floorConsumers.length, STREAMS * CONSUMERS_PER_STREAM + 1);
  for (const view of floorConsumers) {
    const own = ownConsumer.get(`${view.stream}/${view.name}`);
    assert.ok(own, `${view.stream}/${view.name}: a node answers as its leader`);
    assert.equal(view.leader, own.cluster?.leader, `${view.stream}/${view.name}: leader`);
    const shown = { numPending: view.numPending, numAckPending: view.numAckPending, numRedelivered: view.numRedelivered, numWaiting: view.numWaiting, deliveredStreamSeq: view.deliveredStreamSeq, ackFloorStreamSeq: view.ackFloorStreamSeq };
    assert.deepEqual(shown, consumerFigures(own), `${view.stream}/${view.name}: the leader's counters`);
  }
  // The probe is the case a stream-leader view gets wrong: led elsewhere, and its followers disagree.
  const probe = floorConsumers.find((c) => c.name === PROBE)!;
  assert.notEqual(probe.leader, ownStream.get(PROBE_STREAM)?.cluster?.leader, "the probe is led by another node than its stream");
  assert.deepEqual([probe.numPending, probe.numAckPending, probe.numWaiting], [3, 2, 1]);
  const followers = consumers.filter((c) => c.detail.name === PROBE && c.node !== probe.leader);
  assert.equal(followers.length, 2);
  assert.ok(followers.every((f) => f.detail.num_waiting === 0), "a follower does not count the waiting pull request");
  // And its config, read once, still stands on polls that did not ask for it.
  assert.deepEqual([probe.maxAckPending, probe.ackPolicy, probe.filterSubjects], [2, "explicit", ["floor.0.probe"]]);
}

interface Measured {
  snapshot: ClusterSnapshot;
  bytes: number;
}

async function measuredPoll(collector: ClusterCollector, proxies: CountingProxy[]): Promise<Measured> {
  for (const p of proxies) p.reset();
  const snapshot = await collector.collectOnce();
  return { snapshot, bytes: proxies.reduce((sum, p) => sum + p.counts().toClient, 0) };
}

/** A config read, then steady polls: each steady poll's bytes, and that none of them read configs. */
async function steadyPolls(collector: ClusterCollector, proxies: CountingProxy[]): Promise<{ first: Measured; steady: Measured[] }> {
  const first = await measuredPoll(collector, proxies);
  assert.equal(first.snapshot.configsReadAt, first.snapshot.collectedAt, "the first poll reads the configs");
  const steady: Measured[] = [];
  for (let i = 0; i < STEADY_POLLS; i++) steady.push(await measuredPoll(collector, proxies));
  for (const poll of steady) assert.equal(poll.snapshot.configsReadAt, first.snapshot.collectedAt, "polls in between do not read them");
  return { first, steady };
}

/** A new consumer is shown with its config in the first snapshot that has it: the configs were read at once. */
async function assertNewConsumerReadAtOnce(t: TestContext, collector: ClusterCollector, proxies: CountingProxy[], name: string): Promise<void> {
  await retryTransient(`consumer ${name}`, () =>
    jsm.consumers.add(streamName(1), { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: `floor.1.${name}`, max_ack_pending: 7 }),
  );
  const poll = await measuredPoll(collector, proxies);
  const late = poll.snapshot.consumers.find((c) => c.name === name);
  assert.ok(late, `${name} is shown`);
  assert.equal(late.maxAckPending, 7, "with its config");
  assert.equal(poll.snapshot.configsReadAt, poll.snapshot.collectedAt, "read in that very cycle");
  t.diagnostic(`the poll that found ${name} (asked without configs, then again with them): ${kib(poll.bytes)}`);
  await jsm.consumers.delete(streamName(1), name);
}

before(async () => {
  harness = await startCluster({ nodes: 3, proxy: false });
  nc = await connectResilient(harness.nodes.map((n) => n.clientUrl), harness.app, "request-set-integ");
  jsm = await jetstreamManager(nc);
  await harness.waitForMetaLeader();
  await createAssets();
  await createProbe();
  monitorProxies = await Promise.all(harness.nodes.map((n) => startCountingProxy({ host: "127.0.0.1", port: Number(new URL(n.monitorUrl).port) })));
  clientProxy = await startCountingProxy({ host: "127.0.0.1", port: Number(new URL(harness.nodes[0].clientUrl).port) });

  // The poll as it was: every node's /varz, /jsz with configs, /healthz and /connz, through the same proxies.
  const monitor = { urls: [], timeoutMs: 5000, maxResponseBytes: 64 << 20 };
  const agents = createMonitorAgents({});
  const full: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (const p of monitorProxies) p.reset();
    const polls = await Promise.all(monitorProxies.map((p) => pollNode(`http://127.0.0.1:${p.port}`, monitor, agents, { configs: true })));
    assert.ok(polls.every((p) => p.jsz.ok));
    full.push(monitorProxies.reduce((sum, p) => sum + p.counts().toClient, 0));
  }
  agents.http.destroy();
  fullFetchBytes = mean(full);
});

after(async () => {
  for (const c of collectors) c.stop();
  waiting?.unsubscribe();
  await nc?.close();
  await Promise.all([...monitorProxies, clientProxy].filter(Boolean).map((p) => p.close()));
  await harness?.stop();
});

describe("the request set at the floor", () => {
  test(`over HTTP a poll reads at most ${HTTP_RATIO_MAX}× of a full fetch with configs, and shows the leaders' own figures`, async (t) => {
    const urls = monitorProxies.map((p) => `http://127.0.0.1:${p.port}`);
    const collector = new ClusterCollector(parsedCluster({ name: "floor-http", expectedNodes: 3, monitor: { urls } }), 2000, 10);
    collectors.push(collector);
    const { first, steady } = await steadyPolls(collector, monitorProxies);
    const perPoll = mean(steady.map((p) => p.bytes));
    const ratio = perPoll / fullFetchBytes;
    t.diagnostic(`nats-server ${harness.version}, 3 nodes, ${STREAMS} R3 streams, ${STREAMS * CONSUMERS_PER_STREAM + 1} R3 consumers`);
    t.diagnostic(`HTTP, full fetch with configs: ${kib(fullFetchBytes)}; the dashboard's config read: ${kib(first.bytes)}`);
    t.diagnostic(`HTTP, steady poll: ${steady.map((p) => kib(p.bytes)).join(", ")} → ${ratio.toFixed(3)}× of the full fetch`);
    assert.ok(ratio <= HTTP_RATIO_MAX, `${ratio.toFixed(3)}× > ${HTTP_RATIO_MAX}×`);
    await assertLeadersOwnFigures(steady.at(-1)!.snapshot);
    await assertNewConsumerReadAtOnce(t, collector, monitorProxies, "late-http");
  });

  test(`over the system account a poll has at most ${SYSTEM_RATIO_MAX}× of that on the wire, and shows the leaders' own figures`, async (t) => {
    const entry = { name: "floor-sys", expectedNodes: 3, system: systemSource(harness, { urls: [`nats://127.0.0.1:${clientProxy.port}`] }) };
    const collector = new ClusterCollector(parsedCluster(entry), 2000, 10);
    collectors.push(collector);
    const source = collector.systemSource()!;
    source.start();
    for (const deadline = Date.now() + 10_000; source.state().state !== "connected" && Date.now() < deadline; ) await sleep(50);
    assert.equal(source.state().state, "connected");
    const { first, steady } = await steadyPolls(collector, [clientProxy]);
    const perPoll = mean(steady.map((p) => p.bytes));
    const ratio = perPoll / fullFetchBytes;
    t.diagnostic(`system account (gzip), the dashboard's config read: ${kib(first.bytes)} on the wire`);
    t.diagnostic(`system account (gzip), steady poll: ${steady.map((p) => kib(p.bytes)).join(", ")} → ${ratio.toFixed(3)}× of HTTP's full fetch`);
    assert.ok(ratio <= SYSTEM_RATIO_MAX, `${ratio.toFixed(3)}× > ${SYSTEM_RATIO_MAX}×`);
    await assertLeadersOwnFigures(steady.at(-1)!.snapshot);
    await assertNewConsumerReadAtOnce(t, collector, [clientProxy], "late-sys");
  });
});
