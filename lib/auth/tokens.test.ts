import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { NextRequest } from "next/server";
import { SqliteHistoryStore } from "../history/sqlite";
import { authenticate, displayLinkPrincipal } from "./authenticate";
import { acceptManagedToken, configuredTokens, createManagedToken, newToken, revokeManagedToken, tokenHash, TOKEN_PREFIX, type TokenUse } from "./tokens";

const T0 = Date.parse("2026-11-21T03:00:00Z");
const MIN = 60_000;
const ADMIN = { name: "root", ip: "10.0.0.1" };

function tempStore(): SqliteHistoryStore {
  return new SqliteHistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "jsw-tokens-")), "history.sqlite"), {
    rawRetentionMs: 3_600_000,
    rollupRetentionMs: 86_400_000,
    assetRollupMs: 600_000,
  });
}

const use = (at: number, request = "GET /api/v1/snapshot"): TokenUse => ({ at, ip: "192.0.2.7", request });

async function made(store: SqliteHistoryStore, name: string, scope: "viewer" | "operator" | "admin" | "display", at = T0) {
  const result = await createManagedToken(store, { name, scope }, ADMIN, at, []);
  if ("conflict" in result) throw new Error(result.conflict);
  return result;
}

test("a token is jsw_ and 256 random bits in base64url; its hash is the SHA-256 of the whole token, in hex", async () => {
  const tokens = Array.from({ length: 50 }, newToken);
  for (const t of tokens) {
    assert.match(t, /^jsw_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(t.slice(TOKEN_PREFIX.length), "base64url").length, 32);
    assert.equal(tokenHash(t), createHash("sha256").update(t).digest("hex"));
  }
  assert.equal(new Set(tokens).size, tokens.length);
  assert.match(tokenHash("jsw_x"), /^[0-9a-f]{64}$/);
});

test("a managed token is accepted with its scope until revoked; anything else is not", async () => {
  const store = tempStore();
  const { token, record } = await made(store, "grafana", "viewer");
  assert.deepEqual(await acceptManagedToken(store, token, use(T0), { displayOnly: false }), { record: { ...record, lastUsedAt: null }, scope: "viewer" });
  for (const other of [newToken(), `${token}x`, token.slice(0, -1), token.replace("jsw_", "JSW_"), "", "jsw_"])
    assert.equal(await acceptManagedToken(store, other, use(T0), { displayOnly: false }), null, other);
  assert.equal((await revokeManagedToken(store, record.id, ADMIN, T0 + MIN)) === "not-found", false);
  assert.equal(await acceptManagedToken(store, token, use(T0 + MIN + 1), { displayOnly: false }), null, "revoked: refused from the next request");
  assert.equal(await revokeManagedToken(store, record.id, ADMIN, T0 + 2 * MIN), "already-revoked");
  assert.equal(await revokeManagedToken(store, 12345, ADMIN, T0), "not-found");
  await store.close();
});

test("in a wall's URL only a display link is accepted, never an API token", async () => {
  const store = tempStore();
  const api = await made(store, "script", "admin");
  const wall = await made(store, "noc-tv", "display");
  assert.equal(await acceptManagedToken(store, api.token, use(T0), { displayOnly: true }), null);
  assert.equal((await acceptManagedToken(store, wall.token, use(T0), { displayOnly: true }))?.scope, "display");
  const settings = { displayTokens: [{ name: "lobby", token: "lobby-0123456789abcdef" }] };
  assert.deepEqual(await displayLinkPrincipal(wall.token, settings, store, use(T0)), { kind: "display", name: "noc-tv", managedId: wall.record.id });
  assert.deepEqual(await displayLinkPrincipal("lobby-0123456789abcdef", settings, store, use(T0)), { kind: "display", name: "lobby" });
  assert.equal(await displayLinkPrincipal(api.token, settings, store, use(T0)), null);
  assert.equal(await displayLinkPrincipal(wall.token, settings, null, use(T0)), null, "no history store: no managed links");
  await store.close();
});

