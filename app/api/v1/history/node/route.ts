import { seriesResponse } from "@/lib/api/history-param";
import { requiredParams } from "@/lib/api/params";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

/** One node's rates, storage, CPU, memory and up/down over `range=` or `from=`/`to=`, from the history store. */
export const GET = withAuth((req, { collector }) => {
  const q = requiredParams(req, ["node"]);
  return seriesResponse(req, collector, { kind: "node", node: q.node });
}, { cluster: true });
