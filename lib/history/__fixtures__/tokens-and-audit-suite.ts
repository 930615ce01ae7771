/** Managed tokens and the audit log kept in a store, for every store (store-factory.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuditEntry } from "../audit";
import type { StoreFactory } from "./store-factory";

const OPTIONS = { rawRetentionMs: 3_600_000, rollupRetentionMs: 86_400_000, assetRollupMs: 600_000 };
const T0 = Date.parse("2026-11-21T03:00:00Z");
const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);

const entry = (i: number, kind: AuditEntry["kind"]): AuditEntry => ({ at: T0 + i, kind, actor: `user${i}`, ip: "10.0.0.1", subject: `s${i}`, detail: null });

export function tokensAndAuditSuite(stores: StoreFactory): void {
  test("a token is found by its hash until it is revoked, and listed newest first with who made and revoked it", async () => {
    const store = await stores.create(OPTIONS);
    const first = await store.tokens.createToken({ name: "prometheus", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
    const second = await store.tokens.createToken({ name: "noc-tv", scope: "display", hash: HASH_B, createdAt: T0 + 1000, createdBy: "ana" });
    assert.deepEqual(first, { id: first.id, name: "prometheus", scope: "viewer", createdAt: T0, createdBy: "ana", lastUsedAt: null, revokedAt: null, revokedBy: null });
    assert.deepEqual(await store.tokens.activeTokenByHash(HASH_A), first);
    assert.equal(await store.tokens.activeTokenByHash("c".repeat(64)), null);
    assert.deepEqual((await store.tokens.tokens()).map((t) => t.name), ["noc-tv", "prometheus"]);

    assert.equal(await store.tokens.revokeToken(first.id, T0 + 5000, "root"), true);
    assert.equal(await store.tokens.activeTokenByHash(HASH_A), null);
    assert.equal(await store.tokens.isTokenActive(first.id), false);
    assert.equal(await store.tokens.isTokenActive(second.id), true);
    assert.equal(await store.tokens.revokeToken(first.id, T0 + 9000, "someone-else"), false, "revoked once only");
    assert.deepEqual(await store.tokens.token(first.id), { ...first, revokedAt: T0 + 5000, revokedBy: "root" });
    assert.equal(await store.tokens.revokeToken(999, T0, "root"), false);
    assert.equal(await store.tokens.token(999), null);
    await store.close();
  });

  test("the same hash cannot be stored twice", async () => {
    const store = await stores.create(OPTIONS);
    await store.tokens.createToken({ name: "a", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
    // SQLite says "UNIQUE constraint failed", PostgreSQL "violates unique constraint".
    await assert.rejects(store.tokens.createToken({ name: "b", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" }), /unique constraint/i);
    await store.close();
  });

  test("the last use is written only when the stored one is older than asked, and only one of two callers wins", async () => {
    const store = await stores.create(OPTIONS);
    const { id } = await store.tokens.createToken({ name: "a", scope: "viewer", hash: HASH_A, createdAt: T0, createdBy: "ana" });
    assert.equal(await store.tokens.touchToken(id, T0 + 10, T0 + 10), true, "never used: written");
    assert.equal(await store.tokens.touchToken(id, T0 + 20, T0 + 10), false, "used at T0+10, not before it");
    assert.equal((await store.tokens.token(id))?.lastUsedAt, T0 + 10);
    assert.equal(await store.tokens.touchToken(id, T0 + 70_000, T0 + 60_000), true);
    assert.equal(await store.tokens.touchToken(id, T0 + 70_001, T0 + 60_001), false, "the second of two requests at once finds it written");
    assert.equal((await store.tokens.token(id))?.lastUsedAt, T0 + 70_000);
    await store.close();
  });

  test("the audit log reads newest first, a page at a time, all kinds or one", async () => {
    const store = await stores.create(OPTIONS);
    for (let i = 0; i < 7; i++) await store.audit.recordAudit(entry(i, i % 2 ? "token-used" : "sign-in"));

    const first = await store.audit.auditEntries({ limit: 3 });
    assert.deepEqual(first.map((e) => e.actor), ["user6", "user5", "user4"]);
    assert.deepEqual(first[0], { id: first[0].id, ...entry(6, "sign-in") });
    const second = await store.audit.auditEntries({ limit: 3, beforeId: first.at(-1)!.id });
    assert.deepEqual(second.map((e) => e.actor), ["user3", "user2", "user1"]);
    const last = await store.audit.auditEntries({ limit: 3, beforeId: second.at(-1)!.id });
    assert.deepEqual(last.map((e) => e.actor), ["user0"]);

    const used = await store.audit.auditEntries({ kind: "token-used", limit: 2 });
    assert.deepEqual(used.map((e) => e.actor), ["user5", "user3"]);
    assert.deepEqual((await store.audit.auditEntries({ kind: "token-used", limit: 2, beforeId: used[1].id })).map((e) => e.actor), ["user1"]);
    assert.deepEqual(await store.audit.auditEntries({ kind: "config-loaded", limit: 10 }), []);
    await store.close();
  });
}
