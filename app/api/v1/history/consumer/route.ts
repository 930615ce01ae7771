import { apiError } from "@/lib/api/errors";
import { seriesResponse, wantsStoredHistory } from "@/lib/api/history-param";
import { requiredParams } from "@/lib/api/params";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

/**
 * A consumer's recent pending, ack pending, redelivered, waiting and ack rate (in memory, ~15
 * minutes); with `range=` or `from=`/`to=`, the same figures from the history store.
 */
export const GET = withAuth((req, { collector }) => {
  const q = requiredParams(req, ["account", "stream", "name"]);
  if (wantsStoredHistory(req)) return seriesResponse(req, collector, { kind: "consumer", account: q.account, stream: q.stream, name: q.name });
  const history = collector.consumerHistory(q.account, q.stream, q.name);
  if (!history) return apiError("not-found", `no recent history of consumer ${q.account} > ${q.stream} > ${q.name}`);
  return Response.json(history, { headers: { "cache-control": "no-store" } });
}, { cluster: true });
