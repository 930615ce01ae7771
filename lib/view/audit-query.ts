/**
 * The audit log's query, the same in the admin page's URL and the API's:
 * `kind=<kind>` (one kind; all when absent), `before=<id>` (the next page: entries older than
 * that one), `limit=<n>`.
 */
import { AUDIT_KINDS, isAuditKind, type AuditQuery } from "../history/audit";
import { readParam, type ParamSource } from "./url-state";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE_SIZE = 500;

export function parseAuditQuery(source: ParamSource): AuditQuery | { error: string } {
  const kind = readParam(source, "kind");
  if (kind !== null && !isAuditKind(kind)) return { error: `kind: "${kind}" is not one of ${AUDIT_KINDS.join(", ")}` };
  const before = readParam(source, "before");
  if (before !== null && !/^[1-9]\d{0,15}$/.test(before)) return { error: `before: "${before}" must be an entry's id (a whole number from 1)` };
  const limit = readParam(source, "limit");
  if (limit !== null && !(/^\d{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= AUDIT_MAX_PAGE_SIZE))
    return { error: `limit: "${limit}" must be a whole number from 1 to ${AUDIT_MAX_PAGE_SIZE}` };
  return { kind, beforeId: before === null ? null : Number(before), limit: limit === null ? AUDIT_PAGE_SIZE : Number(limit) };
}
