/**
 * `npm ci` on a fresh clone: package.json and package-lock.json must agree, and the lock must
 * record every optional platform package (an `npm install` on one platform can drop the others',
 * and then `npm ci` fails with EUSAGE everywhere else). npm's own check, offline, in a scratch copy.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..");

test("package-lock.json matches package.json, with every platform's optional packages (npm ci would succeed)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "jsw-lockfile-"));
  try {
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(ROOT, file), path.join(dir, file));
    const ci = spawnSync("npm", ["ci", "--dry-run", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
    const missing = `${ci.stdout}\n${ci.stderr}`.split("\n").filter((line) => /Missing:|Invalid:|EUSAGE/.test(line));
    assert.equal(ci.status, 0, `npm ci would fail; run \`npm install --package-lock-only\` and commit package-lock.json:\n${missing.join("\n") || ci.stderr.slice(-800)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The packages that were missing before: the check above must cover them.
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  for (const name of ["@next/swc-darwin-arm64", "@next/swc-win32-x64-msvc", "@tailwindcss/oxide-darwin-arm64"]) {
    assert.ok(Object.keys(lock.packages).some((key) => key.endsWith(`node_modules/${name}`)), `${name} is recorded`);
  }
});
