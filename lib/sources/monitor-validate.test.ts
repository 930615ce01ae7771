import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { CAPTURED_VERSIONS, FIXTURES_DIR, readFixture } from "../model/__fixtures__/captured";
import { connzSchema, healthzSchema, jszSchema, varzSchema } from "./monitor-schemas";
import { checkAnswer, type MonitorAnswer } from "./monitor-validate";

const ZOD = { varz: varzSchema, jsz: jszSchema, healthz: healthzSchema, connz: connzSchema } as const;

describe("the compiled validators accept what zod accepts, and the same objects", () => {
  for (const version of CAPTURED_VERSIONS) {
    for (const scenario of readdirSync(path.join(FIXTURES_DIR, version))) {
      test(`${version} ${scenario}`, () => {
        const files = readdirSync(path.join(FIXTURES_DIR, version, scenario)).filter((f) => /\.(varz|jsz|healthz|connz)\.json$/.test(f));
        assert.ok(files.length >= 3, "captured answers to check");
        for (const file of files) {
          const answer = file.split(".")[1] as MonitorAnswer;
          const data = readFixture(version, scenario, file);
          const checked = checkAnswer(answer, data);
          assert.ok(checked.ok, `${file}: ${checked.ok ? "" : checked.message}`);
          // In place: the answer is the parsed object itself, equal to what zod's copy holds.
          assert.equal(checked.data, data);
          assert.deepEqual(checked.data, ZOD[answer].parse(data));
        }
      });
    }
  }
});

// The mutations reach into captured JSON by hand, the way a broken server would change it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

type Mutation = [what: string, answer: MonitorAnswer, change: (body: Body) => void, problem: RegExp | null];

const stream = (jsz: Body) => jsz.account_details[0].stream_detail[0];

const MUTATIONS: Mutation[] = [
  ["a stream's message count as a string", "jsz", (j) => (stream(j).state.messages = "12"), /^unexpected JSON shape at account_details\.0\.stream_detail\.0\.state\.messages: must be number$/],
  ["a stream without a name", "jsz", (j) => delete stream(j).name, /at account_details\.0\.stream_detail\.0\.name: is missing$/],
  ["a stream without its state", "jsz", (j) => delete stream(j).state, /at account_details\.0\.stream_detail\.0\.state: is missing$/],
  ["metadata that is not strings", "jsz", (j) => (stream(j).config = { metadata: { team: 7 } }), /at account_details\.0\.stream_detail\.0\.config\.metadata\.team: must be string$/],
  ["a replica's lag as null", "jsz", (j) => (stream(j).cluster.replicas[0].lag = null), /cluster\.replicas\.0\.lag: must be number$/],
  ["account_details as an object", "jsz", (j) => (j.account_details = {}), /^unexpected JSON shape at account_details: must be array$/],
  ["a meta group as an array", "jsz", (j) => (j.meta_cluster = []), /^unexpected JSON shape at meta_cluster: must be object$/],
  ["null where the servers send null", "jsz", (j) => (stream(j).consumer_detail = null), null],
  ["fields the dashboard does not read, of any type", "jsz", (j) => Object.assign(stream(j), { future_field: [1, "x", null] }), null],
  ["no server_id in /varz", "varz", (v) => delete v.server_id, /^unexpected JSON shape at server_id: is missing$/],
  ["a healthz status as a number", "healthz", (h) => (h.status = 200), /^unexpected JSON shape at status: must be string$/],
];

describe("a bad answer names its first wrong field, where zod rejects it too", () => {
  for (const [what, answer, change, problem] of MUTATIONS) {
    test(what, () => {
      const body = structuredClone(readFixture("2.15.3", "steady", `n1.${answer}.json`)) as Body;
      change(body);
      const checked = checkAnswer(answer, body);
      assert.equal(ZOD[answer].safeParse(body).success, problem === null, "zod agrees");
      if (problem === null) assert.ok(checked.ok, checked.ok ? "" : checked.message);
      else {
        assert.equal(checked.ok, false);
        if (!checked.ok) assert.match(checked.message, problem);
      }
    });
  }
});
