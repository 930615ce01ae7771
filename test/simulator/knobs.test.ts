/**
 * The knobs do what they say, seen through the answers (and, for failing ports, through the
 * dashboard's own fetcher): traffic moves counters, churn moves leaders with a leaderless gap,
 * lag shows in the leader's view, slow, failing, hung and killed nodes answer as configured.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { describe, test } from "node:test";
import { fetchEndpoint, type FetchOptions } from "../../lib/sources/http-monitor";
import type { Jsz } from "../../lib/sources/monitor-schemas";
import type { FailureMode, Simulator } from "./simulator";
import { everyJsz, get, jszOf, manualClock, streamEntries, withSimulator } from "./testing";

const STREAMS_ONLY = "/jsz?accounts=true&streams=true";

/** Each stream's leader as its replicas report it ("" when they name none); throws when they disagree. */
function streamLeaders(answers: Map<string, Jsz>): Map<string, string> {
  const leaders = new Map<string, string>();
  for (const jsz of answers.values()) {
    for (const stream of streamEntries(jsz)) {
      const leader = stream.cluster?.leader ?? "";
      const before = leaders.get(stream.name);
      if (before !== undefined && before !== leader) throw new Error(`${stream.name}: replicas disagree (${before} / ${leader})`);
      leaders.set(stream.name, leader);
    }
  }
  return leaders;
}

function leaderEntries(answers: Map<string, Jsz>) {
  return [...answers].flatMap(([node, jsz]) => streamEntries(jsz).filter((s) => s.cluster?.leader === node));
}

describe("traffic", () => {
  test("published messages reach the streams' counters and healthy consumers keep up", async () => {
    const clock = manualClock();
    await withSimulator({ nodes: 3, streams: 20, consumersPerStream: 2, publishRate: 100, slowConsumerShare: 0, clock: clock.now }, async (sim) => {
      const total = async () => leaderEntries(await everyJsz(sim)).reduce((sum, s) => sum + s.state.messages, 0);
      const before = await total();
      clock.advance(10_000);
      assert.equal((await total()) - before, 1000);
      const consumers = streamEntries(await jszOf(sim, "n1")).flatMap((s) => s.consumer_detail ?? []).filter((c) => c.cluster?.leader === "n1");
      assert.ok(consumers.length > 0);
      for (const consumer of consumers) assert.equal(consumer.num_pending, 0, "a healthy consumer has taken everything");
      assert.ok(consumers.some((c) => (c.num_ack_pending ?? 0) > 0 || c.num_waiting === 1));
    });
  });

  test("hot streams: traffic goes to that many streams only, spread over all", async () => {
    const clock = manualClock();
    await withSimulator({ nodes: 3, streams: 20, consumersPerStream: 0, publishRate: 0, clock: clock.now }, async (sim) => {
      const counts = async () => new Map(leaderEntries(await everyJsz(sim, STREAMS_ONLY)).map((s) => [s.name, s.state.messages]));
      const before = await counts();
      sim.setPublishRate(100, 4);
      clock.advance(5000);
      const after = await counts();
      const grown = [...after].filter(([name, messages]) => messages > (before.get(name) ?? 0)).map(([name]) => name).sort();
      assert.deepEqual(grown, ["S0000", "S0005", "S0010", "S0015"]);
      assert.equal(sim.stats().published, 500);
    });
  });
});

describe("leader churn", () => {
  test("elections move stream leaders to other replicas, each after a gap without a leader", async () => {
    const clock = manualClock();
    await withSimulator({ nodes: 3, streams: 12, consumersPerStream: 1, publishRate: 0, electionsPerMinute: 120, leaderlessMs: 1000, clock: clock.now }, async (sim) => {
      const first = streamLeaders(await everyJsz(sim, STREAMS_ONLY));
      let leaderlessSeen = 0;
      let latest = first;
      for (let step = 0; step < 60; step++) {
        clock.advance(250);
        latest = streamLeaders(await everyJsz(sim, STREAMS_ONLY));
        leaderlessSeen += [...latest.values()].filter((leader) => leader === "").length;
      }
      const moved = [...latest].filter(([name, leader]) => leader !== "" && leader !== first.get(name));
      assert.ok(leaderlessSeen > 0, "some stream was seen without a leader on every replica");
      assert.ok(moved.length > 0, "some leaders moved");
    });
  });

  test("a stepdown: no leader for leaderlessMs, then another replica leads", async () => {
    const clock = manualClock();
    await withSimulator({ nodes: 3, streams: 3, consumersPerStream: 0, publishRate: 0, leaderlessMs: 1500, clock: clock.now }, async (sim) => {
      const before = streamLeaders(await everyJsz(sim, STREAMS_ONLY)).get("S0001");
      sim.stepDown("S0001");
      assert.equal(streamLeaders(await everyJsz(sim, STREAMS_ONLY)).get("S0001"), "");
      clock.advance(1400);
      assert.equal(streamLeaders(await everyJsz(sim, STREAMS_ONLY)).get("S0001"), "");
      clock.advance(200);
      const after = streamLeaders(await everyJsz(sim, STREAMS_ONLY)).get("S0001");
      assert.ok(after && after !== before, `moved from ${before} to ${after}`);
    });
  });
});

