import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { SqliteHistoryStore } from ".";
import { SCHEMA_VERSION } from "./schema";

const OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };
const T0 = Date.parse("2026-11-21T03:00:00Z");
const file = () => path.join(mkdtempSync(path.join(tmpdir(), "jsw-tokens-")), "history.sqlite");
const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);

test("a token is found by its hash until it is revoked, and listed newest first with who made and revoked it", () => {
  const store = new SqliteHistoryStore(file(), OPTIONS);
  const first = store.tokens.createToken({ name: "prometheus", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
  const second = store.tokens.createToken({ name: "noc-tv", scope: "display", hash: HASH_B, createdAt: T0 + 1000, createdBy: "ana" });
  assert.deepEqual(first, { id: first.id, name: "prometheus", scope: "viewer", createdAt: T0, createdBy: "ana", lastUsedAt: null, revokedAt: null, revokedBy: null });
  assert.deepEqual(store.tokens.activeTokenByHash(HASH_A), first);
  assert.equal(store.tokens.activeTokenByHash("c".repeat(64)), null);
  assert.deepEqual(store.tokens.tokens().map((t) => t.name), ["noc-tv", "prometheus"]);

  assert.equal(store.tokens.revokeToken(first.id, T0 + 5000, "root"), true);
  assert.equal(store.tokens.activeTokenByHash(HASH_A), null);
  assert.equal(store.tokens.isTokenActive(first.id), false);
  assert.equal(store.tokens.isTokenActive(second.id), true);
  assert.equal(store.tokens.revokeToken(first.id, T0 + 9000, "someone-else"), false, "revoked once only");
  assert.deepEqual(store.tokens.token(first.id), { ...first, revokedAt: T0 + 5000, revokedBy: "root" });
  assert.equal(store.tokens.revokeToken(999, T0, "root"), false);
  assert.equal(store.tokens.token(999), null);
  store.close();
});

test("the same hash cannot be stored twice", () => {
  const store = new SqliteHistoryStore(file(), OPTIONS);
  store.tokens.createToken({ name: "a", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
  assert.throws(() => store.tokens.createToken({ name: "b", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" }), /UNIQUE/);
  store.close();
});

test("the last use is written only when the stored one is older than asked, and only one of two callers wins", () => {
  const store = new SqliteHistoryStore(file(), OPTIONS);
  const { id } = store.tokens.createToken({ name: "a", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
  assert.equal(store.tokens.touchToken(id, T0 + 10, T0 + 10), true, "never used: written");
  assert.equal(store.tokens.touchToken(id, T0 + 20, T0 + 10), false, "used at T0+10, not before it");
  assert.equal(store.tokens.token(id)?.lastUsedAt, T0 + 10);
  assert.equal(store.tokens.touchToken(id, T0 + 70_000, T0 + 60_000), true);
  assert.equal(store.tokens.touchToken(id, T0 + 70_001, T0 + 60_001), false, "the second of two requests at once finds it written");
  assert.equal(store.tokens.token(id)?.lastUsedAt, T0 + 70_000);
  store.close();
});

test("a schema-2 file gains the token and audit tables and keeps what it held", () => {
  const f = file();
  const store = new SqliteHistoryStore(f, OPTIONS);
  const event = { id: "e1", at: new Date(T0).toISOString(), kind: "node-down", source: "poll", server: "n1", detail: "kept" } as const;
  store.recordEvent("main", { ...event, account: null, stream: null, consumer: null, fromLeader: null, toLeader: null, leaderlessSince: null, leaderlessMs: null });
  store.close();
  // What a schema-2 file looks like: the base tables only.
  const old = new Database(f);
  old.exec("DROP TABLE api_tokens; DROP TABLE audit_log;");
  old.pragma("user_version = 2");
  old.close();

  const reopened = new SqliteHistoryStore(f, OPTIONS);
  assert.equal(reopened.db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  assert.equal(reopened.events("main", T0 - 1, T0 + 1).length, 1);
  reopened.tokens.createToken({ name: "a", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
  reopened.audit.recordAudit({ at: T0, kind: "config-loaded", actor: "dashboard", ip: null, subject: "x", detail: null });
  assert.equal(reopened.tokens.tokens().length, 1);
  reopened.close();
});
