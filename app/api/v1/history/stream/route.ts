import { apiError } from "@/lib/api/errors";
import { seriesResponse, wantsStoredHistory } from "@/lib/api/history-param";
import { requiredParams } from "@/lib/api/params";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

/**
 * A stream's recent depth, growth and per-replica lag (in memory, ~15 minutes); with `range=` or
 * `from=`/`to=`, its depth and messages stored from the history store.
 */
export const GET = withAuth((req, { collector }) => {
  const q = requiredParams(req, ["account", "name"]);
  if (wantsStoredHistory(req)) return seriesResponse(req, collector, { kind: "stream", account: q.account, name: q.name });
  const history = collector.streamHistory(q.account, q.name);
  if (!history) return apiError("not-found", `no recent history of stream ${q.account} > ${q.name}`);
  return Response.json(history, { headers: { "cache-control": "no-store" } });
}, { cluster: true });
