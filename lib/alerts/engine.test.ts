import assert from "node:assert/strict";
import { test } from "node:test";
import { alertRecord, finding } from "./__fixtures__/alerts";
import { AlertEngine, type AlertRecord, type AlertTransition } from "./engine";
import type { Finding } from "./rules";

const T0 = Date.parse("2026-11-21T03:00:00Z");
const s = (seconds: number) => T0 + seconds * 1000;

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

const iso = (seconds: number) => new Date(s(seconds)).toISOString();
/** An alert a previous run left: node n3 down since 0 s, firing since 10 s (hold 10 s). */
const saved = (overrides: Partial<AlertRecord> = {}) => alertRecord(iso(0), iso(10), overrides);
const alice = { by: "alice", at: iso(20), note: "on it" };

interface RestoreCase {
  name: string;
  /** The one active alert the killed run left; the dashboard was down from ~30 s and restarts at 100 s. */
  left: AlertRecord;
  /** What the first poll after the restart (101 s) finds: its severity, or null when it is gone. */
  found: Finding["severity"] | null;
  /** The transitions of that first poll. */
  transitions: AlertTransition["to"][];
  /** The alert after it; null when it is no longer active. */
  after: Pick<AlertRecord, "state" | "severity" | "firingSince" | "pendingSince" | "acknowledged"> & { silencedUntil: string | null } | null;
}

const RESTORE_CASES: RestoreCase[] = [
  {
    name: "firing and acknowledged, still found: stays so, keeps firingSince, nothing announced",
    left: saved({ acknowledged: alice }),
    found: "critical",
    transitions: [],
    after: { state: "firing", severity: "critical", firingSince: iso(10), pendingSince: iso(0), acknowledged: alice, silencedUntil: null },
  },
  {
    name: "firing, cleared while the dashboard was down: resolves at the first poll",
    left: saved({ acknowledged: alice }),
    found: null,
    transitions: ["resolved"],
    after: null,
  },
  {
    name: "a silence that ended while the dashboard was down is lifted",
    left: saved({ silenced: { by: "bob", at: iso(15), note: "maintenance", until: iso(60) } }),
    found: "critical",
    transitions: [],
    after: { state: "firing", severity: "critical", firingSince: iso(10), pendingSince: iso(0), acknowledged: null, silencedUntil: null },
  },
  {
    name: "a silence that still runs is kept",
    left: saved({ silenced: { by: "bob", at: iso(15), note: "maintenance", until: iso(600) } }),
    found: "critical",
    transitions: [],
    after: { state: "firing", severity: "critical", firingSince: iso(10), pendingSince: iso(0), acknowledged: null, silencedUntil: iso(600) },
  },
  {
    name: "pending at the crash, found again: the hold starts again at the first poll (no firing although 100 s passed)",
    left: saved({ state: "pending", pendingSince: iso(25), firingSince: null }),
    found: "critical",
    transitions: [],
    after: { state: "pending", severity: "critical", firingSince: null, pendingSince: iso(101), acknowledged: null, silencedUntil: null },
  },
  {
    name: "pending and silenced at the crash, gone after: forgotten without a resolution",
    left: saved({ state: "pending", pendingSince: iso(25), firingSince: null, silenced: { by: "bob", at: iso(26), note: "", until: iso(600) } }),
    found: null,
    transitions: [],
    after: null,
  },
  {
    name: "firing as a warning and acknowledged, critical after the restart: escalated, acknowledgement cleared",
    left: saved({ severity: "warning", acknowledged: alice }),
    found: "critical",
    transitions: ["escalated"],
    after: { state: "firing", severity: "critical", firingSince: iso(10), pendingSince: iso(0), acknowledged: null, silencedUntil: null },
  },
];

