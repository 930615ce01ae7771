import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { ANSWER_DEADLINES, authHeaders, createMonitorAgents, endpointUrl, fetchEndpoint, pollNode, requestPath, type FetchOptions } from "./http-monitor";

const VARZ = { server_id: "NABC", server_name: "n1", version: "2.9.10", now: "2026-11-21T02:20:37Z", in_msgs: 1 };

/** Misbehaving "monitoring ports": each path answers the way some broken deployment does. */
const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  "/ok/varz": (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(VARZ)),
  "/gzip/varz": (_req, res) => res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(JSON.stringify(VARZ))),
  "/auth/varz": (req, res) =>
    req.headers.authorization === `Basic ${Buffer.from("mon:right").toString("base64")}`
      ? res.writeHead(200).end(JSON.stringify(VARZ))
      : res.writeHead(401, { "www-authenticate": "Basic" }).end("<html>401 Authorization Required</html>"),
  "/html/varz": (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body>Welcome to nginx!</body></html>"),
  "/garbage/varz": (_req, res) => res.writeHead(200).end("\u0000\u0001 certainly not json"),
  "/huge/varz": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(1024 * 1024, "x");
    for (let i = 0; i < 10; i++) res.write(chunk);
    res.end();
  },
  "/hugegzip/varz": (_req, res) => res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(Buffer.alloc(10 * 1024 * 1024, " "))),
  "/badgateway/varz": (_req, res) => res.writeHead(502).end("<html><center><h1>502 Bad Gateway</h1></center></html>"),
  "/teapot/varz": (_req, res) => res.writeHead(418).end("short and stout"),
  "/shape/varz": (_req, res) => res.writeHead(200).end(JSON.stringify({ server_id: 42, version: "2.15.3", now: "2026-12-06T09:00:00Z" })),
  // A large answer that keeps arriving, a piece every 150 ms, for longer than one deadline in all.
  "/slow/varz": (_req, res) => {
    const body = JSON.stringify(VARZ);
    res.writeHead(200, { "content-type": "application/json" });
    let at = 0;
    const next = () => {
      res.write(body.slice(at, at + 10));
      at += 10;
      if (at >= body.length) res.end();
      else setTimeout(next, 150);
    };
    next();
  },
  // Starts its answer, then stops, like a node SIGSTOPped mid-answer.
  "/stall/varz": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(JSON.stringify(VARZ).slice(0, 20));
  },
  // Keeps sending a byte at a time, never ending.
  "/trickle/varz": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write(" ")), 20);
  },
  "/hang/varz": () => {
    // never answers, like a SIGSTOPped nats-server
  },
  // Records what a poll asked of /jsz; answers an empty JetStream.
  "/asked/jsz": (req, res) => {
    askedJsz.push(new URL(req.url ?? "/", "http://x").search);
    res.writeHead(200).end(JSON.stringify({ streams: 0 }));
  },
  "/unhealthy/healthz": (_req, res) =>
    res.writeHead(503).end(JSON.stringify({ status: "unavailable", error: "JetStream has not established contact with a meta leader" })),
};

let server: http.Server;
let base: string;
const askedJsz: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (route) route(req, res);
    else res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const opts = (extra: Partial<FetchOptions> = {}): FetchOptions => ({ timeoutMs: 400, maxResponseBytes: 1024 * 1024, headers: {}, ...extra });

