import assert from "node:assert/strict";
import { test } from "node:test";
import { consumerHref, streamHref } from "./hrefs";

test("detail links encode each part and keep the cluster", () => {
  assert.equal(streamHref("east", "APP", "ORDERS"), "/streams/APP/ORDERS?cluster=east");
  assert.equal(streamHref(null, "$G", "a%b"), "/streams/%24G/a%25b");
  assert.equal(consumerHref("east", "APP", "ORDERS", "order processor"), "/streams/APP/ORDERS/consumers/order%20processor?cluster=east");
});
