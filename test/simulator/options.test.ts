/** /jsz options behave as the real handlers of each version do (monitor.go `HandleJsz`, `Jsz`, `accountDetail`). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CAPTURED_VERSIONS } from "../../lib/model/__fixtures__/captured";
import { consumerEntries, everyJsz, get, jszOf, manualClock, streamEntries, withSimulator } from "./testing";

// Time stands still unless a test moves it: answers fetched one after the other describe the same moment.
const SMALL = { nodes: 3, streams: 9, consumersPerStream: 2, publishRate: 0, clock: manualClock().now } as const;

describe("stream-leader-only", () => {
  test("2.14: each node lists only the streams it leads, with every consumer it hosts under them; together each stream once", async () => {
    await withSimulator({ ...SMALL, version: "2.14.5", streams: 30 }, async (sim) => {
      const filtered = await everyJsz(sim, "/jsz?accounts=true&streams=true&consumers=true&stream-leader-only=true");
      const seen: string[] = [];
      let consumersLedElsewhere = 0;
      for (const [node, jsz] of filtered) {
        for (const stream of streamEntries(jsz)) {
          assert.equal(stream.cluster?.leader, node, `${node} lists ${stream.name}, led by ${stream.cluster?.leader}`);
          seen.push(stream.name);
          assert.equal(stream.consumer_detail?.length, 2, "every consumer of a kept stream, whoever leads it");
          consumersLedElsewhere += (stream.consumer_detail ?? []).filter((c) => c.cluster?.leader !== node).length;
        }
        assert.equal(jsz.streams, sim.state.node(node).streams.flat().length, "server totals still count every hosted stream");
      }
      assert.deepEqual(seen.sort(), sim.state.streams.map((s) => s.name).sort());
      assert.ok(consumersLedElsewhere > 0, "some kept consumers are led by another node (their entry is a follower's)");
    });
  });

  test("2.14: a stream without a leader is dropped on every node", async () => {
    const clock = manualClock();
    await withSimulator({ ...SMALL, version: "2.14.5", clock: clock.now, leaderlessMs: 2000 }, async (sim) => {
      sim.stepDown("S0003");
      const filtered = await everyJsz(sim, "/jsz?accounts=true&streams=true&stream-leader-only=true");
      const names = [...filtered.values()].flatMap((jsz) => streamEntries(jsz).map((s) => s.name));
      assert.ok(!names.includes("S0003"));
      assert.equal(names.length, 8);
      const unfiltered = await jszOf(sim, sim.nodeNames[sim.state.streams[3].peers[0]], "/jsz?accounts=true&streams=true");
      assert.ok(streamEntries(unfiltered).some((s) => s.name === "S0003" && s.cluster?.leader === undefined), "without the filter it is listed, leaderless");
    });
  });

  test("2.9.10 predates the option and answers everything", async () => {
    await withSimulator({ ...SMALL, version: "2.9.10" }, async (sim) => {
      for (const node of sim.nodeNames) {
        const plain = await jszOf(sim, node, "/jsz?accounts=true&streams=true&consumers=true");
        const filtered = await jszOf(sim, node, "/jsz?accounts=true&streams=true&consumers=true&stream-leader-only=true");
        assert.deepEqual(streamEntries(filtered).map((s) => s.name), streamEntries(plain).map((s) => s.name));
        assert.equal(streamEntries(plain).length, 9);
      }
    });
  });
});

for (const version of CAPTURED_VERSIONS) {
  describe(`${version}: leader-only, acc, config, paging`, () => {
    test("leader-only: 400 'filtered response: not leader' on the others, the meta leader answers with its peers", async () => {
      await withSimulator({ ...SMALL, version }, async (sim) => {
        const metaLeader = sim.nodeNames[sim.state.meta.leader];
        for (const node of sim.nodeNames) {
          const answer = await get(`${sim.url(node)}/jsz?leader-only=true`);
          if (node === metaLeader) {
            assert.equal(answer.status, 200);
            const jsz = JSON.parse(answer.text);
            assert.equal(jsz.meta_cluster.leader, metaLeader);
            assert.deepEqual(jsz.meta_cluster.replicas.map((r: { name: string }) => r.name), sim.nodeNames.filter((n) => n !== node));
          } else {
            assert.equal(answer.status, 400);
            assert.equal(answer.text, "filtered response: not leader");
          }
        }
      });
    });

    test("config: stream and consumer configs only when asked", async () => {
      await withSimulator({ ...SMALL, version }, async (sim) => {
        const withConfig = await jszOf(sim, "n1", "/jsz?accounts=true&streams=true&consumers=true&config=true");
        const without = await jszOf(sim, "n1", "/jsz?accounts=true&streams=true&consumers=true");
        assert.ok(streamEntries(withConfig).every((s) => s.config?.name === s.name && s.config?.num_replicas === 3));
        assert.ok(consumerEntries(withConfig).every((c) => c.config?.durable_name === c.name));
        assert.ok(streamEntries(without).every((s) => !("config" in s)));
        assert.ok(consumerEntries(without).every((c) => !("config" in c)));
        assert.equal(consumerEntries(without).length, consumerEntries(withConfig).length);
      });
    });

    test("details nest: consumers imply streams, streams imply accounts; accounts alone list no streams", async () => {
      await withSimulator({ ...SMALL, version }, async (sim) => {
        const plain = await jszOf(sim, "n1", "/jsz");
        assert.equal(plain.account_details, undefined);
        assert.ok(typeof plain.streams === "number" && plain.streams > 0);
        const accounts = await jszOf(sim, "n1", "/jsz?accounts=true");
        assert.equal(accounts.account_details?.length, 1);
        assert.equal(accounts.account_details?.[0].stream_detail, undefined);
        const consumers = await jszOf(sim, "n1", "/jsz?consumers=true");
        assert.ok(consumerEntries(consumers).length > 0);
      });
    });

    test("acc: only that account; offset and limit page the accounts", async () => {
      await withSimulator({ ...SMALL, version, accounts: 4, streams: 40 }, async (sim) => {
        const names = sim.state.accounts;
        assert.deepEqual(names, ["APP01", "APP02", "APP03", "APP04"]);
        const one = await jszOf(sim, "n1", "/jsz?acc=APP03&streams=true&consumers=true");
        assert.deepEqual(one.account_details?.map((a) => a.name), ["APP03"]);
        assert.ok(streamEntries(one).length > 0);
        assert.equal(one.streams, sim.state.nodes[0].streams.flat().length, "server totals cover every account");
        const page = (offset: number, limit: number) => jszOf(sim, "n1", `/jsz?accounts=true&offset=${offset}&limit=${limit}`).then((j) => j.account_details?.map((a) => a.name) ?? []);
        assert.deepEqual(await page(1, 2), ["APP02", "APP03"]);
        assert.deepEqual(await page(3, 2), ["APP04"]);
        assert.deepEqual(await page(9, 2), []);
        assert.deepEqual((await page(0, 2)).length, 2);
        const all = await jszOf(sim, "n1", "/jsz?accounts=true");
        assert.deepEqual(all.account_details?.map((a) => a.name).sort(), names);
      });
    });

    test("a bad boolean or integer is a 400 naming the parameter, as Go's strconv says it", async () => {
      await withSimulator({ ...SMALL, version }, async (sim) => {
        const bool = await get(`${sim.urls[0]}/jsz?streams=maybe`);
        assert.equal(bool.status, 400);
        assert.equal(bool.text, `Error decoding boolean for 'streams': strconv.ParseBool: parsing "maybe": invalid syntax`);
        const int = await get(`${sim.urls[0]}/jsz?accounts=true&limit=ten`);
        assert.equal(int.status, 400);
        assert.equal(int.text, `Error decoding int for 'limit': strconv.Atoi: parsing "ten": invalid syntax`);
        assert.equal((await get(`${sim.urls[0]}/jsz?streams=1&consumers=T`)).status, 200);
      });
    });
  });
}

describe("version differences in paging", () => {
  test("2.14: limit -1 lists every account; an unknown acc with streams lists none", async () => {
    await withSimulator({ ...SMALL, version: "2.14.5", accounts: 3 }, async (sim) => {
      assert.equal((await jszOf(sim, "n1", "/jsz?accounts=true&limit=-1")).account_details?.length, 3);
      assert.equal((await jszOf(sim, "n1", "/jsz?acc=NOPE&streams=true")).account_details, undefined);
      assert.equal((await jszOf(sim, "n1", "/jsz?accounts=true&offset=-5&limit=1")).account_details?.[0].name, "APP01");
    });
  });

  test("2.9.10: limit -1 panics the handler (the connection drops without an answer); an unknown acc with streams lists all", async () => {
    await withSimulator({ ...SMALL, version: "2.9.10", accounts: 3 }, async (sim) => {
      await assert.rejects(get(`${sim.urls[0]}/jsz?accounts=true&limit=-1`), /fetch failed/);
      assert.equal((await jszOf(sim, "n1", "/jsz?acc=NOPE&streams=true")).account_details?.length, 3);
      // The handler still works for the next request.
      assert.equal((await jszOf(sim, "n1", "/jsz?accounts=true&offset=1")).account_details?.[0].name, "APP02");
    });
  });
});