describe("replica lag", () => {
  test("a lagging follower: the leader reports it not current with its lag; its own copy is behind", async () => {
    await withSimulator({ nodes: 3, streams: 6, consumersPerStream: 0, initialMessages: 20, publishRate: 0, clock: manualClock().now }, async (sim) => {
      sim.setLag({ share: 0, ops: 7, node: "n2" });
      const answers = await everyJsz(sim, STREAMS_ONLY);
      let checked = 0;
      for (const [node, jsz] of answers) {
        for (const stream of streamEntries(jsz).filter((s) => s.cluster?.leader === node)) {
          for (const replica of stream.cluster?.replicas ?? []) {
            assert.equal(replica.current, replica.name !== "n2", `${stream.name}: ${replica.name}`);
            assert.equal(replica.lag, replica.name === "n2" ? 7 : undefined);
          }
          const copy = streamEntries(answers.get("n2")!).find((s) => s.name === stream.name);
          if (copy && node !== "n2") {
            assert.equal(copy.state.messages, stream.state.messages - Math.min(7, stream.state.messages));
            checked += 1;
          }
        }
      }
      assert.ok(checked > 0);
    });
  });

  test("a share of followers lags", async () => {
    await withSimulator({ nodes: 3, streams: 200, consumersPerStream: 0, publishRate: 0, lag: { share: 0.25, ops: 300 }, clock: manualClock().now }, async (sim) => {
      const followers = leaderEntries(await everyJsz(sim, STREAMS_ONLY)).flatMap((s) => s.cluster?.replicas ?? []);
      const lagging = followers.filter((r) => r.lag === 300 && r.current === false).length;
      assert.equal(followers.length, 400);
      assert.ok(lagging > 400 * 0.15 && lagging < 400 * 0.35, `${lagging} of 400 lag`);
    });
  });
});

// A connection per request: a pooled socket to a port just closed would fail as a reset, not a refusal.
const FETCH: FetchOptions = { timeoutMs: 400, maxResponseBytes: 16 << 20, headers: {}, agent: new http.Agent({ keepAlive: false }) };

async function outcome(sim: Simulator, node: string, endpoint: "varz" | "jsz" | "healthz") {
  const result = await fetchEndpoint(sim.url(node), endpoint, FETCH);
  return result.ok ? "ok" : `${result.kind}: ${result.message}`;
}

