/** For the configuration's tests: a password hash, a stand-in secret generator, and the problems a rejected configuration names. */
import assert from "node:assert/strict";
import { ConfigError, parseConfig } from "../config";

export const HASH = "$2b$10$DTO66zmWvjrEp739JyTGBeccsPea69vFKPHiATOtErfh0/ewkp5UW";
export const secret = () => "generated-secret-generated-secret-0123";

export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env, secret);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
    return err.problems;
  }
  assert.fail("expected the config to be rejected");
}