describe("fetchEndpoint classifies every outcome", () => {
  test("a valid answer is parsed and validated", async () => {
    const out = await fetchEndpoint(`${base}/ok`, "varz", opts());
    assert.ok(out.ok);
    assert.equal(out.data.server_name, "n1");
  });

  test("gzip answers are decoded", async () => {
    const out = await fetchEndpoint(`${base}/gzip`, "varz", opts());
    assert.ok(out.ok);
    assert.equal(out.data.version, "2.9.10");
  });

  const failures: [string, string, RegExp][] = [
    ["/auth", "auth-failed", /HTTP 401/],
    ["/html", "bad-json", /HTML/],
    ["/garbage", "bad-json", /not JSON/],
    ["/huge", "too-large", /limit/],
    ["/hugegzip", "too-large", /limit/],
    ["/badgateway", "unreachable", /HTTP 502 from the proxy/],
    ["/teapot", "http-error", /HTTP 418: short and stout/],
    ["/shape", "invalid", /^unexpected JSON shape at server_id: must be string$/],
    ["/hang", "timeout", /no answer within 400 ms/],
  ];
  for (const [path, kind, message] of failures) {
    test(`${path.slice(1)} → ${kind}`, async () => {
      const out = await fetchEndpoint(`${base}${path}`, "varz", opts());
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, kind);
      assert.match(out.message, message);
    });
  }

  test("an answer that keeps arriving is read, however long it takes in all", async () => {
    const started = Date.now();
    const out = await fetchEndpoint(`${base}/slow`, "varz", opts());
    assert.ok(Date.now() - started > 1000, "took longer than two deadlines");
    assert.equal(out.ok, true, out.ok ? "" : out.message);
  });

  test("an answer that stops arriving times out after one deadline without data", async () => {
    const out = await fetchEndpoint(`${base}/stall`, "varz", opts({ timeoutMs: 300 }));
    assert.equal(out.ok, false);
    if (out.ok) return;
    assert.equal(out.kind, "timeout");
    assert.match(out.message, /^the answer stopped for 300 ms after 20 bytes$/);
  });

  test("an answer that never ends is cut at ANSWER_DEADLINES deadlines", async () => {
    const started = Date.now();
    const out = await fetchEndpoint(`${base}/trickle`, "varz", opts({ timeoutMs: 50 }));
    const took = Date.now() - started;
    assert.equal(out.ok, false);
    if (out.ok) return;
    assert.equal(out.kind, "timeout");
    assert.match(out.message, new RegExp(`^the answer took longer than ${ANSWER_DEADLINES * 50} ms$`));
    assert.ok(took >= ANSWER_DEADLINES * 50 && took < ANSWER_DEADLINES * 50 + 1000, `took ${took} ms`);
  });

  test("a hung endpoint costs its timeout, not more", async () => {
    const started = Date.now();
    await fetchEndpoint(`${base}/hang`, "varz", opts({ timeoutMs: 300 }));
    const took = Date.now() - started;
    assert.ok(took < 1000, `took ${took} ms`);
  });

  test("nothing listening → refused", async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const out = await fetchEndpoint(`http://127.0.0.1:${port}`, "varz", opts());
    assert.equal(out.ok ? "ok" : out.kind, "refused");
  });

  test("correct basic auth is sent and accepted", async () => {
    const out = await fetchEndpoint(`${base}/auth`, "varz", opts({ headers: authHeaders({ user: "mon", password: "right" }) }));
    assert.ok(out.ok);
  });

  test("healthz failure with a JSON body is an answer, not a fetch failure", async () => {
    const out = await fetchEndpoint(`${base}/unhealthy`, "healthz", opts());
    assert.ok(out.ok);
    assert.equal(out.status, 503);
    assert.equal(out.data.status, "unavailable");
  });
});

test("pollNode fetches the three endpoints in parallel, so a hung node costs one timeout", async () => {
  const agents = createMonitorAgents({});
  const started = Date.now();
  const poll = await pollNode(`${base}/hang`, { urls: [], timeoutMs: 300, maxResponseBytes: 1 << 20 }, agents, { configs: false });
  const took = Date.now() - started;
  assert.equal(poll.varz.ok, false);
  assert.ok(took < 800, `took ${took} ms for three endpoints`);
  agents.http.destroy();
});

test("pollNode asks /jsz for streams and consumers, and for their configs only when the poll says so", async () => {
  const agents = createMonitorAgents({});
  const monitor = { urls: [], timeoutMs: 300, maxResponseBytes: 1 << 20 };
  askedJsz.length = 0;
  const plain = await pollNode(`${base}/asked`, monitor, agents, { configs: false });
  const withConfigs = await pollNode(`${base}/asked`, monitor, agents, { configs: true });
  agents.http.destroy();
  assert.ok(plain.jsz.ok && withConfigs.jsz.ok);
  assert.deepEqual(askedJsz, ["?accounts=true&streams=true&consumers=true", "?accounts=true&streams=true&consumers=true&config=true"]);
});

test("a poll that reads the configs asks /jsz for them and nothing else differs", () => {
  assert.equal(requestPath("jsz", { configs: true }), "/jsz?accounts=true&streams=true&consumers=true&config=true");
  assert.equal(requestPath("jsz", { configs: false }), "/jsz?accounts=true&streams=true&consumers=true");
  for (const endpoint of ["varz", "healthz", "connz"] as const) assert.equal(requestPath(endpoint, { configs: true }), requestPath(endpoint, { configs: false }));
});

test("endpoint URLs keep a proxy path prefix", () => {
  assert.equal(endpointUrl("https://proxy.example/nats/n1/", "/jsz?accounts=true").toString(), "https://proxy.example/nats/n1/jsz?accounts=true");
  assert.equal(endpointUrl("http://127.0.0.1:8222", "/varz").toString(), "http://127.0.0.1:8222/varz");
});

test("bearer token header", () => {
  assert.deepEqual(authHeaders({ token: "abc" }), { authorization: "Bearer abc" });
  assert.deepEqual(authHeaders({}), {});
});