test("restore after a restart: what the first poll does with each kind of alert the killed run left", () => {
  for (const c of RESTORE_CASES) {
    const engine = new AlertEngine({ holdMs: 10_000, historyLimit: 100 });
    engine.restore({ active: [c.left], resolved: [], transitions: [] }, s(100));
    const transitions = engine.update(c.found ? [finding("node-down:n3", c.found)] : [], s(101));
    assert.deepEqual(transitions.map((t) => t.to), c.transitions, c.name);
    const record = engine.find("node-down:n3");
    const active = record && record.state !== "resolved" ? record : null;
    assert.deepEqual(
      active && {
        state: active.state,
        severity: active.severity,
        firingSince: active.firingSince,
        pendingSince: active.pendingSince,
        acknowledged: active.acknowledged,
        silencedUntil: active.silenced?.until ?? null,
      },
      c.after,
      c.name,
    );
  }
});

test("restore: a cleared alert resolves with how long it fired, downtime included; a restored firing alert is logged as restored", () => {
  const engine = new AlertEngine({ holdMs: 10_000, historyLimit: 100 });
  engine.restore({ active: [saved()], resolved: [], transitions: [{ at: iso(10), id: "node-down:n3", rule: "node-down", severity: "critical", subjectLabel: "node n3", from: "pending", to: "firing", message: "" }] }, s(100));
  assert.deepEqual(engine.log().map((t) => t.to), ["restored", "firing"]);
  engine.update([], s(101));
  assert.equal(engine.history()[0].firedMs, 91_000);
  assert.equal(engine.history()[0].resolvedAt, iso(101));
});

test("restore: a pending alert fires once it has held the full time after the restart", () => {
  const engine = new AlertEngine({ holdMs: 10_000, historyLimit: 100 });
  engine.restore({ active: [saved({ state: "pending", pendingSince: iso(25), firingSince: null })], resolved: [], transitions: [] }, s(100));
  assert.deepEqual(engine.update([finding()], s(101)).map((t) => t.to), []);
  assert.deepEqual(engine.update([finding()], s(110)).map((t) => t.to), []);
  assert.deepEqual(engine.update([finding()], s(111)).map((t) => t.to), ["firing"]);
  assert.equal(engine.firing()[0].firingSince, iso(111));
});

test("restore keeps at most historyLimit resolved alerts and transitions, the newest", () => {
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 2 });
  const resolved = [1, 2, 3].map((i) => saved({ id: `a${i}`, state: "resolved", resolvedAt: iso(i * 10), firedMs: 1000 }));
  engine.restore({ active: [], resolved, transitions: [] }, s(100));
  assert.deepEqual(engine.history().map((r) => r.id), ["a3", "a2"]);
});

test("changes to store: what each step changed, taken once", () => {
  const engine = new AlertEngine({ holdMs: 10_000, historyLimit: 100 });
  engine.update([finding("a"), finding("b")], s(0));
  let changes = engine.takeChanges();
  assert.deepEqual(changes.saved.map((r) => [r.id, r.state]), [["a", "pending"], ["b", "pending"]]);
  assert.deepEqual(changes.transitions.map((t) => [t.id, t.to]), [["a", "pending"], ["b", "pending"]]);
  assert.deepEqual(engine.takeChanges(), { saved: [], dropped: [], transitions: [] }, "taken once");
  engine.update([finding("a"), finding("b")], s(5));
  assert.deepEqual(engine.takeChanges(), { saved: [], dropped: [], transitions: [] }, "a poll that changes nothing leaves nothing to store");
  engine.update([finding("a")], s(10));
  changes = engine.takeChanges();
  assert.deepEqual(changes.saved.map((r) => [r.id, r.state, r.firingSince]), [["a", "firing", iso(10)]]);
  assert.deepEqual(changes.dropped, ["b"], "b went away while pending");
  engine.acknowledge("a", "alice", "on it", s(11));
  changes = engine.takeChanges();
  assert.deepEqual(changes.saved.map((r) => r.acknowledged?.by), ["alice"]);
  assert.deepEqual(changes.transitions.map((t) => [t.to, t.message]), [["acknowledged", "alice: on it"]]);
  engine.update([], s(20));
  changes = engine.takeChanges();
  assert.deepEqual(changes.saved.map((r) => [r.id, r.state, r.firedMs]), [["a", "resolved", 10_000]]);
});
