import assert from "node:assert/strict";
import { test } from "node:test";
import { sampleValue } from "./api-cost";
import { peerTable, REFERENCE_PROBE } from "./peer-table";
import { childCpuMsFromTimes, unavailableReason, type PeerMeasure } from "./peers";

test("bash's times: the children's line (user + system) is the tool's process tree", () => {
  assert.equal(childCpuMsFromTimes("0m0.004s 0m0.008s\n0m0.120s 0m0.030s\n"), 150);
  assert.equal(childCpuMsFromTimes("0m0.000s 0m0.001s\n1m2.500s 0m0.250s"), 62_750);
  assert.throws(() => childCpuMsFromTimes(""), /cannot read bash's times/);
});

test("a peer that could not be built says why in one line, without the proxy's address", () => {
  const refused = unavailableReason({
    plan: { need: { tool: "nats-surveyor" }, label: "nats-surveyor 0.9.9", routes: [], howTo: [] },
    failures: [
      "go install: go install github.com/nats-io/nats-surveyor@v0.9.9 exited with code 1; its output is in /c/build-0.9.9.log\n" +
        "    go: github.com/nats-io/nats-surveyor@v0.9.9: reading https://proxy.example/github.com/nats-io/nats-surveyor/@v/v0.9.9.info: 403 Forbidden\n" +
        "    \tserver response: This module version is not available.",
    ],
  });
  assert.equal(refused, 'go install failed: the Go module proxy answered 403 Forbidden, "This module version is not available."');
  const noGo = unavailableReason({ plan: { need: { tool: "natscli" }, label: "natscli 0.5.0", routes: [], howTo: ["install Go (https://go.dev/dl/), then run this again"] }, failures: [] });
  assert.match(noGo, /^natscli 0\.5\.0 is not installed: install Go/);
});

test("a sample's value is read from the scrape by name and cluster", () => {
  const text = '# HELP jsw_snapshot_age_seconds x\njsw_snapshot_age_seconds{cluster="other"} 9\njsw_snapshot_age_seconds{cluster="bench"} 1.25\n';
  assert.equal(sampleValue(text, "jsw_snapshot_age_seconds", "bench"), 1.25);
  assert.equal(sampleValue(text, "jsw_snapshot_age_seconds", "missing"), null);
});

function measure(id: string, tool: string, wallMs: number[], serverCpuMs: number[]): PeerMeasure {
  return { id, tool, as: "", answers: "", command: "", wallMs, cpuMs: wallMs, serverCpuMs, outputBytes: [1000], failures: [] };
}

test("the peer table: ratios of medians to the collector's cycle via nginx; peers that could not be got are listed", () => {
  const table = peerTable(
    {
      rounds: 3,
      serverRestPercent: 12,
      toolVersions: {},
      unavailable: [{ tool: "nats-surveyor 0.9.9", reason: "go install failed" }],
      measures: [
        measure(REFERENCE_PROBE, "dashboard", [100, 200, 300], [50, 60, 70]),
        { ...measure("natscli stream report", "natscli", [400, 500, 900], [120, 130, 500]), failures: ["exit 1: timeout"] },
      ],
    },
    null,
  );
  const [reference, natscli, surveyor] = table.rows;
  assert.deepEqual(reference.slice(-2), ["1.00×", "1.00×"]);
  assert.equal(natscli[0], "natscli: stream report");
  assert.deepEqual(natscli.slice(-2), ["2.50×", "2.17×"]);
  assert.equal(surveyor[0], "nats-surveyor 0.9.9");
  assert.equal(surveyor[2], "not measured (see below)");
  assert.ok(table.notes.includes("nats-surveyor 0.9.9 not measured: go install failed"), table.notes.join("\n"));
  assert.ok(table.notes.some((note) => note.startsWith("natscli stream report: 1 of 4 runs failed")), table.notes.join("\n"));
});
