import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAuditQuery } from "./audit-query";

test("the audit query: one kind, a page before an id, a page size; each bad value named", () => {
  const cases: [string, ReturnType<typeof parseAuditQuery>][] = [
    ["", { kind: null, beforeId: null, limit: 50 }],
    ["kind=token-used&before=120&limit=10", { kind: "token-used", beforeId: 120, limit: 10 }],
    ["kind=&before=", { kind: null, beforeId: null, limit: 50 }],
    ["kind=tokens", { error: 'kind: "tokens" is not one of sign-in, sign-in-failed, token-created, token-revoked, token-used, alert-acknowledged, alert-silenced, config-loaded' }],
    ["before=0", { error: 'before: "0" must be an entry\'s id (a whole number from 1)' }],
    ["before=-3", { error: 'before: "-3" must be an entry\'s id (a whole number from 1)' }],
    ["limit=501", { error: 'limit: "501" must be a whole number from 1 to 500' }],
    ["limit=0", { error: 'limit: "0" must be a whole number from 1 to 500' }],
    ["limit=2.5", { error: 'limit: "2.5" must be a whole number from 1 to 500' }],
  ];
  for (const [query, expected] of cases) assert.deepEqual(parseAuditQuery(new URLSearchParams(query)), expected, query);
  assert.deepEqual(parseAuditQuery({ kind: ["sign-in", "x"], before: "7" }), { kind: "sign-in", beforeId: 7, limit: 50 });
});
