/**
 * lib/'s import graph, computed from the sources: every production file imports only from layers
 * below its own (lib/layers.json; CONTRIBUTING.md, "Layers") and no test code, and no file in lib/,
 * tests included, imports from outside it (app/, components/, scripts/, test/, e2e/). The lint
 * rule checks each import as it is written; this checks the whole graph.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { layers } from "./layers.json";

const LIB = __dirname;
const isTestCode = (rel: string) => /\.(test|integ|fixture)(\.tsx?)?$|(^|\/)__fixtures__\//.test(rel);
/** The folder a lib/ path is in, or the file's name for a file at lib/'s root. */
const unitOf = (rel: string) => (rel.includes("/") ? rel.split("/")[0] : rel.replace(/\.tsx?$/, ""));
const layerOf = new Map(layers.flatMap((units, i) => units.map((unit) => [unit, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** Where each relative (or `@/`) import of a file in lib/ points, relative to lib/. */
function importsOf(file: string): { spec: string; to: string }[] {
  return ts
    .preProcessFile(readFileSync(file, "utf8"), true, true)
    .importedFiles.map(({ fileName: spec }) => {
      const target = spec.startsWith("@/") ? path.resolve(LIB, "..", spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : null;
      return target === null ? null : { spec, to: path.relative(LIB, target) };
    })
    .filter((i) => i !== null);
}

/** "lib/x.ts (unit, layer n) imports '…'" for every import that does not go down the stack. */
function wrongImports(): string[] {
  const wrong: string[] = [];
  for (const file of sources(LIB)) {
    const rel = path.relative(LIB, file);
    if (isTestCode(rel)) continue;
    const from = unitOf(rel);
    const fromLayer = layerOf.get(from);
    if (fromLayer === undefined) {
      wrong.push(`lib/${rel}: "${from}" is in no layer of lib/layers.json`);
      continue;
    }
    for (const { spec, to } of importsOf(file)) {
      const toLayer = layerOf.get(unitOf(to));
      if (to.startsWith("..")) wrong.push(`lib/${rel} imports "${spec}", outside lib/`);
      else if (isTestCode(to)) wrong.push(`lib/${rel} imports test code "${spec}"`);
      else if (unitOf(to) !== from && !(toLayer !== undefined && toLayer < fromLayer))
        wrong.push(`lib/${rel} (${from}, layer ${fromLayer + 1}) imports "${spec}" (${unitOf(to)}, layer ${toLayer === undefined ? "none" : toLayer + 1})`);
    }
  }
  return wrong;
}

test("every production import in lib/ goes down the stack of layers", () => {
  assert.deepEqual(wrongImports(), []);
});

test("lib/'s own tests import nothing outside lib/: not the harness in test/, not scripts/", () => {
  const outside = sources(LIB)
    .filter((file) => isTestCode(path.relative(LIB, file)))
    .flatMap((file) => importsOf(file).filter(({ to }) => to.startsWith("..")).map(({ spec }) => `lib/${path.relative(LIB, file)} imports "${spec}"`));
  assert.deepEqual(outside, []);
});
