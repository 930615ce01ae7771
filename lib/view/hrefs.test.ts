import assert from "node:assert/strict";
import { test } from "node:test";
import { consumerHref, nodeHref, streamHref } from "./hrefs";

test("detail links encode each part and keep the cluster", () => {
  assert.equal(streamHref("east", "APP", "ORDERS"), "/streams/APP/ORDERS?cluster=east");
  assert.equal(streamHref(null, "$G", "a%b"), "/streams/%24G/a%25b");
  assert.equal(consumerHref("east", "APP", "ORDERS", "order processor"), "/streams/APP/ORDERS/consumers/order%20processor?cluster=east");
});

test("node links encode the name and keep the cluster", () => {
  assert.equal(nodeHref("east", "n1"), "/nodes/n1?cluster=east");
  assert.equal(nodeHref(null, "nats a/b"), "/nodes/nats%20a%2Fb");
});
