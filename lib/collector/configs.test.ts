/**
 * The config book on captured answers: a poll without configs merges exactly as one with them,
 * an asset never read (new, or deleted and created again) sends the round back for configs, gone
 * assets are forgotten, and reads are due on the cadence and right after new assets appeared.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { failedOutcome, scenarioPolls, snapshotFrom } from "../model/__fixtures__/polls";
import type { Jsz } from "../sources/monitor-schemas";
import type { NodePoll } from "../sources/http-monitor";
import { withReports, type ReadPoll } from "../model/reports";
import { ConfigBook } from "./configs";

/** The polls as a round hands them on: their assets taken out. */
const read = (polls: NodePoll[]): ReadPoll[] => polls.map(withReports);

const T = Date.parse("2026-11-21T03:00:00Z");
const REFRESH_MS = 60_000;

/** The scenario's answers as a poll that did not ask for configs sees them: no `config` anywhere. */
function withoutConfigs(polls: NodePoll[]): NodePoll[] {
  for (const poll of polls) {
    if (!poll.jsz.ok) continue;
    for (const account of poll.jsz.data.account_details ?? [])
      for (const stream of account.stream_detail ?? []) {
        delete stream.config;
        for (const consumer of stream.consumer_detail ?? []) delete consumer.config;
      }
  }
  return polls;
}

/** Edits every node's answer (e.g. a consumer that is not there). */
function edited(polls: NodePoll[], edit: (jsz: Jsz) => void): NodePoll[] {
  for (const poll of polls) if (poll.jsz.ok) edit(poll.jsz.data);
  return polls;
}

const streamsOf = (jsz: Jsz) => (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
const dropConsumer = (name: string) => (jsz: Jsz) => {
  for (const stream of streamsOf(jsz)) stream.consumer_detail = stream.consumer_detail?.filter((c) => c.name !== name);
};

for (const version of ["2.9.10", "2.14.5"]) {
  describe(`config book on ${version} captures`, () => {
    test("a poll without configs merges into exactly the snapshot of one with them", () => {
      const book = new ConfigBook(REFRESH_MS);
      assert.deepEqual(book.take(read(scenarioPolls(version, "steady")), true, T), { complete: true, readAt: T });
      const bare = read(withoutConfigs(scenarioPolls(version, "steady")));
      assert.ok(bare[0].reports?.streams.every((s) => s.config === undefined), "the configs are gone before");
      assert.deepEqual(book.take(bare, false, T + 2000), { complete: true, readAt: T });
      assert.deepEqual(snapshotFrom(bare, null, T + 2000), snapshotFrom(scenarioPolls(version, "steady"), null, T + 2000));
    });

    test("an asset whose config was never read sends the round back for configs, and changes nothing", () => {
      const book = new ConfigBook(REFRESH_MS);
      book.take(read(edited(scenarioPolls(version, "steady"), dropConsumer("log-archiver"))), true, T);
      assert.deepEqual(book.take(read(withoutConfigs(scenarioPolls(version, "steady"))), false, T + 2000), { complete: false });
      const known = read(withoutConfigs(edited(scenarioPolls(version, "steady"), dropConsumer("log-archiver"))));
      assert.deepEqual(book.take(known, false, T + 4000), { complete: true, readAt: T }, "what was known is still attached");
      assert.ok(known[0].reports?.streams.length);
      assert.ok(known[0].reports?.streams.every((s) => s.config?.name === s.name));
    });

    test("a stream deleted and created again under its name (another creation time) is not given the old config", () => {
      const book = new ConfigBook(REFRESH_MS);
      book.take(read(scenarioPolls(version, "steady")), true, T);
      const recreated = withoutConfigs(
        edited(scenarioPolls(version, "steady"), (jsz) => {
          for (const s of streamsOf(jsz)) if (s.name === "LOGS") s.created = "2026-11-21T03:00:01Z";
        }),
      );
      assert.deepEqual(book.take(read(recreated), false, T + 2000), { complete: false });
    });

    test("an asset no poll reports any more is forgotten: back again, it is read again", () => {
      const book = new ConfigBook(REFRESH_MS);
      book.take(read(scenarioPolls(version, "steady")), true, T);
      const gone = withoutConfigs(edited(scenarioPolls(version, "steady"), dropConsumer("log-archiver")));
      assert.equal(book.take(read(gone), false, T + 2000).complete, true);
      assert.deepEqual(book.take(read(withoutConfigs(scenarioPolls(version, "steady"))), false, T + 4000), { complete: false });
    });

    test("reads are due a refresh after the last, and at the next poll after one that found new assets", () => {
      const book = new ConfigBook(REFRESH_MS);
      assert.equal(book.dueAt(), 0, "before anything was read");
      book.take(read(edited(scenarioPolls(version, "steady"), dropConsumer("log-archiver"))), true, T);
      assert.equal(book.dueAt(), T + REFRESH_MS, "the first read finds everything new, and that is no change");
      book.take(read(withoutConfigs(edited(scenarioPolls(version, "steady"), dropConsumer("log-archiver")))), false, T + 2000);
      assert.equal(book.dueAt(), T + REFRESH_MS, "a poll without configs moves nothing");
      book.take(read(scenarioPolls(version, "steady")), true, T + 4000);
      assert.equal(book.dueAt(), 0, "log-archiver appeared: assets may be coming and going");
      book.take(read(scenarioPolls(version, "steady")), true, T + 6000);
      assert.equal(book.dueAt(), T + 6000 + REFRESH_MS);
    });

    test("a round that asked but that no node answered reads nothing", () => {
      const book = new ConfigBook(REFRESH_MS);
      book.take(read(scenarioPolls(version, "steady")), true, T);
      const silent = scenarioPolls(version, "steady").map((p) => ({ ...p, jsz: failedOutcome("timeout", "no answer") }));
      assert.deepEqual(book.take(read(silent), true, T + 2000), { complete: true, readAt: T });
      assert.equal(book.dueAt(), T + REFRESH_MS);
      assert.equal(book.take(read(withoutConfigs(scenarioPolls(version, "steady"))), false, T + 4000).complete, true, "the configs read before are kept");
    });
  });
}
