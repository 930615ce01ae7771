import assert from "node:assert/strict";
import { test } from "node:test";
import { advisoryEvent } from "./advisories";

const now = new Date("2026-11-21T03:00:00Z");

test("stream leader elected (the system account's copy names the account)", () => {
  // Payload as seen on 2.9.10 (shared/nats-monitoring-reference.md §4.2).
  const e = advisoryEvent(
    "$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.ORDERS",
    { type: "io.nats.jetstream.advisory.v1.stream_leader_elected", timestamp: "2026-11-21T02:21:15.678945312Z", account: "APP", stream: "ORDERS", leader: "n2" },
    now,
  );
  assert.deepEqual(
    e && { kind: e.kind, at: e.at, account: e.account, stream: e.stream, toLeader: e.toLeader, source: e.source },
    { kind: "stream-leader-elected", at: "2026-11-21T02:21:15.678945312Z", account: "APP", stream: "ORDERS", toLeader: "n2", source: "advisory" },
  );
});

test("consumer leader elected, quorum lost, shutdown, out of storage", () => {
  assert.equal(
    advisoryEvent("$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.ORDERS.proc", { account: "APP", stream: "ORDERS", consumer: "proc", leader: "n1" }, now)?.kind,
    "consumer-leader-elected",
  );
  assert.equal(advisoryEvent("$JS.EVENT.ADVISORY.STREAM.QUORUM_LOST.ORDERS", { account: "APP", stream: "ORDERS" }, now)?.kind, "stream-quorum-lost");
  const shutdown = advisoryEvent("$SYS.SERVER.NABC.SHUTDOWN", { name: "n3", time: "2026-11-21T02:30:00Z" }, now);
  assert.deepEqual([shutdown?.kind, shutdown?.server, shutdown?.at], ["server-shutdown", "n3", "2026-11-21T02:30:00Z"]);
  const storage = advisoryEvent("$JS.EVENT.ADVISORY.SERVER.OUT_OF_STORAGE", { server: "n1", stream: "LOGS" }, now);
  assert.deepEqual([storage?.kind, storage?.server, storage?.at], ["server-out-of-storage", "n1", now.toISOString()]);
});

test("only slow-consumer disconnects count", () => {
  const slow = advisoryEvent(
    "$SYS.ACCOUNT.APP.DISCONNECT",
    { reason: "Slow Consumer (Pending Bytes)", client: { acc: "APP", name: "archiver", host: "10.0.0.9", id: 7 }, server: { name: "n2" } },
    now,
  );
  assert.deepEqual([slow?.kind, slow?.account, slow?.server], ["slow-consumer-disconnect", "APP", "n2"]);
  assert.match(slow!.detail, /"archiver" from 10\.0\.0\.9 disconnected: Slow Consumer/);
  assert.equal(advisoryEvent("$SYS.ACCOUNT.APP.DISCONNECT", { reason: "Client Closed" }, now), null);
});
