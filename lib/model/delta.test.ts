import assert from "node:assert/strict";
import { test } from "node:test";
import { scenarioPolls, snapshotFrom } from "./__fixtures__/polls";
import { applyDelta, deltaJson, diffSnapshots, headOf, restrictDelta, restrictSnapshot, sameJson, serializeAssets, serializeAssetsSince, snapshotJson } from "./delta";
import { compareStreams, streamKey } from "./assets";
import type { ClusterSnapshot, ConsumerView } from "./types";

/** Every combination of asset lists a viewer may ask for. */
const INCLUDES = [
  { streams: true, consumers: true },
  { streams: true, consumers: false },
  { streams: false, consumers: true },
  { streams: false, consumers: false },
];

const cycle = (scenario: string, previous: ClusterSnapshot | null, at: number) => snapshotFrom(scenarioPolls("2.9.10", scenario), previous, at);

test("applying the delta to the previous snapshot gives exactly the next one", () => {
  const steady = cycle("steady", null, 1_000_000);
  const killed = cycle("leader-killed", steady, 1_002_000);
  const reelected = cycle("leader-reelected", killed, 1_004_000);
  for (const [a, b] of [
    [steady, killed],
    [killed, reelected],
    [reelected, steady],
  ]) {
    const delta = diffSnapshots(a, serializeAssets(a), b, serializeAssets(b));
    assert.deepEqual(applyDelta(a, delta), b);
  }
});

test("an unchanged cycle sends no assets, only the head", () => {
  const first = cycle("steady", null, 1_000_000);
  const second = { ...first, seq: first.seq + 1 };
  const delta = diffSnapshots(first, serializeAssets(first), second, serializeAssets(second));
  assert.deepEqual(delta.streams, { upsert: [], patch: [], remove: [] });
  assert.deepEqual(delta.consumers, { upsert: [], patch: [], remove: [] });
  assert.equal(delta.head.seq, second.seq);
});

test("only the changed assets travel; removed ones are named", () => {
  const first = cycle("steady", null, 1_000_000);
  const orders = first.streams.find((s) => s.name === "ORDERS")!;
  const second: ClusterSnapshot = {
    ...first,
    seq: first.seq + 1,
    streams: first.streams.filter((s) => s.name !== "LOGS").map((s) => (s === orders ? { ...s, lastSeq: (s.lastSeq ?? 0) + 5 } : s)),
  };
  const delta = diffSnapshots(first, serializeAssets(first), second, serializeAssets(second));
  // A known asset travels as the fields that changed.
  assert.deepEqual(delta.streams.upsert, []);
  assert.deepEqual(delta.streams.patch, [{ key: "APP\u0000ORDERS", set: { lastSeq: (orders.lastSeq ?? 0) + 5 } }]);
  assert.deepEqual(delta.streams.remove, ["APP\u0000LOGS"]);
  assert.deepEqual(applyDelta(first, delta), second);
});

test("a delta is refused on top of any other snapshot", () => {
  const first = cycle("steady", null, 1_000_000);
  const second = cycle("steady", first, 1_002_000);
  const third = cycle("steady", second, 1_004_000);
  const delta = diffSnapshots(second, serializeAssets(second), third, serializeAssets(third));
  assert.equal(applyDelta(first, delta), null);
});

test("a viewer that did not ask for assets gets none", () => {
  const first = cycle("steady", null, 1_000_000);
  const killed = cycle("leader-killed", first, 1_002_000);
  const delta = restrictDelta(diffSnapshots(first, serializeAssets(first), killed, serializeAssets(killed)), { streams: false, consumers: false });
  assert.equal(delta.streams.upsert.length + delta.consumers.upsert.length + delta.streams.patch.length + delta.consumers.patch.length, 0);
});

test("a snapshot's JSON made from its assets' JSON parses to the restricted snapshot", () => {
  const killed = cycle("leader-killed", cycle("steady", null, 1_000_000), 1_002_000);
  const assets = serializeAssets(killed);
  for (const include of INCLUDES) {
    assert.deepEqual(JSON.parse(snapshotJson(killed, assets, include)), JSON.parse(JSON.stringify(restrictSnapshot(killed, include))));
  }
});

