import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// lib/'s layers (lib/layers.json; CONTRIBUTING.md "Layers"): each folder may import only the layers below it.
const { layers } = JSON.parse(readFileSync(path.join(ROOT, "lib/layers.json"), "utf8"));
const unitPath = (unit) => (existsSync(path.join(ROOT, `lib/${unit}.ts`)) ? `./lib/${unit}.ts` : `./lib/${unit}`);
const layerZones = layers
  .flatMap((units, i) =>
    units.map((unit) => ({
      target: unitPath(unit),
      from: layers.flat().filter((other) => other !== unit && layers.findIndex((l) => l.includes(other)) >= i).map(unitPath),
      message: `lib/${unit} is layer ${i + 1} of lib/layers.json: it may import only from the layers below it (CONTRIBUTING.md, "Layers").`,
    })),
  )
  .filter((zone) => zone.from.length > 0);

const outsideLib = {
  target: "./lib",
  from: ["./app", "./components", "./scripts", "./test", "./e2e"],
  message: "lib/ is imported by app/, components/, scripts/ and the tests, never the other way round (CONTRIBUTING.md, \"Layers\").",
};
const testCode = {
  target: "./lib",
  from: ["./lib/**/__fixtures__/**", "./lib/**/*.fixture.ts", "./lib/**/*.test.ts"],
  message: "production code does not import test code.",
};
// The rest of the tree (CONTRIBUTING.md, "Layers"): app → components → lib ← scripts, test.
const aboveLib = [
  { target: "./components", from: ["./app"], message: "components/ is shared by the pages of app/ and never imports them." },
  { target: ["./app", "./components"], from: ["./scripts", "./test", "./e2e"], message: "the app does not import scripts or test code." },
  {
    target: ["./scripts", "./test/harness"],
    from: ["./test/integ", "./e2e"],
    message: "scripts/ and the harness may use test/harness, never the tests themselves.",
  },
];
const TESTS = ["**/*.test.ts", "**/*.fixture.ts", "**/__fixtures__/**"];
const restrict = (zones) => ({ "import/no-restricted-paths": ["error", { basePath: ROOT, zones }] });

const config = [
  ...nextVitals,
  ...nextTs,
  // CommonJS files (deploy/start.cjs) load modules with require(): that is what .cjs means.
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".scratch/**", ".data/**"] },
  // Playwright fixtures hand their value on with a callback named `use`; it is no React hook.
  { files: ["e2e/**/*.ts"], rules: { "react-hooks/rules-of-hooks": "off" } },
  // Every file in lib/, its unit tests too, stays inside lib/; production code is held to the layers as well.
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], rules: restrict([outsideLib]) },
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], ignores: TESTS, rules: restrict([outsideLib, testCode, ...layerZones]) },
  { files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx", "scripts/**/*.ts", "test/harness/**/*.ts"], ignores: TESTS, rules: restrict(aboveLib) },
];
export default config;