test("a scope this version does not know grants nothing", async () => {
  const store = tempStore();
  const token = newToken();
  await store.tokens.createToken({ name: "future", scope: "superuser", hash: tokenHash(token), createdAt: T0, createdBy: "root" });
  assert.equal(await acceptManagedToken(store, token, use(T0), { displayOnly: false }), null);
  await store.close();
});

test("the last use is written at most once a minute, and the first use in each hour goes to the audit log without the query", async () => {
  const store = tempStore();
  const { token, record } = await made(store, "prometheus", "viewer", T0 - 10 * MIN);
  const uses = [T0 + 5_000, T0 + 30_000, T0 + 64_999, T0 + 65_001, T0 + 59 * MIN + 59_000, T0 + 60 * MIN + 1_000, T0 + 60 * MIN + 2_000, T0 + 3 * 60 * MIN];
  const lastUse: (number | null)[] = [];
  for (const at of uses) {
    assert.ok(await acceptManagedToken(store, token, use(at, "GET /api/v1/metrics"), { displayOnly: false }));
    lastUse.push((await store.tokens.token(record.id))!.lastUsedAt);
  }
  assert.deepEqual(lastUse, [T0 + 5_000, T0 + 5_000, T0 + 5_000, T0 + 65_001, T0 + 59 * MIN + 59_000, T0 + 60 * MIN + 1_000, T0 + 60 * MIN + 1_000, T0 + 3 * 60 * MIN]);
  const used = (await store.audit.auditEntries({ kind: "token-used", limit: 10 })).reverse();
  assert.deepEqual(
    used.map((e) => [e.at, e.actor, e.ip, e.subject, e.detail]),
    [T0 + 5_000, T0 + 60 * MIN + 1_000, T0 + 3 * 60 * MIN].map((at) => [at, "token prometheus", "192.0.2.7", "prometheus", "GET /api/v1/metrics"]),
  );
  await store.close();
});

test("creating and revoking are audited with who and from where; names are unique among active tokens and the configuration's", async () => {
  const store = tempStore();
  const { record } = await made(store, "grafana", "viewer");
  assert.deepEqual(await createManagedToken(store, { name: "grafana", scope: "admin" }, ADMIN, T0, []), { conflict: 'an active token is already named "grafana"' });
  assert.deepEqual(await createManagedToken(store, { name: "lobby", scope: "display" }, ADMIN, T0, ["apiToken", "lobby"]), {
    conflict: '"lobby" is the name of a token in the configuration',
  });
  await revokeManagedToken(store, record.id, { name: "ana", ip: null }, T0 + MIN);
  assert.ok("token" in (await createManagedToken(store, { name: "grafana", scope: "viewer" }, ADMIN, T0 + 2 * MIN, [])), "a revoked token's name may be used again");
  const log = (await store.audit.auditEntries({ limit: 10 })).reverse();
  assert.deepEqual(
    log.map((e) => [e.kind, e.actor, e.ip, e.subject, e.detail]),
    [
      ["token-created", "root", "10.0.0.1", "grafana", "scope viewer"],
      ["token-revoked", "ana", null, "grafana", "scope viewer"],
      ["token-created", "root", "10.0.0.1", "grafana", "scope viewer"],
    ],
  );
  await store.close();
});

test("the configuration's tokens are listed by name and scope, never by token", async () => {
  const listed = configuredTokens({ apiToken: "secret-api-token-0123456789", displayTokens: [{ name: "lobby", token: "lobby-0123456789abcdef" }] });
  assert.deepEqual(listed, [
    { name: "apiToken", scope: "operator" },
    { name: "lobby", scope: "display" },
  ]);
  assert.deepEqual(configuredTokens({ displayTokens: [] }), []);
});

