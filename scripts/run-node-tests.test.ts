import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..");

test("the test runner reports every verdict of a file that leaves a handle open, its failure by name (force exit drops none)", () => {
  // Inside the checkout, so that the test processes find tsx; named so that no tier picks it up.
  mkdirSync(path.join(ROOT, "node_modules", ".cache"), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, "node_modules", ".cache", "verdicts-"));
  try {
    // Long names fill the pipe that carries the verdicts, and the interval keeps the process alive until the forced exit.
    writeFileSync(
      path.join(dir, "many.verdicts.mjs"),
      `import { test } from "node:test";
const long = "x".repeat(20000);
setInterval(() => {}, 60_000);
for (let i = 1; i <= 12; i++) test("t" + i + " " + long, () => { if (i === 12) throw new Error("the twelfth failed"); });
`,
    );
    for (let run = 0; run < 2; run++) {
      const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "run-node-tests.ts"), ".verdicts.mjs"], {
        cwd: dir,
        encoding: "utf8",
        timeout: 60_000,
        killSignal: "SIGKILL",
        // Not as a test process of this run: a runner started from one would report to it instead.
        env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      });
      assert.equal(result.signal, null, `the runner ended by itself (run ${run + 1})`);
      const out = result.stdout + result.stderr;
      assert.equal(result.status, 1, "a failing test fails the run");
      assert.match(out, /^ℹ tests 12$/m, `every verdict reported (run ${run + 1})`);
      assert.match(out, /^ℹ fail 1$/m);
      assert.match(out, /the twelfth failed/, "the failure is reported with its error");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
