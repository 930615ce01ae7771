import assert from "node:assert/strict";
import { test } from "node:test";
import { leaderUnavailable } from "./alert-action";
import { ApiError } from "./errors";

test("no leader took an action: a 503 that says so, even when the error was made by another bundle's copy of the class", () => {
  // What the relay, bundled with the instrumentation, throws into a route handler's bundle.
  class LeaderUnavailable extends Error {
    readonly name = "LeaderUnavailable";
  }
  assert.throws(
    () => leaderUnavailable(new LeaderUnavailable("no replica leading main took the acknowledge within 5 s; try again")),
    (err: unknown) => err instanceof ApiError && err.code === "unavailable" && /within 5 s/.test(err.message),
  );
  const other = new Error("boom");
  assert.throws(() => leaderUnavailable(other), (err: unknown) => err === other, "anything else goes on up");
});
