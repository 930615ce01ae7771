/**
 * The simulator answers as the captured servers did: its answers pass the dashboard's own schemas,
 * and at every level of /varz and /jsz it has the keys the captured answers of the same version
 * have, and no key they lack.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { healthzSchema, jszSchema, varzSchema } from "../../lib/sources/monitor-schemas";
import { CAPTURED_VERSIONS } from "../../lib/model/__fixtures__/captured";
import { readCaptured } from "./templates";
import { FULL_JSZ, get, withSimulator } from "./testing";

/** Keys of objects whose keys are data, not fields (request paths, metadata, feature flags). */
const MAP_VALUED = /(^|\.)(http_req_stats|metadata|feature_flags)$/;

/** Every object's keys, by path; array items share their array's path with "[]". */
function shapes(value: unknown, path = "", out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(value)) for (const item of value) shapes(item, `${path}[]`, out);
  else if (value !== null && typeof value === "object") {
    if (MAP_VALUED.test(path)) return out;
    const keys = out.get(path) ?? new Set<string>();
    out.set(path, keys);
    for (const [key, child] of Object.entries(value)) {
      keys.add(key);
      shapes(child, path ? `${path}.${key}` : key, out);
    }
  }
  return out;
}

function union(answers: unknown[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const answer of answers) shapes(answer, "", out);
  return out;
}

function compareShapes(captured: Map<string, Set<string>>, simulated: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  for (const [path, keys] of captured) {
    const ours = simulated.get(path);
    if (!ours) problems.push(`${path || "(top)"}: missing in the simulated answer`);
    else for (const key of keys) if (!ours.has(key)) problems.push(`${path || "(top)"}: simulated answer lacks "${key}"`);
  }
  for (const [path, keys] of simulated) {
    const theirs = captured.get(path);
    if (!theirs) problems.push(`${path || "(top)"}: not in any captured answer`);
    else for (const key of keys) if (!theirs.has(key)) problems.push(`${path || "(top)"}: simulated "${key}" is in no captured answer`);
  }
  return problems;
}

const NODES = ["n1", "n2", "n3"];

for (const version of CAPTURED_VERSIONS) {
  describe(`simulated ${version} answers`, () => {
    test("validate against the dashboard's schemas, and have exactly the captured keys at every level", async () => {
      await withSimulator({ version, nodes: 3, streams: 12, consumersPerStream: 3, publishRate: 20 }, async (sim) => {
        const answers = await Promise.all(
          sim.urls.map(async (url) => ({
            varz: await get(`${url}/varz`),
            jsz: await get(`${url}${FULL_JSZ}`),
            healthz: await get(`${url}/healthz`),
          })),
        );
        for (const answer of answers) {
          for (const fetched of [answer.varz, answer.jsz, answer.healthz]) {
            assert.equal(fetched.status, 200);
            assert.equal(fetched.contentType, "application/json");
          }
          assert.ok(varzSchema.safeParse(JSON.parse(answer.varz.text)).success, "varz");
          const jsz = jszSchema.safeParse(JSON.parse(answer.jsz.text));
          assert.ok(jsz.success, jsz.success ? "" : JSON.stringify(jsz.error.issues.slice(0, 3)));
          assert.ok(healthzSchema.safeParse(JSON.parse(answer.healthz.text)).success, "healthz");
        }
        for (const endpoint of ["varz", "jsz"] as const) {
          const captured = union(NODES.map((node) => readCaptured(version, `${node}.${endpoint}.json`)));
          const simulated = union(answers.map((answer) => JSON.parse(answer[endpoint].text)));
          assert.deepEqual(compareShapes(captured, simulated), [], `${endpoint} shapes`);
        }
        assert.deepEqual(Object.keys(JSON.parse(answers[0].healthz.text)), Object.keys(readCaptured(version, "n1.healthz.json")));
      });
    });

    test("are printed as the HTTP monitor prints them: indented two spaces, HTML characters escaped, uint64 exact; /healthz compact", async () => {
      await withSimulator({ version, nodes: 3, streams: 2, consumersPerStream: 1 }, async (sim) => {
        const jsz = await get(`${sim.urls[0]}${FULL_JSZ}`);
        const captured = JSON.stringify(readCaptured(version, "n1.jsz.json"), null, 2);
        assert.equal(jsz.text.slice(0, 2), captured.slice(0, 2));
        assert.match(jsz.text, /^\{\n {2}"/);
        assert.doesNotMatch(jsz.text, /\n$/);
        assert.match(jsz.text, /"S0000\.\\u003e"/, "subjects print > as \\u003e, as Go's encoder does");
        assert.match(jsz.text, /"reserved_memory": 18446744073709551615,/);
        assert.equal(JSON.stringify(JSON.parse(jsz.text), null, 2).replace(/>/g, "\\u003e").replace(/18446744073709552000/g, "18446744073709551615"), jsz.text);
        assert.equal((await get(`${sim.urls[0]}/healthz`)).text, '{"status":"ok"}');
      });
    });
  });
}

test("a version with no captured answers is refused with the list of those that exist", async () => {
  await assert.rejects(withSimulator({ version: "2.7.0" }, async () => undefined), /no captured 2\.7\.0 answers .*have: .*2\.14\.5/);
});
