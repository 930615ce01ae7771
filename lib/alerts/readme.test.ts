/**
 * The README's Alerts section says what each rule does and which levels are its defaults; this
 * keeps it true to the code (RULES, whose descriptions are built from DEFAULT_ALERT_THRESHOLDS).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { RULES } from "./rules";
import { DEFAULT_ALERT_THRESHOLDS } from "./thresholds";

const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
const section = readme.slice(readme.indexOf("\n## Alerts\n"), readme.indexOf("\n## ", readme.indexOf("\n## Alerts\n") + 1));

test("the README's rule table lists every rule, in order, with its description", () => {
  const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map(([, id, description]) => ({ id, description }));
  assert.deepEqual(rows, RULES);
});

test("the README's threshold defaults are DEFAULT_ALERT_THRESHOLDS", () => {
  const line = section.split("\n").find((l) => l.includes("`storageWarnPercent`")) ?? "";
  const documented = Object.fromEntries([...line.matchAll(/`(\w+)` (off|\d+)/g)].map(([, key, value]) => [key, value === "off" ? null : Number(value)]));
  assert.deepEqual(documented, DEFAULT_ALERT_THRESHOLDS);
});
