import assert from "node:assert/strict";
import { test } from "node:test";
import { CONSUMERS_LIST } from "@/app/(dashboard)/consumers/list";
import { placementList } from "@/app/(dashboard)/placement/list";
import { STREAMS_LIST } from "@/app/(dashboard)/streams/list";
import { scenarioPolls, snapshotFrom } from "@/lib/model/__fixtures__/polls";
import { FIRST_PAINT_ROWS } from "@/lib/view/first-paint";
import { consumer, stream } from "@/lib/view/assets.fixture";
import { livePreview, type LiveListSpec } from "./live-list";

const polled = snapshotFrom(scenarioPolls("2.14.5", "steady"), null, Date.parse("2026-01-01T00:00:00Z"));
const many = Array.from({ length: 75 }, (_, i) => stream(`S${String(i).padStart(3, "0")}`, { account: i % 3 ? "APP" : "B", bytes: i }));
const snapshot = {
  ...polled,
  streams: [...polled.streams, ...many],
  consumers: [...polled.consumers, ...many.map((s, i) => consumer(s.name, `c${i}`, { account: s.account, stalled: i % 10 === 0 }))],
};

/** The server's preview against what the browser shows once the live stream brings the whole list. */
function assertPreviewIsHeadOfLive<Asset, Query, Row, Facets>(name: string, spec: LiveListSpec<Asset, Query, Row, Facets>, query: string) {
  const params = new URLSearchParams(query);
  const assets = spec.assets(snapshot);
  const facets = spec.facets(assets);
  const rows = spec.rows(assets, spec.parse(params), facets);
  const preview = livePreview(spec, snapshot, Object.fromEntries(params));
  assert.deepEqual(preview.rows, rows.slice(0, FIRST_PAINT_ROWS), name);
  assert.equal(preview.matched, rows.length, name);
  assert.equal(preview.total, assets.length, name);
  assert.deepEqual(preview.facets, facets, name);
}

test("the server's first paint is the head of the live list, with the same counts and facets", () => {
  assertPreviewIsHeadOfLive("streams, default order", STREAMS_LIST, "");
  assertPreviewIsHeadOfLive("streams of one account, by bytes", STREAMS_LIST, "account=B&sort=bytes&dir=desc");
  assertPreviewIsHeadOfLive("streams searched", STREAMS_LIST, "q=S00");
  assertPreviewIsHeadOfLive("consumers flagged only", CONSUMERS_LIST, "flagged=1");
  assertPreviewIsHeadOfLive("consumers of a stream", CONSUMERS_LIST, "stream=S001");
  assertPreviewIsHeadOfLive("placement searched", placementList(snapshot.nodes.map((n) => n.name)), "q=S");
});

test("a preview holds only the rows in view, and says how many more there are", () => {
  const preview = livePreview(STREAMS_LIST, snapshot, {});
  assert.equal(preview.rows.length, FIRST_PAINT_ROWS);
  assert.equal(preview.total, snapshot.streams.length);
  assert.equal(preview.matched, snapshot.streams.length);
  assert.deepEqual(preview.facets.accounts, [...new Set(snapshot.streams.map((s) => s.account))].sort());
  const consumers = livePreview(CONSUMERS_LIST, snapshot, { account: "B" });
  assert.equal(consumers.matched, 25);
  assert.equal(consumers.facets.flagged, snapshot.consumers.filter((c) => c.stalled || c.fallingBehind).length);
});
