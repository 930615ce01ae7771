/**
 * The paths README.md and CONTRIBUTING.md name exist, so the docs cannot drift from the tree:
 * every backticked repository path (`lib/view/storage.ts`, and `model/trouble.ts` for a path
 * inside lib/), and every entry of the README's Layout block with the files and folders its
 * description names.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", ".next", ".git", ".data", ".scratch", "test-results", "playwright-report"]);
const DOCS = ["README.md", "CONTRIBUTING.md"];

/** A path, or a module named the way imports name it (`lib/hub` for lib/hub.ts). */
const exists = (rel: string) => ["", ".ts", ".tsx"].some((ext) => existsSync(path.join(ROOT, rel + ext)));
const isDir = (rel: string) => existsSync(path.join(ROOT, rel)) && statSync(path.join(ROOT, rel)).isDirectory();
const topDirs = readdirSync(ROOT).filter((name) => !SKIP.has(name) && isDir(name));
const libDirs = readdirSync(path.join(ROOT, "lib")).filter((name) => isDir(`lib/${name}`));

/** Every file and folder under `dir` (relative to the root), folders with a trailing slash. */
function entries(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => !SKIP.has(e.name))
    .flatMap((e) => {
      const rel = path.posix.join(dir, e.name);
      return e.isDirectory() ? [`${rel}/`, ...entries(rel)] : [rel];
    });
}

/** Backticked text that names a path in the repository; placeholders and patterns are left out. */
function namedPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\s]+)`/g)]
    .map(([, token]) => token.replace(/[#:].*$/, ""))
    .filter((token) => token.includes("/") && !/[<>*…{}$?=]/.test(token))
    .flatMap((token) => {
      const first = token.split("/")[0];
      if (topDirs.includes(first)) return [token];
      if (libDirs.includes(first)) return [`lib/${token}`];
      return [];
    });
}

test("every repository path the README and CONTRIBUTING name in backticks exists", () => {
  const missing = DOCS.flatMap((doc) => namedPaths(readFileSync(path.join(ROOT, doc), "utf8")).filter((p) => !exists(p)).map((p) => `${doc}: ${p}`));
  assert.deepEqual(missing, []);
});

test("the README's Layout block names only what is in the tree", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = /## Layout\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, "README.md has a Layout section with a code block");
  const missing: string[] = [];
  let base = "";
  for (const line of block.split("\n").filter(Boolean)) {
    let description = line;
    if (!line.startsWith(" ")) {
      const [entry] = line.split(/\s+/, 1);
      if (!existsSync(path.join(ROOT, entry))) missing.push(entry);
      base = entry.endsWith("/") ? entry.slice(0, -1) : path.posix.dirname(entry);
      description = line.slice(entry.length);
    }
    // What a description names must be under its entry (or at the root, like instrumentation.ts).
    const under = base === "." ? entries(".") : [...entries(base), ...readdirSync(ROOT).map((name) => (isDir(name) ? `${name}/` : name))];
    const names = description.match(/(?<![\w/.-])(?:(?:\([\w-]+\)|[\w-]+)\/|[\w.-]+\.(?:tsx?|cjs|mjs|json|sh|txt|css|yml))/g) ?? [];
    for (const name of names) if (!under.some((e) => e === name || e.endsWith(`/${name}`))) missing.push(`${base}: ${name}`);
  }
  assert.deepEqual(missing, []);
});