describe("failing, slow, hung and killed nodes", () => {
  test("each failure mode reaches the dashboard's fetcher as the failure it imitates; healing restores the answers", async () => {
    await withSimulator({ nodes: 3, streams: 3, consumersPerStream: 1 }, async (sim) => {
      const expected: [FailureMode, RegExp][] = [
        ["refuse", /^refused: /],
        ["hang", /^timeout: no answer within 400 ms/],
        ["401", /^auth-failed: HTTP 401/],
        ["html", /^bad-json: answered HTML/],
        ["garbage", /^bad-json: answered something that is not JSON/],
        ["503", /^http-error: HTTP 503/],
      ];
      for (const [mode, pattern] of expected) {
        await sim.setFailure("n2", { mode });
        assert.match(await outcome(sim, "n2", "varz"), pattern, mode);
        assert.equal(await outcome(sim, "n1", "varz"), "ok");
        await sim.setFailure("n2", null);
        assert.equal(await outcome(sim, "n2", "varz"), "ok", `healed after ${mode}`);
      }
    });
  });

  test("a failure can hit some endpoints only", async () => {
    await withSimulator({ nodes: 3, streams: 3, consumersPerStream: 1, failures: { n3: { mode: "401", endpoints: ["jsz"] } } }, async (sim) => {
      assert.match(await outcome(sim, "n3", "jsz"), /^auth-failed/);
      assert.equal(await outcome(sim, "n3", "varz"), "ok");
      assert.equal(await outcome(sim, "n3", "healthz"), "ok");
    });
  });

  test("a slow node answers after its delay; the others do not wait", async () => {
    await withSimulator({ nodes: 3, streams: 3, consumersPerStream: 1, slow: { n1: 300 } }, async (sim) => {
      const [slow, fast] = await Promise.all([get(`${sim.url("n1")}/varz`), get(`${sim.url("n2")}/varz`)]);
      assert.equal(slow.status, 200);
      assert.ok(slow.ms >= 290, `slow node answered after ${slow.ms} ms`);
      assert.ok(fast.ms < 250, `fast node answered after ${fast.ms} ms`);
    });
  });

  test("a hung node answers nothing until resumed; its peers stop hearing from it and replace the leaders it had", async () => {
    const clock = manualClock();
    await withSimulator({ nodes: 3, streams: 12, consumersPerStream: 1, publishRate: 0, failoverMs: 5000, leaderlessMs: 1000, clock: clock.now }, async (sim) => {
      const led = [...streamLeaders(await everyJsz(sim, STREAMS_ONLY))].filter(([, leader]) => leader === "n2").map(([name]) => name);
      assert.ok(led.length > 0);
      sim.hang("n2");
      const held = get(`${sim.url("n2")}/varz`, 5000);
      held.catch(() => undefined); // awaited below; a failed assertion before that must not leave it unhandled
      assert.match(await outcome(sim, "n2", "varz"), /^timeout/);
      clock.advance(3000);
      // The leader of a stream n2 follows, and a follower of a stream n2 leads, no longer hear from it.
      const n1 = await jszOf(sim, "n1", STREAMS_ONLY);
      const seenBy = streamEntries(n1).filter((s) => s.cluster?.leader === "n1" || s.cluster?.leader === "n2");
      assert.ok(seenBy.some((s) => s.cluster?.replicas?.some((r) => r.name === "n2")));
      for (const stream of seenBy) {
        const n2 = stream.cluster?.replicas?.find((r) => r.name === "n2");
        if (!n2) continue;
        assert.equal(n2.current, false, `${stream.name}: n2 not current`);
        assert.ok((n2.active ?? 0) >= 3e9, `${stream.name}: n2 last heard ${n2.active} ns ago`);
        if (led.includes(stream.name)) assert.equal(stream.cluster?.leader, "n2", "not failed over yet");
      }
      clock.advance(2000 + 1000);
      const after = await Promise.all(["n1", "n3"].map((node) => jszOf(sim, node, STREAMS_ONLY)));
      for (const name of led) {
        const leaders = after.flatMap((jsz) => streamEntries(jsz).filter((s) => s.name === name).map((s) => s.cluster?.leader));
        assert.ok(leaders.length > 0 && leaders.every((l) => l === leaders[0] && l !== "n2" && l !== undefined), `${name} failed over to ${leaders.join("/")}`);
      }
      sim.resume("n2");
      const answer = await held;
      assert.equal(answer.status, 200, "the request held while hung is answered on resume");
      assert.equal(JSON.parse(answer.text).server_name, "n2");
    });
  });

  test("a killed node refuses connections; restarted, it answers with a new uptime", async () => {
    await withSimulator({ nodes: 3, streams: 3, consumersPerStream: 1 }, async (sim) => {
      await sim.kill("n3");
      assert.match(await outcome(sim, "n3", "varz"), /^refused/);
      await sim.restart("n3");
      const varz = JSON.parse((await get(`${sim.url("n3")}/varz`)).text);
      assert.equal(varz.uptime, "0s");
      assert.equal(varz.server_name, "n3");
    });
  });

  test("healthz answers 503 when the node knows no meta leader (a majority of the cluster is down)", async () => {
    const clock = manualClock();
    await withSimulator({ nodes: 3, streams: 2, consumersPerStream: 0, failoverMs: 1000, leaderlessMs: 500, clock: clock.now }, async (sim) => {
      const metaLeader = sim.nodeNames[sim.state.meta.leader];
      const [other, survivor] = sim.nodeNames.filter((n) => n !== metaLeader);
      await sim.kill(metaLeader);
      await sim.kill(other);
      clock.advance(2000);
      const health = await get(`${sim.url(survivor)}/healthz`);
      assert.equal(health.status, 503);
      assert.deepEqual(JSON.parse(health.text), { status: "unavailable", error: "JetStream has not established contact with a meta leader" });
      const meta = JSON.parse((await get(`${sim.url(survivor)}/jsz`)).text).meta_cluster;
      assert.equal(meta.leader, undefined);
      assert.equal("peer" in meta, !sim.behaviour.metaPeersOnEveryServer, "2.15 prints no peer hash without a leader; older lines the hash of an empty name");
      await sim.restart(other);
      clock.advance(100);
      assert.equal((await get(`${sim.url(survivor)}/healthz`)).status, 200, "a majority again elects a meta leader");
    });
  });
});
