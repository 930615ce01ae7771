import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Principal } from "../auth/authenticate";
import type { AlertRecord } from "../alerts/engine";
import { LeaderUnavailable, type ClusterCollector } from "../hub";
import { ApiError } from "./errors";

/** Reads and validates a JSON body; a typed 400 names the bad field. */
export async function jsonBody<S extends z.ZodType>(req: NextRequest, schema: S): Promise<z.infer<S>> {
  if (!req.headers.get("content-type")?.includes("application/json")) throw new ApiError("bad-request", "send a JSON body (content-type: application/json)");
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new ApiError("bad-request", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError("bad-request", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  return parsed.data;
}

export function operatorName(principal: Principal): string {
  if (principal.kind === "user") return principal.name;
  // Display links never reach the alert actions (withAuth answers them 403); named for completeness.
  return principal.kind === "display" ? `display ${principal.name}` : `token ${principal.name}`;
}

/**
 * The answer to an acknowledgement or a silence that was taken: 200 once the store keeps it; 202,
 * saying so, when the store cannot take it now (it is in effect here, and written once the store
 * is back; a restart before then would forget it).
 */
export function actionTaken(collector: ClusterCollector, record: AlertRecord, done: string): Response {
  if (collector.alertStateKeptNow()) return Response.json({ alert: record });
  const message = `${done}, but the store is unavailable: it is saved once the store is back (a restart of this dashboard before then forgets it)`;
  return Response.json({ alert: record, kept: false, message }, { status: 202 });
}

/** For `.catch` of an alert action: no leader took it (replicas, lib/replicas/) is a 503 that says so; anything else goes on up. */
export function leaderUnavailable(err: unknown): never {
  if (LeaderUnavailable.is(err)) throw new ApiError("unavailable", err.message);
  throw err;
}
