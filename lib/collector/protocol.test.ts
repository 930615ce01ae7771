import assert from "node:assert/strict";
import { test } from "node:test";
import { scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import { serializeAssets } from "../model/delta";
import type { MergedSnapshot } from "../model/types";
import type { CycleResult } from "./cycle";
import { packResult, transferables, unpackResult, type HeldAssets } from "./protocol";

const cycle = (scenario: string, previous: MergedSnapshot | null, at: number) => snapshotFrom(scenarioPolls("2.9.10", scenario), previous, at);
const result = (snapshot: MergedSnapshot): CycleResult => ({ snapshot, assets: serializeAssets(snapshot), findings: [], evaluatedAt: 7, busyMs: 3, stepsMs: { read: 1, configs: 0.1, merge: 0.8, rules: 0.5, serialize: 0.6 }, configsDueAt: 60_007, heapBytes: 123_456_789 });

/** Through the thread boundary as postMessage would carry it. */
function send(id: number, full: CycleResult, base: { id: number; result: CycleResult } | null, held: HeldAssets | null) {
  const packed = structuredClone(packResult(full, base && { id: base.id, assets: base.result.assets }));
  return { packed, ...unpackResult(id, packed, held) };
}

test("the first cycle carries every asset and comes out whole", () => {
  const steady = result(cycle("steady", null, 1_000_000));
  const { packed, result: out, held } = send(1, steady, null, null);
  assert.equal(packed.base, null);
  assert.ok(packed.streams.changed.every((s) => s !== null));
  assert.deepEqual(out, steady);
  assert.equal(held.id, 1);
  assert.deepEqual([...held.streams.keys()], [...steady.assets.streams.keys()]);
});

test("later cycles carry only changed assets, and unchanged ones are the objects already held", () => {
  const first = result(cycle("steady", null, 1_000_000));
  const killed = result(cycle("leader-killed", first.snapshot, 1_002_000));
  const one = send(1, first, null, null);
  const two = send(2, killed, { id: 1, result: first }, one.held);
  assert.equal(two.packed.base, 1);
  assert.deepEqual(two.result, killed);
  for (const [i, key] of two.packed.streams.keys.entries()) {
    const same = first.assets.streams.get(key) === killed.assets.streams.get(key);
    assert.equal(two.packed.streams.changed[i] === null, same, `stream ${key}`);
    if (same) assert.equal(two.result.snapshot.streams[i], one.held.streams.get(key), "the held object, not a copy");
  }
  const unchanged = send(3, { ...killed, snapshot: { ...killed.snapshot, cycleMs: 99 } }, { id: 2, result: killed }, two.held);
  assert.ok([...unchanged.packed.streams.changed, ...unchanged.packed.consumers.changed].every((x) => x === null));
  assert.equal(unchanged.result.snapshot.cycleMs, 99);
  assert.deepEqual(unchanged.result.snapshot.streams, killed.snapshot.streams);
});

test("added and removed assets follow the new cycle's list", () => {
  const first = result(cycle("steady", null, 1_000_000));
  const [dropped, ...rest] = first.snapshot.streams;
  const added = { ...dropped, name: "ZZ-NEW" };
  const next = result({ ...first.snapshot, streams: [...rest, added] });
  const one = send(1, first, null, null);
  const two = send(2, next, { id: 1, result: first }, one.held);
  assert.deepEqual(two.result.snapshot.streams.map((s) => s.name), [...rest.map((s) => s.name), "ZZ-NEW"]);
  assert.ok(!two.held.streams.has(`${dropped.account}\u0000${dropped.name}`));
});

test("changes against a cycle the collector does not hold are refused", () => {
  const first = result(cycle("steady", null, 1_000_000));
  const packed = packResult(first, { id: 5, assets: first.assets });
  assert.throws(() => unpackResult(6, packed, null), /against cycle 5/);
  const one = send(1, first, null, null);
  assert.throws(() => unpackResult(6, packed, one.held), /against cycle 5, but cycle 1 is held/);
});

test("only reply buffers owned whole are transferred", () => {
  const whole = new Uint8Array([1, 2, 3]);
  const shared = new Uint8Array(new ArrayBuffer(8), 2, 3);
  const request = {
    startedAt: 0,
    configs: false,
    system: {
      raw: { ok: true as const, varz: [{ gzip: false, data: whole, sentAt: 0, receivedAt: 1 }], jsz: [{ gzip: true, data: shared, sentAt: 0, receivedAt: 1 }], healthz: [], connz: [], ms: 1 },
      state: { state: "connected" as const, server: "n1", since: "" },
      timeoutMs: 1000,
    },
  };
  assert.deepEqual(transferables(request), [whole.buffer]);
  assert.deepEqual(transferables({ ...request, system: null }), []);
});
