import test from "node:test";
import assert from "node:assert/strict";
import { failuresIn } from "./test";

// The end of what node:test's spec reporter printed for two failing tests (captured, stacks shortened).
const NODE_OUTPUT = `✔ passes (0.1ms)
ℹ fail 2

✖ failing tests:

test at lib/a.test.ts:2:885
✖ adds up (2.081633ms)
  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
  
  2 !== 3
  
      at TestContext.<anonymous> (/tmp/ft/a.test.ts:3:32)
      at Test.runInAsyncScope (node:async_hooks:206:9)

test at lib/a.test.ts:2:993
✖ inner throws (0.155933ms)
  Error: boom here
      at TestContext.<anonymous> (/tmp/ft/a.test.ts:4:73)
`;

// Playwright's list reporter names each failure after its counts.
const PLAYWRIGHT_OUTPUT = `  ✘   3 e2e/alerts.spec.ts:24:1 › a node that stops answering fires an alert (30.1s)

  1) e2e/alerts.spec.ts:24:1 › a node that stops answering fires an alert ──────────

    Error: expect(locator).toBeVisible() failed

  1 failed
  50 passed (6.8m)
`;

test("the summary names node:test's failing tests with their messages, not their stacks", () => {
  assert.deepEqual(failuresIn(NODE_OUTPUT), [
    "test at lib/a.test.ts:2:885",
    "✖ adds up (2.081633ms)",
    "  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:",
    "  2 !== 3",
    "test at lib/a.test.ts:2:993",
    "✖ inner throws (0.155933ms)",
    "  Error: boom here",
  ]);
});

test("the summary names Playwright's failing tests", () => {
  assert.deepEqual(failuresIn(PLAYWRIGHT_OUTPUT), ["  1) e2e/alerts.spec.ts:24:1 › a node that stops answering fires an alert ──────────"]);
});

test("output without failures names none", () => {
  assert.deepEqual(failuresIn("✔ passes (0.1ms)\nℹ fail 0\n"), []);
});
