import type { NextRequest } from "next/server";
import { ApiError } from "./errors";

/** The named query parameters; a 400 names the missing ones. */
export function requiredParams<K extends string>(req: NextRequest, names: readonly K[]): Record<K, string> {
  const params = req.nextUrl.searchParams;
  const missing = names.filter((n) => !params.get(n));
  if (missing.length) throw new ApiError("bad-request", `missing query parameter(s): ${missing.join(", ")}`);
  return Object.fromEntries(names.map((n) => [n, params.get(n)!])) as Record<K, string>;
}
