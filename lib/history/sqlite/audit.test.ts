import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { SqliteHistoryStore } from ".";
import type { AuditEntry } from "../audit";

const OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };
const T0 = Date.parse("2026-11-21T03:00:00Z");

const entry = (i: number, kind: AuditEntry["kind"]): AuditEntry => ({ at: T0 + i, kind, actor: `user${i}`, ip: "10.0.0.1", subject: `s${i}`, detail: null });

test("the audit log reads newest first, a page at a time, all kinds or one", () => {
  const store = new SqliteHistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "jsw-audit-")), "history.sqlite"), OPTIONS);
  for (let i = 0; i < 7; i++) store.audit.recordAudit(entry(i, i % 2 ? "token-used" : "sign-in"));

  const first = store.audit.auditEntries({ limit: 3 });
  assert.deepEqual(first.map((e) => e.actor), ["user6", "user5", "user4"]);
  assert.deepEqual(first[0], { id: first[0].id, ...entry(6, "sign-in") });
  const second = store.audit.auditEntries({ limit: 3, beforeId: first.at(-1)!.id });
  assert.deepEqual(second.map((e) => e.actor), ["user3", "user2", "user1"]);
  const last = store.audit.auditEntries({ limit: 3, beforeId: second.at(-1)!.id });
  assert.deepEqual(last.map((e) => e.actor), ["user0"]);

  const used = store.audit.auditEntries({ kind: "token-used", limit: 2 });
  assert.deepEqual(used.map((e) => e.actor), ["user5", "user3"]);
  assert.deepEqual(store.audit.auditEntries({ kind: "token-used", limit: 2, beforeId: used[1].id }).map((e) => e.actor), ["user1"]);
  assert.deepEqual(store.audit.auditEntries({ kind: "config-loaded", limit: 10 }), []);
  store.close();
});
