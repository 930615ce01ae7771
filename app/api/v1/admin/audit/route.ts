import { auditView, requireAdminStore } from "@/lib/api/admin";
import { apiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";
import { auditCsvHeader, auditCsvLines, type AuditKind } from "@/lib/history/audit";
import type { HistoryStore } from "@/lib/history/store";
import { parseAuditQuery } from "@/lib/view/audit-query";

export const dynamic = "force-dynamic";

const EXPORT_PAGE = 1000;

/** Every entry of the kind (all kinds when null), newest first, read a page at a time as the download goes. */
function csvStream(store: HistoryStore, kind: AuditKind | null | undefined): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let beforeId: number | null = null;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(auditCsvHeader()));
        return;
      }
      const page = await store.audit.auditEntries({ kind, beforeId, limit: EXPORT_PAGE });
      if (page.length > 0) controller.enqueue(encoder.encode(auditCsvLines(page)));
      if (page.length < EXPORT_PAGE) controller.close();
      else beforeId = page[page.length - 1].id;
    },
  });
}

/**
 * The audit log, newest first: `kind=` one kind, `before=<id>` the next page, `limit=` (default 50,
 * at most 500); JSON with `nextBefore` for the next page. `format=csv`: every entry (of the kind),
 * as a download.
 */
export const GET = withAuth(
  async (req) => {
    const store = requireAdminStore();
    const params = req.nextUrl.searchParams;
    const format = params.get("format") ?? "json";
    if (format !== "json" && format !== "csv") return apiError("bad-request", `format: "${format}" must be json or csv`);
    const query = parseAuditQuery(params);
    if ("error" in query) return apiError("bad-request", query.error);
    if (format === "csv") {
      const name = `jetstream-watch-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      return new Response(csvStream(store, query.kind), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
      });
    }
    const entries = await store.audit.auditEntries(query);
    const nextBefore = entries.length === query.limit ? entries[entries.length - 1].id : null;
    return Response.json({ entries: entries.map(auditView), nextBefore }, { headers: { "cache-control": "no-store" } });
  },
  { role: "admin", action: "reading the audit log" },
);
