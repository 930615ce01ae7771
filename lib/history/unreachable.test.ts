import assert from "node:assert/strict";
import { test } from "node:test";
import { storeUnreachable } from "./unreachable";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test("a database that is down, restarting or cut off is unreachable; a wrong query is not", () => {
  assert.equal(storeUnreachable(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")), "connect ECONNREFUSED 127.0.0.1:5432");
  assert.ok(storeUnreachable(withCode("terminating connection due to administrator command", "57P01")));
  assert.ok(storeUnreachable(withCode("the database system is starting up", "57P03")));
  assert.ok(storeUnreachable(withCode("connection failure", "08006")));
  assert.ok(storeUnreachable(new Error("Connection terminated unexpectedly")));
  assert.ok(storeUnreachable(new Error("timeout exceeded when trying to connect")));
  // Node's happy-eyeballs connect reports every address tried in one AggregateError.
  assert.ok(storeUnreachable(new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], "")));

  assert.equal(storeUnreachable(withCode('relation "samples" does not exist', "42P01")), null);
  assert.equal(storeUnreachable(withCode("duplicate key value violates unique constraint", "23505")), null);
  assert.equal(storeUnreachable(new Error("SQLITE_CONSTRAINT: NOT NULL constraint failed")), null);
  assert.equal(storeUnreachable("ECONNREFUSED"), null, "only errors");
});
