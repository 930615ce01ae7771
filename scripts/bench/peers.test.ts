import assert from "node:assert/strict";
import { test } from "node:test";
import { sampleValue, type ApiCost } from "./api-cost";
import { answerSizeText, PEER_TABLE_HEADER, peerTable, REFERENCE_PROBE } from "./peer-table";
import { childCpuMsFromTimes, serverUpkeep, unavailableReason, type PeerMeasure } from "./peers";

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
  return { id, tool, as: "", answers: "", command: "", wallMs, cpuMs: wallMs, serverCpuMs, outputBytes: [1000], receivedBytes: [], incomplete: [], failures: [] };
}

test("the servers' upkeep: one rate over all the pauses, and how much it varies between them", () => {
  // 1.2 and 0.8 cores over equal pauses: 1.0 core; a long pause weighs more than a short one.
  const even = serverUpkeep([
    { cpuMs: 1200, ms: 1000 },
    { cpuMs: 800, ms: 1000 },
  ]);
  assert.ok(Math.abs(even.cores - 1) < 1e-9);
  assert.ok(Math.abs(even.spreadCores - Math.sqrt(0.08)) < 1e-9);
  assert.ok(Math.abs(serverUpkeep([{ cpuMs: 300, ms: 1000 }, { cpuMs: 3000, ms: 3000 }]).cores - 0.825) < 1e-9);
  assert.deepEqual(serverUpkeep([]), { cores: 0, spreadCores: 0 });
  assert.deepEqual(serverUpkeep([{ cpuMs: 500, ms: 1000 }]), { cores: 0.5, spreadCores: 0 });
});

test("the peer table: ratios of medians to the collector's cycle via nginx; peers that could not be got are listed", () => {
  const table = peerTable(
    {
      rounds: 3,
      serverRestPercent: 120,
      // ±2 × 12 % × 200 ms / √3 = ±27.7 ms for the reference, ±69.3 ms for a 500 ms answer
      serverRestSpreadPercent: 12,
      toolVersions: {},
      unavailable: [{ tool: "nats-surveyor 0.9.9", reason: "go install failed" }],
      measures: [
        { ...measure(REFERENCE_PROBE, "dashboard", [100, 200, 300], [50, 60, 70]), incomplete: ["n1 jsz: timeout"] },
        { ...measure("natscli stream report", "natscli", [400, 500, 900], [120, 130, 500]), failures: ["exit 1: timeout"] },
        measure("natscli server report jetstream", "natscli", [400, 500, 900], [-90, 60, 65]),
      ],
    },
    null,
  );
  const column = (name: string) => PEER_TABLE_HEADER.indexOf(name);
  const [reference, natscli, withinNoise, surveyor] = table.rows;
  assert.deepEqual(reference.slice(-2), ["1.00×", "1.00×"]);
  assert.equal(reference[column("nats-servers' CPU")], "60.0 ms (±27.7 ms)");
  assert.equal(reference[column("complete answers")], "2 of 3");
  assert.equal(natscli[0], "natscli: stream report");
  assert.deepEqual(natscli.slice(-2), ["2.50×", "2.17×"]);
  assert.equal(natscli[column("complete answers")], "3 of 4");
  assert.equal(withinNoise[column("nats-servers' CPU")], "within noise (60.0 ms, ±69.3 ms)");
  assert.deepEqual(withinNoise.slice(-2), ["2.50×", "n/a"]);
  assert.equal(surveyor[0], "nats-surveyor 0.9.9");
  assert.equal(surveyor[2], "not measured (see below)");
  assert.equal(surveyor.length, PEER_TABLE_HEADER.length);
  assert.ok(table.notes.includes("nats-surveyor 0.9.9 not measured: go install failed"), table.notes.join("\n"));
  assert.ok(table.notes.some((note) => note.startsWith("natscli stream report: 1 of 4 runs gave no answer, not timed")), table.notes.join("\n"));
  assert.ok(table.notes.some((note) => note.startsWith(`${REFERENCE_PROBE}: 1 of 3 answers lacked part of the cluster, timed like the others`)), table.notes.join("\n"));
});

test("an answer's size says whether it was compressed on the wire", () => {
  const cost = (decodedBytes: number[], wireBytes: number[]): ApiCost => ({ label: "", answers: "", command: "", wallMs: [], dashboardCpuMs: [], decodedBytes, wireBytes, snapshotAgeMs: [], series: null, selfReportedMs: [], failures: [] });
  assert.equal(answerSizeText(cost([5_310_000], [5_310_000])), "5.31 MB (not compressed)");
  assert.equal(answerSizeText(cost([3_380_000], [95_100])), "3.38 MB (95.1 kB gzip)");
  assert.equal(answerSizeText(cost([], [])), "n/a");
});
