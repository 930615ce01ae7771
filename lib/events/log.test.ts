import assert from "node:assert/strict";
import { test } from "node:test";
import { blankEvent } from "./diff";
import { EventLog } from "./log";

const election = (source: "advisory" | "poll", at: string) => ({
  ...blankEvent("stream-leader-elected", at, source),
  account: "APP",
  stream: "ORDERS",
  toLeader: "n2",
});

test("a poll-derived election already heard as an advisory is not recorded twice", () => {
  const log = new EventLog(10);
  assert.ok(log.add(election("advisory", "2026-11-21T03:00:00.000Z")));
  assert.equal(log.add(election("poll", "2026-11-21T03:00:02.000Z")), null);
  assert.equal(log.list().length, 1);
});

test("without an advisory the poll's event is kept; a later election is a new event", () => {
  const log = new EventLog(10);
  assert.ok(log.add(election("poll", "2026-11-21T03:00:02.000Z")));
  assert.ok(log.add(election("advisory", "2026-11-21T03:10:00.000Z")));
  assert.ok(log.add({ ...election("poll", "2026-11-21T03:10:01.000Z"), toLeader: "n3" }));
  assert.deepEqual(log.list().map((e) => e.toLeader), ["n3", "n2", "n2"]);
});

test("the log keeps only the newest events", () => {
  const log = new EventLog(3);
  for (let i = 0; i < 5; i++) log.add({ ...blankEvent("node-down", new Date(i * 1000).toISOString(), "poll"), server: `n${i}` });
  assert.deepEqual(log.list().map((e) => e.server), ["n4", "n3", "n2"]);
});
