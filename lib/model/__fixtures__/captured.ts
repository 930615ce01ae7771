/** Where the captured monitoring bodies live (see README.md here) and which versions they cover. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURES_DIR = __dirname;

/** "2.14.5" → [2, 14, 5], for the numeric order in which 2.10 comes after 2.9. */
const numbers = (version: string) => version.split(".").map(Number);

function byVersion(a: string, b: string): number {
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Every version captured here (a directory with a steady scenario), oldest first. */
export const CAPTURED_VERSIONS: readonly string[] = readdirSync(FIXTURES_DIR)
  .filter((entry) => existsSync(path.join(FIXTURES_DIR, entry, "steady", "meta.json")))
  .sort(byVersion);

export function readFixture(version: string, scenario: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, version, scenario, file), "utf8"));
}
