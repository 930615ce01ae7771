import assert from "node:assert/strict";
import { test } from "node:test";
import { AlertEngine } from "./engine";
import type { Finding } from "./rules";

const T0 = Date.parse("2026-11-21T03:00:00Z");
const s = (seconds: number) => T0 + seconds * 1000;

function finding(key = "node-down:n3", severity: Finding["severity"] = "critical"): Finding {
  return {
    key,
    rule: "node-down",
    severity,
    subject: { kind: "node", node: "n3" },
    subjectLabel: "node n3",
    message: "n3 does not answer",
    value: null,
    threshold: null,
  };
}

test("a finding fires only after it has held for the hold time, and resolves with how long it fired", () => {
  const engine = new AlertEngine({ holdMs: 10_000, historyLimit: 100 });
  assert.deepEqual(engine.update([finding()], s(0)).map((t) => t.to), ["pending"]);
  assert.deepEqual(engine.update([finding()], s(5)).map((t) => t.to), []);
  assert.equal(engine.firing().length, 0);
  assert.deepEqual(engine.update([finding()], s(10)).map((t) => t.to), ["firing"]);
  assert.equal(engine.firing()[0].firingSince, new Date(s(10)).toISOString());
  const resolved = engine.update([], s(42));
  assert.deepEqual(resolved.map((t) => [t.from, t.to]), [["firing", "resolved"]]);
  assert.equal(engine.history()[0].firedMs, 32_000);
  assert.equal(engine.firing().length, 0);
});

test("a blip shorter than the hold never fires and leaves no resolved alert", () => {
  const engine = new AlertEngine({ holdMs: 10_000, historyLimit: 100 });
  engine.update([finding()], s(0));
  assert.deepEqual(engine.update([], s(2)), []);
  assert.equal(engine.history().length, 0);
});

test("acknowledging needs a firing alert; escalation to critical clears the acknowledgement", () => {
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 100 });
  engine.update([finding("node-storage:n1", "warning")], s(0));
  assert.ok(engine.acknowledge("node-storage:n1", "alice", "cleaning up", s(1)));
  assert.equal(engine.firing()[0].acknowledged?.by, "alice");
  assert.equal(engine.acknowledge("nope", "alice", "", s(1)), null);
  const t = engine.update([finding("node-storage:n1", "critical")], s(2));
  assert.deepEqual(t.map((x) => x.to), ["escalated"]);
  assert.equal(engine.firing()[0].acknowledged, null);
  assert.equal(engine.firing()[0].severity, "critical");
});

test("a silence ends by itself", () => {
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 100 });
  engine.update([finding()], s(0));
  engine.silence("node-down:n3", "bob", "maintenance", s(60), s(1));
  assert.equal(engine.firing()[0].silenced?.note, "maintenance");
  engine.update([finding()], s(61));
  assert.equal(engine.firing()[0].silenced, null);
  assert.deepEqual(engine.log().map((x) => x.to), ["silenced", "firing", "pending"]);
});

test("firing alerts come critical first, then oldest first", () => {
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 100 });
  engine.update([finding("a", "warning")], s(0));
  engine.update([finding("a", "warning"), finding("b", "critical")], s(1));
  engine.update([finding("a", "warning"), finding("b", "critical"), finding("c", "critical")], s(2));
  assert.deepEqual(engine.firing().map((r) => r.id), ["b", "c", "a"]);
});
