/**
 * The shapes the simulator answers with, taken from JSON captured from real servers
 * (lib/model/__fixtures__/<version>/steady, see its README): for each kind of object, every key
 * any captured instance has, in the order the server printed them, with the first captured value.
 * The simulator overrides the values it simulates and prints the rest as captured, so field
 * names, nesting and key order are the real server's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { CAPTURED_VERSIONS, FIXTURES_DIR } from "../../lib/model/__fixtures__/captured";

const SCENARIO = "steady";

export type JsonObject = Record<string, unknown>;

export interface Templates {
  version: string;
  /** The meta leader's /varz (its `jetstream.meta` has `replicas`). */
  varz: JsonObject;
  /** /jsz's top level (its `account_details` as captured; the simulator always replaces it). */
  jsz: JsonObject;
  metaCluster: JsonObject;
  account: JsonObject;
  stream: JsonObject;
  /** `cluster` of a replicated stream or consumer (`leader_since` included where the version has it). */
  cluster: JsonObject;
  /** `cluster` of an R1 asset. */
  clusterR1: JsonObject;
  peer: JsonObject;
  streamConfig: JsonObject;
  streamState: JsonObject;
  consumer: JsonObject;
  consumerConfig: JsonObject;
  sequence: JsonObject;
  healthz: JsonObject;
}

export function readCaptured(version: string, file: string): JsonObject {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, version, SCENARIO, file), "utf8")) as JsonObject;
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const objects = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

/**
 * One object with every key of `instances`, in an order consistent with each of them (a key
 * missing from the first goes right after its predecessor in the instance that has it).
 */
export function mergeShapes(instances: JsonObject[]): JsonObject {
  const keys: string[] = [];
  for (const instance of instances) {
    let after = -1;
    for (const key of Object.keys(instance)) {
      const at = keys.indexOf(key);
      if (at >= 0) after = at;
      else keys.splice(++after, 0, key);
    }
  }
  const merged: JsonObject = {};
  for (const key of keys) merged[key] = instances.find((instance) => key in instance)?.[key];
  return merged;
}

interface Captured {
  node: string;
  varz: JsonObject;
  jsz: JsonObject;
  healthz: JsonObject;
}

function need<T>(what: string, version: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`the ${version} capture has no ${what} to take a template from`);
  return value;
}

export function loadTemplates(version: string): Templates {
  if (!CAPTURED_VERSIONS.includes(version)) {
    throw new Error(`no captured ${version} answers under ${FIXTURES_DIR} (have: ${CAPTURED_VERSIONS.join(", ") || "none"})`);
  }
  const meta = readCaptured(version, "meta.json") as { nodes: string[]; metaLeader: string };
  const captured: Captured[] = meta.nodes.map((node) => ({
    node,
    varz: readCaptured(version, `${node}.varz.json`),
    jsz: readCaptured(version, `${node}.jsz.json`),
    healthz: readCaptured(version, `${node}.healthz.json`),
  }));
  const leader = need("meta leader", version, captured.find((c) => c.node === meta.metaLeader));

  const accounts = captured.flatMap((c) => objects(c.jsz.account_details));
  const streams = accounts.flatMap((a) => objects(a.stream_detail));
  const consumers = streams.flatMap((s) => objects(s.consumer_detail));
  const clusters = [...streams, ...consumers].map((entity) => entity.cluster).filter(isObject);
  const replicated = clusters.filter((cluster) => objects(cluster.replicas).length > 0);
  const single = clusters.filter((cluster) => !("replicas" in cluster));
  const peers = [...replicated.flatMap((cluster) => objects(cluster.replicas)), ...objects((leader.jsz.meta_cluster as JsonObject)?.replicas)];

  const stream = mergeShapes(streams);
  const consumer = mergeShapes(consumers);
  return {
    version,
    varz: leader.varz,
    jsz: leader.jsz,
    metaCluster: mergeShapes(captured.map((c) => c.jsz.meta_cluster).filter(isObject)),
    account: need("account_details entry", version, accounts.length ? mergeShapes(accounts) : undefined),
    stream: need("stream_detail entry", version, streams.length ? stream : undefined),
    cluster: need("replicated stream or consumer", version, replicated.length ? mergeShapes(replicated) : undefined),
    clusterR1: single.length ? mergeShapes(single) : { name: "", leader: "" },
    peer: mergeShapes(peers),
    streamConfig: mergeShapes(streams.map((s) => s.config).filter(isObject)),
    streamState: mergeShapes(streams.map((s) => s.state).filter(isObject)),
    consumer: need("consumer_detail entry", version, consumers.length ? consumer : undefined),
    consumerConfig: mergeShapes(consumers.map((c) => c.config).filter(isObject)),
    sequence: mergeShapes(consumers.flatMap((c) => [c.delivered, c.ack_floor]).filter(isObject)),
    healthz: leader.healthz,
  };
}

/**
 * Keeps only the keys the version has: those of its template, and those of the Go struct (`order`)
 * that every version prints when set.
 */
export function known(template: JsonObject, values: JsonObject, order: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(values)) if (key in template || order.includes(key)) out[key] = values[key];
  return out;
}

/**
 * `template` with `values` put in: keys in the template's order, a value `undefined` leaves its key
 * out (Go's omitempty), a key the simulator does not set keeps the captured value. Keys the
 * template lacks (a field no captured instance had, e.g. a `lag` of a replica that was current)
 * go where `order` (the Go struct's field order) puts them.
 */
export function fill(template: JsonObject, values: JsonObject, order: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  let keys: string[] | null = null;
  for (const key in values) {
    if (key in template) continue;
    if (!order.includes(key)) throw new Error(`"${key}" is in no captured instance and has no known place`);
    keys ??= Object.keys(template);
    // Before the first template key that the Go struct puts after it.
    const rank = order.indexOf(key);
    const before = keys.findIndex((k) => order.indexOf(k) > rank);
    keys.splice(before < 0 ? keys.length : before, 0, key);
  }
  for (const key of keys ?? Object.keys(template)) {
    if (!(key in values)) out[key] = template[key];
    else if (values[key] !== undefined) out[key] = values[key];
  }
  return out;
}