test("authenticate: a managed token as a bearer acts with its role, a display link reads as the wall, a revoked one is refused", async () => {
  const store = tempStore();
  const settings = { users: [], displayTokens: [], authSecret: "s".repeat(32), apiToken: "config-api-token-0123456789", passwordLogin: true, trustProxy: false };
  const viewer = await made(store, "grafana", "viewer");
  const wall = await made(store, "noc-tv", "display");
  const request = (headers: Record<string, string>, query = "") => new NextRequest(`http://dashboard.test/api/v1/snapshot${query}`, { headers });
  assert.deepEqual(await authenticate(request({ authorization: `Bearer ${viewer.token}` }), settings, store), {
    kind: "token",
    name: "grafana",
    role: "viewer",
    managedId: viewer.record.id,
  });
  assert.deepEqual(await authenticate(request({ authorization: `Bearer ${wall.token}` }), settings, store), { kind: "display", name: "noc-tv", managedId: wall.record.id });
  assert.deepEqual(await authenticate(request({}, `?display=${wall.token}`), settings, store), { kind: "display", name: "noc-tv", managedId: wall.record.id });
  assert.equal(await authenticate(request({}, `?display=${viewer.token}`), settings, store), null, "an API token in a URL");
  assert.equal(await authenticate(request({ authorization: `Bearer ${viewer.token}` }), settings, null), null, "no history store");
  assert.equal((await authenticate(request({ authorization: "Bearer config-api-token-0123456789" }), settings, null))?.kind, "token", "the configuration's token without one");
  await revokeManagedToken(store, viewer.record.id, ADMIN, Date.now());
  assert.equal(await authenticate(request({ authorization: `Bearer ${viewer.token}` }), settings, store), null);
  const used = await store.audit.auditEntries({ kind: "token-used", limit: 10 });
  assert.deepEqual(used.map((e) => e.detail), ["GET /api/v1/snapshot", "GET /api/v1/snapshot"], "one per token in the hour, the query left out");
  await store.close();
});

test("the store unreachable: a token it accepted before is accepted still (a wall stays up); one it never accepted, or refused, is not; any other store fault is not hidden", async () => {
  const store = tempStore();
  const wall = await made(store, "noc-wall", "display");
  const api = await made(store, "ci", "operator");
  const revoked = await made(store, "old", "viewer");
  const unseen = await made(store, "unseen", "viewer");
  assert.ok(await acceptManagedToken(store, wall.token, use(T0), { displayOnly: true }));
  assert.ok(await acceptManagedToken(store, api.token, use(T0), { displayOnly: false }));
  assert.ok(await acceptManagedToken(store, revoked.token, use(T0), { displayOnly: false }));
  await revokeManagedToken(store, revoked.record.id, ADMIN, T0 + MIN);
  assert.equal(await acceptManagedToken(store, revoked.token, use(T0 + MIN + 1), { displayOnly: false }), null);

  let fault: Error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const down = {
    ...store,
    tokens: Object.assign(Object.create(store.tokens), {
      activeTokenByHash: async () => {
        throw fault;
      },
    }),
  };
  assert.equal((await acceptManagedToken(down, wall.token, use(T0 + 2 * MIN), { displayOnly: true }))?.scope, "display");
  assert.equal((await acceptManagedToken(down, api.token, use(T0 + 2 * MIN), { displayOnly: false }))?.scope, "operator");
  assert.equal(await acceptManagedToken(down, api.token, use(T0 + 2 * MIN), { displayOnly: true }), null, "an API token in a URL, still refused");
  await assert.rejects(acceptManagedToken(down, revoked.token, use(T0 + 2 * MIN), { displayOnly: false }), /ECONNREFUSED/, "refused before: not let in");
  await assert.rejects(acceptManagedToken(down, unseen.token, use(T0 + 2 * MIN), { displayOnly: false }), /ECONNREFUSED/, "never seen: the store must say");
  fault = new Error('relation "api_tokens" does not exist');
  await assert.rejects(acceptManagedToken(down, wall.token, use(T0 + 2 * MIN), { displayOnly: true }), /does not exist/, "a broken store is not an unreachable one");
  await store.close();
});
