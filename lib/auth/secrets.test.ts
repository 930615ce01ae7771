import assert from "node:assert/strict";
import { test } from "node:test";
import { matchDisplayToken, sameSecret } from "./secrets";

test("secrets compare equal only when identical, whatever their lengths", () => {
  assert.equal(sameSecret("0123456789abcdef", "0123456789abcdef"), true);
  assert.equal(sameSecret("0123456789abcdeF", "0123456789abcdef"), false);
  assert.equal(sameSecret("0123456789abcdef0", "0123456789abcdef"), false);
  assert.equal(sameSecret("", "0123456789abcdef"), false);
});

test("a display token names its display; anything else, missing or empty, names none", () => {
  const tokens = [
    { name: "noc-tv", token: "noc-tv-0123456789abcdef" },
    { name: "ops-room", token: "ops-room-0123456789abcdef" },
  ];
  assert.equal(matchDisplayToken("ops-room-0123456789abcdef", tokens)?.name, "ops-room");
  assert.equal(matchDisplayToken("noc-tv-0123456789abcdef", tokens)?.name, "noc-tv");
  for (const given of ["noc-tv-0123456789abcde", "NOC-TV-0123456789ABCDEF", "", null, undefined])
    assert.equal(matchDisplayToken(given, tokens), null, String(given));
  assert.equal(matchDisplayToken("noc-tv-0123456789abcdef", []), null);
});
