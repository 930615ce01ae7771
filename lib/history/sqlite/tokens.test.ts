import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { sqliteStores } from "../__fixtures__/store-factory";
import { tokensAndAuditSuite } from "../__fixtures__/tokens-and-audit-suite";
import { SqliteHistoryStore } from ".";
import { SCHEMA_VERSION } from "./schema";

const OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };
const T0 = Date.parse("2026-11-21T03:00:00Z");
const file = () => path.join(mkdtempSync(path.join(tmpdir(), "jsw-tokens-")), "history.sqlite");
const HASH_A = "a".repeat(64);


tokensAndAuditSuite(sqliteStores);

test("a schema-2 file gains the token and audit tables and keeps what it held", async () => {
  const f = file();
  const store = new SqliteHistoryStore(f, OPTIONS);
  const event = { id: "e1", at: new Date(T0).toISOString(), kind: "node-down", source: "poll", server: "n1", detail: "kept" } as const;
  await store.recordEvent("main", { ...event, account: null, stream: null, consumer: null, fromLeader: null, toLeader: null, leaderlessSince: null, leaderlessMs: null });
  await store.close();
  // What a schema-2 file looks like: the base tables only.
  const old = new Database(f);
  old.exec("DROP TABLE api_tokens; DROP TABLE audit_log;");
  old.pragma("user_version = 2");
  old.close();

  const reopened = new SqliteHistoryStore(f, OPTIONS);
  assert.equal(reopened.db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  assert.equal((await reopened.events("main", T0 - 1, T0 + 1)).length, 1);
  await reopened.tokens.createToken({ name: "a", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
  await reopened.audit.recordAudit({ at: T0, kind: "config-loaded", actor: "dashboard", ip: null, subject: "x", detail: null });
  assert.equal((await reopened.tokens.tokens()).length, 1);
  await reopened.close();
});