test("sameJson is true exactly when the JSON is the same", () => {
  const cases: [unknown, unknown, boolean][] = [
    [{ a: 1, b: [1, { c: null }] }, { a: 1, b: [1, { c: null }] }, true],
    [{ a: 1, b: [1, { c: null }] }, { a: 1, b: [1, { c: 0 }] }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    // Same key count, different keys: {"x":1} against {"j":2,"x":1}.
    [{ k: undefined, x: 1 }, { j: 2, x: 1 }, false],
    [[1, 2], [1, 2, 3], false],
    [[], {}, false],
    [{}, [], false],
    [null, {}, false],
    ["1", 1, false],
    [{ a: [] }, { a: [] }, true],
  ];
  for (const [a, b, same] of cases) {
    assert.equal(sameJson(a, b), same, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    // Never "same" when the JSON differs.
    if (sameJson(a, b)) assert.equal(JSON.stringify(a), JSON.stringify(b));
  }
});

test("serializing since the previous cycle reuses unchanged assets' JSON and objects, and serializes the changed ones", () => {
  // The second cycle: the first has no rates yet.
  const first = cycle("steady", cycle("steady", null, 998_000), 1_000_000);
  const { held } = serializeAssetsSince(first, null);
  const again = cycle("steady", first, 1_002_000);
  const orders = again.streams.findIndex((s) => s.name === "ORDERS");
  again.streams[orders] = { ...again.streams[orders], lastSeq: (again.streams[orders].lastSeq ?? 0) + 5 };
  const changed = again.streams[orders];
  const fresh = serializeAssets(again);
  const { assets } = serializeAssetsSince(again, held);
  // The same JSON as serializing everything anew, in the same order.
  assert.deepEqual([...assets.streams], [...fresh.streams]);
  assert.deepEqual([...assets.consumers], [...fresh.consumers]);
  // Unchanged views are the previous cycle's objects; the changed one is the new one.
  for (const stream of again.streams) {
    if (stream.name === "ORDERS") assert.equal(stream, changed);
    else assert.equal(stream, first.streams.find((s) => s.name === stream.name));
  }
  assert.ok(again.consumers.every((c) => first.consumers.includes(c)));
});

test("a delta's JSON made from its assets' JSON parses to the restricted delta", () => {
  const steady = cycle("steady", null, 1_000_000);
  const killed = cycle("leader-killed", steady, 1_002_000);
  const withoutLogs: ClusterSnapshot = { ...killed, seq: killed.seq + 1, streams: killed.streams.filter((s) => s.name !== "LOGS") };
  for (const [from, to] of [
    [steady, killed],
    [killed, withoutLogs],
  ]) {
    const assets = serializeAssets(to);
    const delta = diffSnapshots(from, serializeAssets(from), to, assets);
    assert.ok(delta.streams.patch.length + delta.streams.remove.length > 0, "streams changed");
    for (const include of INCLUDES) {
      assert.deepEqual(JSON.parse(deltaJson(delta, assets, include)), JSON.parse(JSON.stringify(restrictDelta(delta, include))));
    }
  }
});

test("a new asset travels whole, a known one as its changed fields, one whose fields changed shape whole again", () => {
  const first = cycle("steady", null, 1_000_000);
  const orders = first.streams.find((s) => s.name === "ORDERS")!;
  const added = { ...orders, name: "ADDED" };
  const reshaped = first.consumers[0];
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { paused, ...withoutPaused } = reshaped;
  const second: ClusterSnapshot = {
    ...first,
    seq: first.seq + 1,
    streams: [...first.streams.map((s) => (s === orders ? { ...s, messages: 9, lastTs: "2026-12-06T10:00:00Z" } : s)), added].sort(compareStreams),
    consumers: first.consumers.map((c) => (c === reshaped ? (withoutPaused as ConsumerView) : c)),
  };
  const delta = diffSnapshots(first, serializeAssets(first), second, serializeAssets(second));
  assert.deepEqual(delta.streams.upsert, [added]);
  assert.deepEqual(delta.streams.patch, [{ key: streamKey(orders), set: { messages: 9, lastTs: "2026-12-06T10:00:00Z" } }]);
  assert.deepEqual(delta.consumers.upsert, [withoutPaused]);
  assert.deepEqual(delta.consumers.patch, []);
  assert.deepEqual(applyDelta(first, delta), second);
  // Smaller than sending the changed stream whole.
  assert.ok(JSON.stringify(delta.streams.patch[0]).length < JSON.stringify(second.streams.find((s) => s.name === "ORDERS")).length / 3);
});

test("a patch for an asset the client does not hold makes it start over", () => {
  const first = cycle("steady", null, 1_000_000);
  const stranger = { baseSeq: first.seq, head: headOf(first), streams: { upsert: [], patch: [{ key: "APP\u0000NOPE", set: { messages: 1 } }], remove: [] }, consumers: { upsert: [], patch: [], remove: [] } };
  assert.equal(applyDelta(first, stranger), null);
});
