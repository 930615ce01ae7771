import assert from "node:assert/strict";
import { test } from "node:test";
import { NextRequest } from "next/server";
import { wallLink } from "./admin";

test("a display link's wall URL: the public URL when configured, else the address the browser used", () => {
  const token = "jsw_abc";
  const request = (headers: Record<string, string>) => new NextRequest("http://localhost:3000/api/v1/admin/tokens", { headers });
  const cases: [Record<string, string>, string | undefined, string][] = [
    [{ host: "127.0.0.1:3000" }, undefined, "http://127.0.0.1:3000/wall?display=jsw_abc"],
    [{ host: "127.0.0.1:3000", "x-forwarded-host": "watch.example.com", "x-forwarded-proto": "https" }, undefined, "https://watch.example.com/wall?display=jsw_abc"],
    [{ host: "10.0.0.5:3000", "x-forwarded-host": "watch.example.com, inner", "x-forwarded-proto": "https,http" }, undefined, "https://watch.example.com/wall?display=jsw_abc"],
    [{ host: "127.0.0.1:3000" }, "https://watch.example.com/", "https://watch.example.com/wall?display=jsw_abc"],
  ];
  for (const [headers, publicUrl, expected] of cases) assert.equal(wallLink(token, request(headers), publicUrl), expected, JSON.stringify(headers));
});
