import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { readFixture } from "../model/__fixtures__/polls";
import { decodeSystemPoll, type RawReply } from "./system-replies";

const server = (name: string) => ({ name, id: `ID-${name}`, ver: "2.9.10", cluster: "c1" });
const reply = (envelope: unknown, gzip = true): RawReply => {
  const bytes = Buffer.from(JSON.stringify(envelope));
  return { gzip, data: new Uint8Array(gzip ? gzipSync(bytes) : bytes), sentAt: 1000, receivedAt: 1042 };
};
const round = (parts: Partial<Record<"varz" | "jsz" | "healthz" | "connz", RawReply[]>>) => ({
  ok: true as const,
  varz: [],
  jsz: [],
  healthz: [],
  connz: [],
  ms: 42,
  ...parts,
});

test("replies are grouped by the server that sent them, gzipped or not", () => {
  const varz = readFixture("2.9.10", "steady", "n1.varz.json");
  const jsz = readFixture("2.9.10", "steady", "n1.jsz.json");
  const poll = decodeSystemPoll(
    round({
      varz: [reply({ server: server("n1"), data: varz }), reply({ server: server("n2"), data: varz }, false)],
      jsz: [reply({ server: server("n1"), data: jsz })],
      healthz: [reply({ server: server("n1"), data: { status: "ok" } })],
    }),
  );
  assert.ok(poll.ok);
  assert.deepEqual([...poll.servers.keys()], ["n1", "n2"]);
  const n1 = poll.servers.get("n1")!;
  assert.deepEqual(n1.server, { name: "n1", id: "ID-n1", version: "2.9.10", cluster: "c1" });
  assert.ok(n1.varz?.ok && n1.jsz?.ok && n1.healthz?.ok);
  assert.equal(n1.varz.ms, 42);
  assert.equal(poll.servers.get("n2")?.jsz, undefined, "no JSZ reply from n2: left for the round to call a timeout");
});

test("a server's error and an unexpected shape are that endpoint's failures", () => {
  const poll = decodeSystemPoll(
    round({
      varz: [reply({ server: server("n1"), error: { code: 500, description: "boom" } })],
      jsz: [reply({ server: server("n1"), data: { streams: "many" } })],
    }),
  );
  assert.ok(poll.ok);
  const n1 = poll.servers.get("n1")!;
  assert.deepEqual(n1.varz, { ok: false, kind: "http-error", status: 500, message: "server error 500: boom", ms: 42 });
  assert.equal(n1.jsz?.ok, false);
  assert.equal(n1.jsz?.ok === false && n1.jsz.kind, "invalid");
});

test("a reply that is not JSON fails the round; a failed round passes through", () => {
  const garbled = decodeSystemPoll(round({ varz: [{ gzip: false, data: new TextEncoder().encode("{nope"), sentAt: 0, receivedAt: 1 }] }));
  assert.equal(garbled.ok, false);
  assert.equal(!garbled.ok && garbled.kind, "error");
  const failed = { ok: false as const, kind: "auth-failed" as const, message: "rejected", ms: 3 };
  assert.deepEqual(decodeSystemPoll(failed), failed);
});
