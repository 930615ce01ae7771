import { seriesResponse } from "@/lib/api/history-param";
import { withAuth } from "@/lib/api/with-auth";

export const dynamic = "force-dynamic";

/** The cluster's throughput (in, out, stored) and nodes up over `range=` or `from=`/`to=`, from the history store. */
export const GET = withAuth((req, { collector }) => seriesResponse(req, collector, { kind: "cluster" }), { cluster: true });
