/** Turns captured monitoring bodies (see README.md here) into the NodePolls the merge works on. */
import type { NodePoll } from "../../sources/http-monitor";
import { healthzSchema, jszSchema, varzSchema, type Jsz } from "../../sources/monitor-schemas";
import { buildSnapshot } from "../normalize";
import { withReports, type ReadPoll } from "../reports";
import { publishedSnapshot } from "../status";
import { DEFAULT_THRESHOLDS } from "../thresholds";
import type { EndpointOutcome } from "../../sources/outcome";
import type { ClusterSnapshot, MergedSnapshot } from "../types";
import { readFixture } from "./captured";

export { CAPTURED_VERSIONS, readFixture } from "./captured";

export interface FixtureMeta {
  version: string;
  nodes: string[];
  metaLeader: string;
  ordersLeaderBefore: string;
  ordersLeaderAfter?: string;
  stoppedOrKilled?: string;
}

export type JszEdit = (jsz: Jsz, node: string) => void;

export const fixtureUrl = (node: string) => `http://${node}.test:8222`;

export function fixtureMeta(version: string, scenario: string): FixtureMeta {
  return readFixture(version, scenario, "meta.json") as FixtureMeta;
}

export function failedOutcome(kind: "timeout" | "refused" | "auth-failed" | "bad-json", message: string): EndpointOutcome<never> {
  return { ok: false, kind, message, ms: 1 };
}

/** One node's poll from the capture, or the given failure for every endpoint. */
export function fixturePoll(version: string, scenario: string, node: string, opts: { down?: EndpointOutcome<never>; edit?: JszEdit } = {}): NodePoll {
  const url = fixtureUrl(node);
  if (opts.down) return { url, source: "http", varz: opts.down, jsz: opts.down, healthz: opts.down, polledAt: 0 };
  const ok = <T>(data: T) => ({ ok: true as const, data, status: 200, ms: 1, bytes: 1 });
  const jsz = jszSchema.parse(readFixture(version, scenario, `${node}.jsz.json`));
  opts.edit?.(jsz, node);
  return {
    url,
    source: "http",
    varz: ok(varzSchema.parse(readFixture(version, scenario, `${node}.varz.json`))),
    jsz: ok(jsz),
    healthz: ok(healthzSchema.parse(readFixture(version, scenario, `${node}.healthz.json`))),
    polledAt: 0,
  };
}

/** Every node of a scenario; the node the scenario stopped or killed fails with `down` (default: refused). */
export function scenarioPolls(version: string, scenario: string, opts: { down?: EndpointOutcome<never>; edit?: JszEdit } = {}): NodePoll[] {
  const meta = fixtureMeta(version, scenario);
  return meta.nodes.map((node) =>
    fixturePoll(version, scenario, node, {
      edit: opts.edit,
      down: node === meta.stoppedOrKilled ? (opts.down ?? failedOutcome("refused", "connection refused")) : undefined,
    }),
  );
}

/** The merge of `polls`, published without alerts as the next snapshot after `previous`. */
export function snapshotFrom(polls: (NodePoll | ReadPoll)[], previous: (MergedSnapshot & { seq?: number }) | null, collectedAt: number): ClusterSnapshot {
  const { snapshot } = buildSnapshot({
    cluster: "test",
    expectedNodes: 3,
    sources: { http: { urls: polls.length }, system: null },
    polls: polls.map((poll) => ("reports" in poll ? poll : withReports(poll))),
    previous,
    counters: new Map(),
    collectedAt,
    cycleMs: 5,
    pollIntervalMs: 2000,
    thresholds: DEFAULT_THRESHOLDS,
  });
  return publishedSnapshot(snapshot, [], (previous?.seq ?? 0) + 1);
}
