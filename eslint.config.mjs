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
  message: "lib/ is imported by app/, components/ and scripts/, never the other way round; test code stays out of it.",
};
const testCode = {
  target: "./lib",
  from: ["./lib/**/__fixtures__/**", "./lib/**/*.fixture.ts", "./lib/**/*.test.ts", "./lib/**/*.integ.ts"],
  message: "production code does not import test code.",
};
const TESTS = ["lib/**/*.test.ts", "lib/**/*.integ.ts", "lib/**/*.fixture.ts", "lib/**/__fixtures__/**"];
const restrict = (zones) => ({ "import/no-restricted-paths": ["error", { basePath: ROOT, zones }] });

const config = [
  ...nextVitals,
  ...nextTs,
  // CommonJS files (deploy/start.cjs) load modules with require(): that is what .cjs means.
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".scratch/**", ".data/**"] },
  // Temporary: the integration tests still live in lib/ and start clusters with scripts/harness/*;
  // they are left out until they move to a test/ tree of their own.
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], ignores: ["lib/**/*.integ.ts"], rules: restrict([outsideLib]) },
  // Production code is held to the layers too; tests are not.
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], ignores: TESTS, rules: restrict([outsideLib, testCode, ...layerZones]) },
];
export default config;
