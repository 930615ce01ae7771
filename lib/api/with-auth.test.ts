/**
 * The API wrapper's answers, before any hub runs: who may call, what a handler's thrown ApiError
 * becomes, that other errors are not leaked, and that `{ cluster: true }` answers for the cluster
 * before the handler runs (503 while the collectors start).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { NextRequest } from "next/server";
import { ApiError } from "./errors";
import { withAuth } from "./with-auth";

const API_TOKEN = "api-token-0123456789abcdef";
const DISPLAY_TOKEN = "display-token-0123456789abcdef";
// The configuration is read at the first request, so the environment set here is the one it sees.
Object.assign(process.env, {
  NATS_MONITOR_URLS: "http://127.0.0.1:8222",
  DASHBOARD_API_TOKEN: API_TOKEN,
  DASHBOARD_DISPLAY_TOKEN: DISPLAY_TOKEN,
  AUTH_SECRET: "auth-secret-0123456789abcdef0123456789",
  HISTORY_PATH: "off",
});

const request = (token: string | null, path = "/api/v1/snapshot") =>
  new NextRequest(`http://127.0.0.1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function answer(res: Response) {
  return { status: res.status, body: await res.json(), cache: res.headers.get("cache-control") };
}

test("401 without credentials, with the bearer challenge; 403 for a display link where it may not read", async () => {
  const route = withAuth(() => Response.json({ ok: true }));
  const anonymous = await route(request(null), {});
  assert.equal(anonymous.headers.get("www-authenticate"), 'Bearer realm="jetstream-watch"');
  assert.deepEqual(await answer(anonymous), {
    status: 401,
    body: { error: { code: "unauthorized", message: "log in, or send Authorization: Bearer <api token>" } },
    cache: "no-store",
  });
  assert.deepEqual(await answer(await route(request(DISPLAY_TOKEN), {})), {
    status: 403,
    body: { error: { code: "forbidden", message: "a display link can only read what the wall display shows" } },
    cache: "no-store",
  });
  assert.equal((await withAuth(() => new Response("ok"), { display: true })(request(DISPLAY_TOKEN), {})).status, 200);
  assert.equal((await route(request(API_TOKEN), {})).status, 200);
});

test("a thrown ApiError is its typed answer; any other error is a 500 that says nothing of it", async () => {
  const bad = withAuth(() => {
    throw new ApiError("bad-request", "limit must be a whole number", { "retry-after": "2" });
  });
  const res = await bad(request(API_TOKEN), {});
  assert.equal(res.headers.get("retry-after"), "2");
  assert.deepEqual(await answer(res), { status: 400, body: { error: { code: "bad-request", message: "limit must be a whole number" } }, cache: "no-store" });

  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    const broken = withAuth(() => {
      throw new Error("secret detail");
    });
    const failed = await answer(await broken(request(API_TOKEN), {}));
    assert.deepEqual(failed, { status: 500, body: { error: { code: "internal", message: "internal error; see the server log" } }, cache: "no-store" });
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, 1, "the error is logged on the server");
});

test("{ cluster: true }: without a running hub the handler never runs and the answer is 503", async () => {
  let ran = false;
  const route = withAuth(
    () => {
      ran = true;
      return new Response("ok");
    },
    { cluster: true },
  );
  assert.deepEqual(await answer(await route(request(API_TOKEN, "/api/v1/snapshot?cluster=main"), {})), {
    status: 503,
    body: { error: { code: "unavailable", message: "the collectors are starting" } },
    cache: "no-store",
  });
  assert.equal(ran, false);
});
