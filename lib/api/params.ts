import type { NextRequest } from "next/server";
import { apiError } from "./errors";

/** The named query parameters, or a 400 naming the missing ones. */
export function requiredParams<K extends string>(req: NextRequest, names: readonly K[]): Record<K, string> | Response {
  const params = req.nextUrl.searchParams;
  const missing = names.filter((n) => !params.get(n));
  if (missing.length) return apiError("bad-request", `missing query parameter(s): ${missing.join(", ")}`);
  return Object.fromEntries(names.map((n) => [n, params.get(n)!])) as Record<K, string>;
}
