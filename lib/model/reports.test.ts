/**
 * Taking the assets out of each node's /jsz, on captured answers: every asset a node hosts is
 * reported, its figures only by its leader, and the answer itself is not changed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixtureMeta, fixturePoll, failedOutcome } from "./__fixtures__/polls";
import { withReports } from "./reports";
import type { Jsz } from "../sources/monitor-schemas";
import type { EndpointOutcome } from "../sources/outcome";

const VERSIONS = ["2.9.10", "2.15.3"];

const dataOf = (jsz: EndpointOutcome<Jsz>): Jsz => {
  assert.ok(jsz.ok, "the capture answered");
  return jsz.data;
};

for (const version of VERSIONS) {
  test(`${version}: every hosted asset is reported; figures only where the node leads it`, () => {
    const meta = fixtureMeta(version, "steady");
    for (const node of meta.nodes) {
      const poll = fixturePoll(version, "steady", node);
      const answer = dataOf(poll.jsz);
      const streams = (answer.account_details ?? []).flatMap((a) => (a.stream_detail ?? []).map((s) => ({ account: a.name, s })));
      const consumers = streams.flatMap(({ account, s }) => (s.consumer_detail ?? []).map((c) => ({ account, c })));
      const { reports } = withReports(poll);
      assert.ok(reports);
      assert.ok(streams.length > 0 && consumers.length > 0, "the capture has assets");
      assert.deepEqual(
        reports.streams.map((r) => [r.account, r.name, r.leader, r.created, r.config?.name]),
        streams.map(({ account, s }) => [account, s.name, s.cluster?.leader, s.created, s.config?.name]),
      );
      assert.deepEqual(
        reports.consumers.map((r) => [r.account, r.stream, r.name, r.leader]),
        consumers.map(({ account, c }) => [account, c.stream_name, c.name, c.cluster?.leader]),
      );
      for (const r of reports.streams) {
        if (r.leader === node) assert.equal(r.detail?.state.messages, streams.find(({ s }) => s.name === r.name)?.s.state.messages, `${node} leads ${r.name}`);
        else assert.equal(r.detail, null, `${node} follows ${r.name}: its figures are dropped`);
      }
      const led = reports.consumers.filter((r) => r.leader === node);
      assert.ok(led.every((r) => r.detail?.name === r.name));
      assert.ok(reports.consumers.filter((r) => r.leader !== node).every((r) => r.detail === null));
      // A kept stream's figures do not hold on to its consumers: they are reported on their own.
      assert.ok(reports.streams.every((r) => r.detail === null || !("consumer_detail" in r.detail)));
    }
  });

  test(`${version}: the poll keeps the node's and accounts' totals, without stream details; the answer is untouched`, () => {
    const node = fixtureMeta(version, "steady").nodes[0];
    const poll = fixturePoll(version, "steady", node);
    const before = JSON.stringify(poll);
    const read = withReports(poll);
    assert.equal(JSON.stringify(poll), before, "the answer passed in is not changed");
    const kept = dataOf(read.jsz);
    const original = dataOf(poll.jsz);
    assert.equal(kept.streams, original.streams);
    assert.equal(kept.meta_cluster?.leader, original.meta_cluster?.leader);
    assert.deepEqual(
      kept.account_details?.map((a) => [a.name, a.storage, a.memory]),
      original.account_details?.map((a) => [a.name, a.storage, a.memory]),
    );
    assert.ok(kept.account_details?.every((a) => a.stream_detail === undefined));
  });
}

test("a server that names no leader (not clustered) keeps its figures; a poll without /jsz or /varz has no reports", () => {
  const poll = fixturePoll("2.15.3", "steady", fixtureMeta("2.15.3", "steady").nodes[0], {
    edit: (jsz) => {
      for (const a of jsz.account_details ?? [])
        for (const s of a.stream_detail ?? []) {
          s.cluster = undefined;
          for (const c of s.consumer_detail ?? []) c.cluster = undefined;
        }
    },
  });
  const { reports } = withReports(poll);
  assert.ok(reports && reports.streams.length > 0);
  assert.ok(reports.streams.every((r) => r.detail !== null && r.leader === undefined));
  assert.ok(reports.consumers.every((r) => r.detail !== null));
  assert.equal(withReports({ ...poll, jsz: failedOutcome("timeout", "no answer") }).reports, null);
  assert.equal(withReports({ ...poll, varz: failedOutcome("refused", "connection refused") }).reports, null);
});
